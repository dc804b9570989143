import type { Role } from '../../common/auth/roles';
import { ROLE_SPECS } from '../../common/auth/roles';
import { recordAudit } from '../core/audit/audit';
import { type Actor, systemActor } from '../core/auth/actor';
import { generatePassword, hashPassword } from '../core/auth/password';
import type { Clock } from '../core/clock';
import type { Db } from '../core/db/database';
import { createGroup, groupName, importDivision } from '../core/org/org.service';
import { MODULES } from '../modules';
import { seededRandom } from './random';

export const DEMO_TOWN = '610881111';
export const DEMO_VILLAGE = '610881111200'; // 马镇村委会
export const DEMO_OTHER_VILLAGE = '610881111203'; // 焦家坬村委会

export interface DemoAccount {
  username: string;
  password: string;
  role: Role;
  displayName: string;
  orgCode: string;
}

/** What each module's demo part receives. */
export interface DemoContext {
  db: Db;
  clock: Clock;
  actor: Actor;
  /** Accounts created so far; a module may add its own (the villager account, say). */
  accounts: DemoAccount[];
  password: (username: string) => string;
  hash: (password: string) => Promise<string>;
  progress: (message: string) => void;
  /** Where uploaded files live (photos the demo stores). */
  dataDir: string;
}

export async function isEmptyDatabase(db: Db): Promise<boolean> {
  const u = await db.q.selectFrom('users').select('id').limit(1).executeTakeFirst();
  return !u;
}

const STAFF: Array<{ username: string; role: Role; displayName: string; org: string }> = [
  { username: 'admin', role: 'admin', displayName: '系统管理员', org: DEMO_TOWN },
  { username: 'leader', role: 'leader', displayName: '王建国', org: DEMO_TOWN },
  { username: 'staff', role: 'staff', displayName: '李秀梅', org: DEMO_TOWN },
  { username: 'cadre', role: 'cadre', displayName: '张志强', org: DEMO_VILLAGE },
  { username: 'cadre2', role: 'cadre', displayName: '刘海军', org: DEMO_OTHER_VILLAGE },
  { username: 'grid', role: 'grid', displayName: '高小平', org: `${DEMO_VILLAGE}001` },
  { username: 'clerk', role: 'clerk', displayName: '郭春花', org: DEMO_TOWN },
  { username: 'coop', role: 'coop', displayName: '白振华', org: DEMO_TOWN },
  { username: 'supervisor', role: 'supervisor', displayName: '贺文斌', org: DEMO_TOWN },
];

/**
 * Seeds the demo town on an empty database: 马镇 with its 19 real villages, 3–8 groups each,
 * one staff account per role, then each module's part. With `password` set every demo account
 * takes it; otherwise each gets a generated one, returned here to be printed once.
 */
export async function seedDemo(opts: {
  db: Db;
  clock: Clock;
  password?: string;
  progress?: (message: string) => void;
  dataDir?: string;
}): Promise<DemoAccount[]> {
  const { db, clock } = opts;
  const progress = opts.progress ?? (() => {});
  const actor = systemActor('demo-seed', '');
  progress('导入马镇区划（国家统计局区划代码）…');
  await importDivision({ db, clock }, actor, DEMO_TOWN);
  const rnd = seededRandom(610881111);
  const villages = await db.q
    .selectFrom('org_nodes')
    .select('code')
    .where('parent_code', '=', DEMO_TOWN)
    .orderBy('code')
    .execute();
  progress(`为 ${villages.length} 个村建立村民小组…`);
  for (const v of villages) {
    const n = v.code === DEMO_VILLAGE ? 6 : rnd.int(3, 8);
    for (let i = 1; i <= n; i++) await createGroup({ db, clock }, actor, v.code, groupName(i));
  }
  const passwords = new Map<string, string>();
  const password = (username: string) => {
    let p = passwords.get(username);
    if (!p) {
      p = opts.password ?? generatePassword();
      passwords.set(username, p);
    }
    return p;
  };
  const accounts: DemoAccount[] = [];
  progress('创建演示账号…');
  const nowIso = clock.now().toISOString();
  for (const s of STAFF) {
    const pw = password(s.username);
    const hash = await hashPassword(pw);
    await db.transaction(async (tx) => {
      const u = await tx
        .insertInto('users')
        .values({
          username: s.username,
          display_name: s.displayName,
          phone: null,
          password_hash: hash,
          roles: JSON.stringify([s.role]),
          org_code: s.org,
          household_id: null,
          status: 'active',
          must_change_password: 0,
          failed_logins: 0,
          locked_until: null,
          locale: 'zh-CN',
          created_at: nowIso,
          updated_at: nowIso,
          last_login_at: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await recordAudit(tx, actor, clock, {
        entity: 'user',
        entityId: u.id,
        action: 'create',
        orgCode: s.org,
        summary: `演示数据：新建账号 ${s.username}（${ROLE_SPECS[s.role].zh}）`,
      });
    });
    accounts.push({
      username: s.username,
      password: pw,
      role: s.role,
      displayName: s.displayName,
      orgCode: s.org,
    });
  }
  const ctx: DemoContext = {
    db,
    clock,
    actor,
    accounts,
    password,
    hash: hashPassword,
    progress,
    dataDir: opts.dataDir ?? './data',
  };
  for (const m of MODULES) {
    if (m.demo) {
      progress(`模块 ${m.name} 的演示数据…`);
      await m.demo(ctx);
    }
  }
  return accounts;
}
