import type { FastifyInstance } from 'fastify';
import { type BuildOptions, buildApp } from './app';
import { type Clock, systemClock } from './core/clock';
import type { Config } from './core/config';
import { createDb, type Db } from './core/db/database';
import { migrateToLatest } from './core/db/migrate';
import type { AppDeps } from './core/http/context';
import { Scheduler } from './core/jobs/jobs';
import { type DemoAccount, isEmptyDatabase, seedDemo } from './demo/seed';
import { MODULES } from './modules';

export interface Running {
  app: FastifyInstance;
  deps: AppDeps;
  url: string;
  demoAccounts: DemoAccount[] | null;
  scheduler: Scheduler;
  stop: () => Promise<void>;
}

/** config → database → migrations → (demo seed) → listen. Used by main.ts, tests and bench. */
export async function startServer(
  config: Config,
  opts: BuildOptions & { clock?: Clock; db?: Db; onProgress?: (m: string) => void; noJobs?: boolean } = {},
): Promise<Running> {
  const db =
    opts.db ??
    createDb(config.databaseUrl, {
      sqliteSynchronous: config.sqliteSynchronous,
      pgPoolMax: config.pgPoolMax,
    });
  const clock = opts.clock ?? systemClock;
  await migrateToLatest(db);
  let demoAccounts: DemoAccount[] | null = null;
  if (config.demo && (await isEmptyDatabase(db))) {
    demoAccounts = await seedDemo({
      db,
      clock,
      password: config.demoPassword,
      progress: opts.onProgress,
      dataDir: config.dataDir,
    });
  }
  if (config.sqliteGroupCommit) db.setGroupCommit?.({ maxMembers: 64, maxWaitMs: 10 });
  const deps: AppDeps = { config, db, clock };
  const app = await buildApp(deps, opts);
  await app.listen({ port: config.port, host: config.host });
  const addr = app.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const scheduler = new Scheduler(
    { db, clock, log: app.log },
    MODULES.flatMap((m) => m.jobs ?? []),
  );
  deps.scheduler = scheduler;
  if (!opts.noJobs) scheduler.start();
  let stopped = false;
  return {
    app,
    deps,
    url,
    demoAccounts,
    scheduler,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      deps.shuttingDown = true;
      scheduler.stop();
      await app.close(); // stops accepting, lets in-flight requests finish
      await db.close();
    },
  };
}
