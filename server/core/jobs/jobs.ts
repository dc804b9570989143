import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { isUniqueViolation } from '../db/errors';

/**
 * Scheduled work in the server process: each job runs every `everyMs` (and once shortly after
 * start). Jobs are written to be safe to run twice — their effects are guarded in the database
 * (`once` below, status guards) — so a restart or a second server process does no harm.
 */
export interface Job {
  name: string;
  everyMs: number;
  run: (deps: { db: Db; clock: Clock; log: FastifyBaseLogger }) => Promise<string | undefined>;
}

/** Runs `fn` only if no run with this key has been recorded; records it in the same transaction's outcome. */
export async function once(
  db: Db,
  clock: Clock,
  key: string,
  job: string,
  fn: () => Promise<string>,
): Promise<string | null> {
  try {
    await db.q
      .insertInto('job_runs')
      .values({
        key,
        job,
        status: 'running',
        detail: null,
        started_at: clock.now().toISOString(),
        finished_at: null,
      })
      .execute();
  } catch (e) {
    if (isUniqueViolation(e)) {
      const row = await db.q
        .selectFrom('job_runs')
        .select(['status', 'started_at'])
        .where('key', '=', key)
        .executeTakeFirst();
      // A run that died half-way (no effects: its work is one transaction) may be retried after an hour.
      if (
        row?.status === 'running' &&
        clock.now().getTime() - new Date(row.started_at).getTime() > 3600_000
      ) {
        await db.q.deleteFrom('job_runs').where('key', '=', key).where('status', '=', 'running').execute();
        return once(db, clock, key, job, fn);
      }
      return null;
    }
    throw e;
  }
  try {
    const detail = await fn();
    await db.q
      .updateTable('job_runs')
      .set({ status: 'done', detail, finished_at: clock.now().toISOString() })
      .where('key', '=', key)
      .execute();
    return detail;
  } catch (e) {
    await db.q.deleteFrom('job_runs').where('key', '=', key).execute();
    throw e;
  }
}

export class Scheduler {
  #timers: NodeJS.Timeout[] = [];
  #running = new Set<string>();
  constructor(
    private readonly deps: { db: Db; clock: Clock; log: FastifyBaseLogger },
    private readonly jobs: Job[],
  ) {}

  start(firstDelayMs = 2000): void {
    for (const job of this.jobs) {
      const tick = () => void this.runNow(job.name);
      this.#timers.push(setTimeout(tick, firstDelayMs));
      this.#timers.push(setInterval(tick, job.everyMs));
    }
    for (const t of this.#timers) t.unref();
  }

  async runNow(name: string): Promise<string | undefined> {
    const job = this.jobs.find((j) => j.name === name);
    if (!job || this.#running.has(name)) return undefined;
    this.#running.add(name);
    try {
      const detail = await job.run(this.deps);
      if (detail) this.deps.log.info({ job: name, detail }, 'job ran');
      return detail;
    } catch (err) {
      this.deps.log.error({ err, job: name }, 'job failed');
      return undefined;
    } finally {
      this.#running.delete(name);
    }
  }

  names(): string[] {
    return this.jobs.map((j) => j.name);
  }

  stop(): void {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers = [];
  }
}
