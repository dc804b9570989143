import { CODE_LENGTH, type Level, levelOfCode } from '../../../common/auth/roles';
import { recordAudit } from '../audit/audit';
import { type Actor, can, orgInScope } from '../auth/actor';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import { AppError } from '../errors';
import { loadDivision } from './china-division';
import { childrenOf, countInSubtree, findNode, nodesByCodes } from './org.repository';

export interface OrgDeps {
  db: Db;
  clock: Clock;
}

export interface OrgNodeView {
  code: string;
  parentCode: string | null;
  name: string;
  level: Level;
  childCount: number;
}

/**
 * Imports a town (9 digits) or a whole county (6 digits) from the national division list:
 * the chain above it, its towns and its villages. One transaction: an unknown code writes
 * nothing; nodes already present are kept as they are.
 */
export async function importDivision(
  { db, clock }: OrgDeps,
  actor: Actor,
  root: string,
  onProgress?: (phase: 'read' | 'write', done: number, total: number) => void,
): Promise<{ created: number; existing: number; towns: number; villages: number }> {
  const nodes = await loadDivision(root, (b) => onProgress?.('read', b, 0));
  if (nodes.length === 0) throw new AppError('ORG_UNKNOWN_CODE', { code: root });
  const nowIso = clock.now().toISOString();
  return db.transaction(async (tx) => {
    const existing = new Set(
      (
        await tx
          .selectFrom('org_nodes')
          .select('code')
          .where(
            'code',
            'in',
            nodes.slice(0, 3).map((n) => n.code),
          )
          .execute()
      ).map((r) => r.code),
    );
    const under = await tx
      .selectFrom('org_nodes')
      .select('code')
      .where('code', '>=', root)
      .where('code', '<', `${root}:`)
      .execute();
    for (const r of under) existing.add(r.code);
    const fresh = nodes.filter((n) => !existing.has(n.code));
    for (let i = 0; i < fresh.length; i += 200) {
      await tx
        .insertInto('org_nodes')
        .values(
          fresh.slice(i, i + 200).map((n) => ({
            code: n.code,
            parent_code: n.parentCode,
            name: n.name,
            level: n.level,
            source: 'nbs',
            created_at: nowIso,
          })),
        )
        .execute();
      onProgress?.('write', Math.min(i + 200, fresh.length), fresh.length);
    }
    await recordAudit(tx, actor, clock, {
      entity: 'org',
      entityId: root,
      action: 'import',
      orgCode: root,
      summary: `导入区划 ${root}：新增 ${fresh.length} 个节点`,
    });
    return {
      created: fresh.length,
      existing: nodes.length - fresh.length,
      towns: nodes.filter((n) => n.level === 'town').length,
      villages: nodes.filter((n) => n.level === 'village').length,
    };
  });
}

function view(r: {
  code: string;
  parent_code: string | null;
  name: string;
  level: string;
  child_count?: unknown;
}): OrgNodeView {
  return {
    code: r.code,
    parentCode: r.parent_code,
    name: r.name,
    level: r.level as Level,
    childCount: Number(r.child_count ?? 0),
  };
}

/** A node the actor may see (inside their subtree), or 404. */
export async function getNode({ db }: OrgDeps, actor: Actor, code: string): Promise<OrgNodeView> {
  if (!can(actor, 'org.read') || !orgInScope(actor, code)) throw new AppError('ORG_NODE_NOT_FOUND', { code });
  const node = await findNode(db.q, code);
  if (!node) throw new AppError('ORG_NODE_NOT_FOUND', { code });
  const children = await childrenOf(db.q, code);
  return { ...view(node), childCount: children.length };
}

export async function listChildren(deps: OrgDeps, actor: Actor, code: string) {
  const node = await getNode(deps, actor, code);
  const items = (await childrenOf(deps.db.q, code)).map(view);
  return { node, items, total: items.length };
}

/** The names from the top of the tree to `code`, for breadcrumbs and "您的范围". */
export async function pathOf({ db }: OrgDeps, code: string): Promise<Array<{ code: string; name: string }>> {
  const prefixes = Object.values(CODE_LENGTH)
    .filter((len) => len <= code.length)
    .map((len) => code.slice(0, len));
  const rows = await nodesByCodes(db.q, prefixes);
  return rows.sort((a, b) => a.code.length - b.code.length).map((r) => ({ code: r.code, name: r.name }));
}

