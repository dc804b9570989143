// The floor: the least a server can do for one request on this machine — Fastify, one INSERT
// (or a one-row SELECT by key) into better-sqlite3 with the same PRAGMAs as Zhenxing.
// Scenarios are reported as a ratio of what this reaches in the same run.
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import Fastify from 'fastify';

const dir = process.env.FLOOR_DIR;
const sync = process.env.ZX_SQLITE_SYNCHRONOUS ?? 'FULL';
const db = new Sqlite(path.join(dir, 'floor.db'));
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${sync}`);
db.pragma('foreign_keys = ON');
db.pragma('busy_timeout = 5000');
db.exec('create table if not exists t (id integer primary key, v text not null, at text not null)');
const seed = db.prepare('insert into t (v, at) values (?, ?)');
db.transaction(() => {
  for (let i = 0; i < 10000; i++) seed.run(`row ${i}`, new Date().toISOString());
})();
const insert = db.prepare('insert into t (v, at) values (?, ?)');
const select = db.prepare('select id, v, at from t where id = ?');

const app = Fastify({ logger: false });
app.post('/write', async (req) => {
  const r = insert.run(JSON.stringify(req.body ?? {}), new Date().toISOString());
  return { id: Number(r.lastInsertRowid) };
});
app.get('/read/:id', async (req) => select.get(Number(req.params.id)) ?? {});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: app.server.address().port })}\n`);
