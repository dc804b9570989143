/**
 * A progress bar on stderr for long CLI work. On a terminal it redraws one line; in a log
 * (CI, cron) it prints a line at most every 10%, so logs stay readable.
 */
export interface Progress {
  update(done: number, total?: number, note?: string): void;
  done(message?: string): void;
}

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY);
  let lastDecile = -1;
  let lastDraw = 0;
  let total = 0;
  const width = 28;
  return {
    update(done, t, note) {
      if (t !== undefined) total = t;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      if (tty) {
        const now = Date.now();
        if (now - lastDraw < 80 && ratio < 1) return;
        lastDraw = now;
        const filled = Math.round(ratio * width);
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        const count = total > 0 ? `${done}/${total}` : `${done}`;
        stream.write(`\r${label} ${bar} ${Math.round(ratio * 100)}% ${count}${note ? ` ${note}` : ''}\x1b[K`);
      } else {
        const decile = Math.floor(ratio * 10);
        if (decile > lastDecile) {
          lastDecile = decile;
          stream.write(`${label} ${decile * 10}%${total > 0 ? ` (${done}/${total})` : ''}\n`);
        }
      }
    },
    done(message) {
      if (tty) stream.write(`\r${label} ${'█'.repeat(width)} 100%\x1b[K\n`);
      if (message) stream.write(`${message}\n`);
    },
  };
}
