import { ROLE_SPECS } from '../common/auth/roles';
import { ConfigError, loadConfig } from './core/config';
import { startServer } from './server';

async function main() {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const running = await startServer(config, { onProgress: (m) => console.log(`[demo] ${m}`) });
  const log = running.app.log;
  console.log(
    `\n  振兴 Zhenxing is running: ${running.url}\n  API docs: ${running.url}/api/docs\n  Database: ${running.deps.db.description}\n`,
  );
  if (running.demoAccounts) {
    console.log(
      '  Demo town 马镇 (610881111) seeded. Demo accounts — these passwords are shown only this once:',
    );
    for (const a of running.demoAccounts) {
      console.log(
        `    ${a.username.padEnd(12)} ${a.password.padEnd(14)} ${ROLE_SPECS[a.role].zh}（${a.displayName}）`,
      );
    }
    console.log('');
  }
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    const timer = setTimeout(() => {
      log.error('graceful shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    timer.unref();
    try {
      await running.stop();
      log.info('stopped cleanly');
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(`Zhenxing could not start: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.ZX_LOG_LEVEL === 'debug') console.error(err);
  process.exit(1);
});
