import fs from 'node:fs';
import path from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Db } from './database';

/**
 * SQLite online backup (the server may keep running: the backup API copies pages while
 * writers continue). The copy goes to `<file>.partial` and is renamed when complete, so a
 * failed backup never leaves a file that looks whole.
 */
export async function backupSqlite(
  db: Db,
  file: string,
  onProgress?: (done: number, total: number) => void,
): Promise<{ pages: number; bytes: number }> {
  if (!db.sqlite) throw new Error('backupSqlite needs a SQLite database');
  const target = path.resolve(file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  fs.rmSync(partial, { force: true });
  let pages = 0;
  await db.sqlite.backup(partial, {
    progress: ({ totalPages, remainingPages }) => {
      pages = totalPages;
      onProgress?.(totalPages - remainingPages, totalPages);
      return 200;
    },
  });
  const check = new Sqlite(partial, { readonly: true });
  try {
    const ok = check.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`backup integrity check failed: ${String(ok)}`);
  } finally {
    check.close();
  }
  fs.renameSync(partial, target);
  return { pages, bytes: fs.statSync(target).size };
}

/** What `zhenxing restore` checks before it replaces the database: a whole Zhenxing file. */
export function inspectBackup(file: string): { auditRows: number; users: number; migrations: string[] } {
  const src = new Sqlite(file, { readonly: true, fileMustExist: true });
  try {
    const ok = src.pragma('integrity_check', { simple: true });
    if (ok !== 'ok') throw new Error(`备份文件已损坏（integrity_check: ${String(ok)}）`);
    const tables = new Set(
      (src.prepare("select name from sqlite_master where type='table'").all() as Array<{ name: string }>).map(
        (r) => r.name,
      ),
    );
    if (!tables.has('audit_head') || !tables.has('kysely_migration'))
      throw new Error('这不是振兴系统的数据库备份文件');
    const auditRows = (src.prepare('select seq from audit_head where id = 1').get() as { seq: number }).seq;
    const users = (src.prepare('select count(*) as n from users').get() as { n: number }).n;
    const migrations = (
      src.prepare('select name from kysely_migration order by name').all() as Array<{ name: string }>
    ).map((r) => r.name);
    return { auditRows, users, migrations };
  } finally {
    src.close();
  }
}

/**
 * Replaces the database file with a backup: copy to a temporary file beside it, fsync, then an
 * atomic rename; the old WAL and shared-memory files go first. The server must be stopped.
 */
export function restoreSqlite(backupFile: string, dbFile: string): void {
  const target = path.resolve(dbFile);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restoring`;
  fs.copyFileSync(backupFile, tmp);
  const fd = fs.openSync(tmp, 'r+');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.rmSync(`${target}-wal`, { force: true });
  fs.rmSync(`${target}-shm`, { force: true });
  fs.renameSync(tmp, target);
}