export async function scopeSummary({ db }: OrgDeps, actor: Actor) {
  if (actor.scope.kind !== 'org' || !can(actor, 'org.read')) throw new AppError('FORBIDDEN');
  const root = actor.scope.code;
  const node = await findNode(db.q, root);
  if (!node) throw new AppError('ORG_NODE_NOT_FOUND', { code: root });
  const [towns, villages, groups, users, villageRows, groupCounts, userCounts] = await Promise.all([
    countInSubtree(db.q, root, 'town'),
    countInSubtree(db.q, root, 'village'),
    countInSubtree(db.q, root, 'group'),
    db.q
      .selectFrom('users')
      .select(['status', 'roles'])
      .where('org_code', '>=', root)
      .where('org_code', '<', `${root}:`)
      .execute(),
    db.q
      .selectFrom('org_nodes')
      .select(['code', 'name'])
      .where('code', '>=', root)
      .where('code', '<', `${root}:`)
      .where('level', '=', 'village')
      .orderBy('code')
      .limit(500)
      .execute(),
    db.q
      .selectFrom('org_nodes')
      .select(['parent_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('code', '>=', root)
      .where('code', '<', `${root}:`)
      .where('level', '=', 'group')
      .groupBy('parent_code')
      .execute(),
    db.q
      .selectFrom('users')
      .select(['org_code', (eb) => eb.fn.countAll<number>().as('n')])
      .where('org_code', '>=', root)
      .where('org_code', '<', `${root}:`)
      .groupBy('org_code')
      .execute(),
  ]);
  const byRole: Record<string, number> = {};
  let active = 0;
  for (const u of users) {
    if (u.status === 'active') active++;
    for (const r of JSON.parse(u.roles) as string[]) byRole[r] = (byRole[r] ?? 0) + 1;
  }
  const gc = new Map(groupCounts.map((g) => [g.parent_code, Number(g.n)]));
  const uc = new Map<string, number>();
  for (const u of userCounts) {
    const village = u.org_code.slice(0, 12);
    uc.set(village, (uc.get(village) ?? 0) + Number(u.n));
  }
  return {
    node: view({ ...node, child_count: 0 }),
    towns,
    villages,
    groups,
    users: users.length,
    activeUsers: active,
    usersByRole: byRole,
    villagesList: villageRows.map((v) => ({
      code: v.code,
      name: v.name,
      groups: gc.get(v.code) ?? 0,
      users: uc.get(v.code) ?? 0,
    })),
  };
}

const CN_NUM = [
  '',
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
  '十五',
];
export function groupName(n: number): string {
  return `${CN_NUM[n] ?? String(n)}组`;
}

/** Adds a villager group under a village; its code is the village's plus three digits. */
export async function createGroup(
  { db, clock }: OrgDeps,
  actor: Actor,
  villageCode: string,
  name: string,
): Promise<OrgNodeView> {
  if (!can(actor, 'org.write')) throw new AppError('FORBIDDEN');
  if (!orgInScope(actor, villageCode)) throw new AppError('ORG_NODE_NOT_FOUND', { code: villageCode });
  return db.transaction(async (tx) => {
    // The village row is locked first: two groups added at once get the next two numbers,
    // and the same name twice is refused, on PostgreSQL as on SQLite (whose write lock serializes).
    const village = await tx
      .selectFrom('org_nodes')
      .selectAll()
      .where('code', '=', villageCode)
      .$if(db.dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (!village) throw new AppError('ORG_NODE_NOT_FOUND', { code: villageCode });
    if (levelOfCode(villageCode) !== 'village') throw new AppError('ORG_GROUP_PARENT_NOT_VILLAGE');
    const siblings = await tx
      .selectFrom('org_nodes')
      .select(['code', 'name'])
      .where('parent_code', '=', villageCode)
      .execute();
    if (siblings.some((s) => s.name === name)) throw new AppError('ORG_GROUP_NAME_TAKEN', { name });
    const next = siblings.reduce((m, s) => Math.max(m, Number(s.code.slice(12))), 0) + 1;
    if (next > 999) throw new AppError('ORG_GROUP_LIMIT');
    const code = `${villageCode}${String(next).padStart(3, '0')}`;
    await tx
      .insertInto('org_nodes')
      .values({
        code,
        parent_code: villageCode,
        name,
        level: 'group',
        source: 'local',
        created_at: clock.now().toISOString(),
      })
      .execute();
    await recordAudit(tx, actor, clock, {
      entity: 'org',
      entityId: code,
      action: 'create-group',
      orgCode: code,
      summary: `在 ${village.name} 新建村民小组“${name}”`,
      after: { code, name },
    });
    return { code, parentCode: villageCode, name, level: 'group' as const, childCount: 0 };
  });
}
