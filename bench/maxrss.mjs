// Loaded with --import by the benchmark: reports the process's peak resident memory at exit.
process.on('exit', () => {
  process.stderr.write(`ZX_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
});
