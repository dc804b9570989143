import type { Permission } from '../../../common/auth/roles';
import { permissionsOf } from '../../../common/auth/roles';
import { addDays, shanghaiDate } from '../../../common/dates';
import { type Actor, systemActor } from '../../core/auth/actor';
import { ManualClock } from '../../core/clock';
import { decideObjection, postDueNotices, raiseObjection } from '../../core/notices/notices';
import { seededRandom } from '../../demo/random';
import { DEMO_OTHER_VILLAGE, DEMO_TOWN, DEMO_VILLAGE, type DemoContext } from '../../demo/seed';
import { activeHouseholds } from '../registry/registry.api';
import { cancelRedemption, redeem } from '../shop/redemption.service';
import { createItem, createShop, moveStock } from '../shop/shop.service';
import { runExpiry } from './accounts.service';
import { declare, publishNotice, review } from './declarations.service';
import { applyForPolicy, createPolicy, reviewApplication } from './policy.service';
import { createRule, saveSettings } from './rules.service';

/**
 * A year of the points bank in 马镇: the town's rule sheet, monthly declarations reviewed by a
 * second cadre, public notices per village (a few objections, one withdrawn), postings, the
 * supermarket's purchases, donations and redemptions (one cancelled), policies granted, and one
 * year-end expiry (points of 2025 cleared at the end of 2025).
 */
const RULES: Array<[string, string, string, number, string, number | null]> = [
  ['XL-01', '孝老爱亲', '照顾孤寡、患病老人', 10, '次', 4],
  ['XL-02', '孝老爱亲', '被评为“好媳妇”“好婆婆”', 30, '次', 1],
  ['LL-01', '邻里和睦', '主动调解邻里纠纷', 10, '次', 2],
  ['LL-02', '邻里和睦', '帮助困难邻居春耕秋收', 8, '次', 3],
  ['HJ-01', '环境卫生', '门前三包落实到位（月检合格）', 5, '月', 1],
  ['HJ-02', '环境卫生', '参加村庄清洁行动', 5, '次', 4],
  ['HJ-09', '环境卫生', '乱堆乱放、乱倒垃圾', -5, '次', null],
  ['ZY-01', '志愿服务', '参加志愿服务活动（每次半天以上）', 5, '次', 6],
  ['ZY-02', '志愿服务', '防汛、防火、疫情防控值守', 10, '次', 4],
  ['YF-01', '移风易俗', '婚事新办、丧事简办', 20, '次', 1],
  ['YF-09', '移风易俗', '大操大办、高价彩礼', -20, '次', null],
  ['ZF-01', '遵纪守法', '见义勇为、拾金不昧', 20, '次', 2],
  ['QL-01', '勤劳致富', '发展特色种养、带动邻里增收', 15, '次', 2],
  ['QL-02', '勤劳致富', '参加技能培训并取得证书', 10, '次', 2],
];

const GOODS: Array<[string, string, string, number, number]> = [
  ['洗衣粉（1kg）', '袋', '日用品', 15, 200],
  ['洗衣皂', '块', '日用品', 5, 400],
  ['牙膏', '支', '日用品', 8, 200],
  ['毛巾', '条', '日用品', 10, 150],
  ['食用油（5L）', '桶', '粮油', 80, 60],
  ['大米（10kg）', '袋', '粮油', 60, 80],
  ['面粉（10kg）', '袋', '粮油', 50, 80],
  ['挂面', '把', '粮油', 6, 300],
  ['暖水瓶', '个', '家居', 30, 40],
  ['作业本', '本', '学习用品', 2, 500],
];

function staffActor(
  username: string,
  code: string,
  roles: Array<'staff' | 'cadre' | 'clerk' | 'grid'>,
  userId: number,
): Actor {
  return {
    kind: 'user',
    userId,
    username,
    roles,
    permissions: new Set<Permission>(permissionsOf(roles)),
    scope: { kind: 'org', code },
  };
}

export async function pointsDemo(ctx: DemoContext): Promise<void> {
  const { db } = ctx;
  const rnd = seededRandom(2022);
  const now = ctx.clock.now();
  const clock = new ManualClock('2025-01-03T01:00:00.000Z');
  const deps = { db, clock };
  const town = '610881111';
  const users = await db.q.selectFrom('users').select(['id', 'username', 'org_code']).execute();
  const uid = (name: string) => Number(users.find((u) => u.username === name)?.id ?? 0);
  const staff = staffActor('staff', town, ['staff'], uid('staff'));
  const clerk = staffActor('clerk', town, ['clerk'], uid('clerk'));
  // Each village's declarations are entered by one cadre and reviewed by another.
  const reviewer = staffActor('cadre2', town, ['cadre'], uid('cadre2'));

  ctx.progress('积分：细则、设置、超市…');
  await saveSettings(deps, staff, {
    noticeDays: 5,
    expiryYears: 1,
    evaluationTable: { '5': 20, '4': 15, '3': 10, '2': 5, '1': 0 },
  });
  const ruleIds: Array<{ id: number; points: number; limit: number | null }> = [];
  for (const [code, category, name, points, unit, limit] of RULES) {
    const r = await createRule(deps, staff, {
      code,
      category: category as '孝老爱亲',
      name,
      points,
      unit,
      limitCount: limit,
      limitPeriod: limit ? 'month' : null,
      evidenceRequired: false,
      activeFrom: '2025-01-01',
    });
    ruleIds.push({ id: r.id, points, limit });
  }
  const shop = await createShop({ db, clock }, clerk, {
    name: '马镇爱心超市',
    orgCode: town,
    address: '马镇便民服务中心一楼',
  });
  const items: Array<{ id: number; price: number }> = [];
  for (const [name, unit, category, price] of GOODS) {
    const it = await createItem({ db, clock }, clerk, shop.id, { name, unit, category, pricePoints: price });
    items.push({ id: it.id, price });
  }
  for (const p of [
    {
      name: '优先推荐就业岗位',
      description: '公益性岗位、本地企业用工优先推荐',
      costPoints: 30,
      minBalance: 0,
      minLifetime: 100,
      requiredTags: [],
      noDeductionMonths: 12,
    },
    {
      name: '小额贷款贴息推荐',
      description: '向合作银行推荐申请创业小额贷款并协调贴息',
      costPoints: 50,
      minBalance: 0,
      minLifetime: 150,
      requiredTags: [],
      noDeductionMonths: 12,
    },
    {
      name: '评优评先资格',
      description: '参加“十星级文明户”“最美家庭”评选的资格',
      costPoints: 0,
      minBalance: 0,
      minLifetime: 120,
      requiredTags: [],
      noDeductionMonths: 6,
    },
  ]) {
    await createPolicy(deps, staff, p);
  }

  const households = await activeHouseholds(db.q, town);
  const villages = [...new Set(households.map((h) => h.villageCode))];
  const cadreActor = staffActor('cadre', town, ['cadre'], uid('cadre'));
  const villager = await db.q
    .selectFrom('users')
    .select(['household_id'])
    .where('username', '=', 'villager')
    .executeTakeFirst();
  const villagerHh = villager?.household_id ? Number(villager.household_id) : null;
  const donors = ['神木市某能源有限公司', '马镇商会', '在外务工乡贤高先生', '榆林某农业科技公司'];

  let month = new Date('2025-01-05T02:00:00.000Z');
  let m = 0;
  let cancelledOne = false;
  let objectionWithdrawn = false;
  while (month.getTime() < now.getTime() - 20 * 86400_000) {
    m++;
    clock.set(month);
    const day = shanghaiDate(month);
    ctx.progress(`积分：${day.slice(0, 7)} 的申报、公示与兑换…`);
    // Stock comes in at the start of each quarter; donations now and then.
    if (m % 3 === 1) {
      for (const [i, it] of items.entries())
        await moveStock({ db, clock }, clerk, {
          kind: 'purchase',
          itemId: it.id,
          quantity: GOODS[i][4],
          valueFen: GOODS[i][4] * GOODS[i][3] * 20,
        });
    }
    if (rnd.chance(0.5)) {
      const it = items[rnd.int(0, items.length - 1)];
      await moveStock({ db, clock }, clerk, {
        kind: 'donation',
        itemId: it.id,
        quantity: rnd.int(10, 50),
        donorName: rnd.pick(donors),
        donorKind: rnd.chance(0.7) ? 'enterprise' : 'person',
        valueFen: rnd.int(200, 3000) * 100,
      });
    }
    // Declarations: about a fifth of households a month, entered by cadres, reviewed by another.
    const rows = [];
    for (const h of households) {
      if (!rnd.chance(h.id === villagerHh ? 0.8 : 0.2)) continue;
      const rule = ruleIds[rnd.chance(0.06) ? rnd.pick([6, 10]) : rnd.int(0, 13)];
      if (rule.points < 0 && h.id === villagerHh) continue;
      const q = rule.limit && rule.limit > 1 && rnd.chance(0.3) ? 2 : 1;
      rows.push({
        household_id: h.id,
        org_code: h.orgCode,
        rule_id: rule.id,
        quantity: q,
        points: rule.points * q,
        description: '村委会核实',
        occurred_on: addDays(day, -rnd.int(1, 4)),
        evidence: null,
        source: rnd.chance(0.15) ? 'villager' : 'cadre',
        source_ref: null,
        declared_by: uid('cadre'),
        declared_by_name: 'cadre',
        assisted: 1,
        round_id: null,
        status: 'approved',
        reviewed_by: reviewer.userId,
        reviewed_by_name: reviewer.username,
        review_reason: null,
        reviewed_at: clock.now().toISOString(),
        notice_id: null,
        ledger_tx_id: null,
        created_at: clock.now().toISOString(),
      });
    }
    for (let i = 0; i < rows.length; i += 300)
      await db.q
        .insertInto('declarations')
        .values(rows.slice(i, i + 300))
        .execute();
    const notices: number[] = [];
    for (const v of villages) {
      try {
        notices.push(await publishNotice(deps, cadreActor, { village: v }));
      } catch {
        // no approved declarations in this village this month
      }
    }
    // An objection or two; one item withdrawn in the whole year.
    if (notices.length && rnd.chance(0.6)) {
      const nid = rnd.pick(notices);
      const item = await db.q
        .selectFrom('notice_items')
        .select(['id'])
        .where('notice_id', '=', nid)
        .limit(1)
        .executeTakeFirst();
      const objector = systemActor('村民（匿名）', villages[0]);
      const oid = await raiseObjection(db, { ...objector, scope: { kind: 'org', code: town } }, clock, nid, {
        itemId: item ? Number(item.id) : null,
        reason: '对该户的事迹有不同看法，请核实',
      });
      const withdraw = !objectionWithdrawn && m > 3;
      await decideObjection(db, staff, clock, oid, {
        decision: withdraw ? 'withdraw' : 'keep',
        reason: withdraw ? '经入户核实，事迹不实，撤回该项' : '经核实属实，维持公示',
      });
      if (withdraw) objectionWithdrawn = true;
    }
    clock.advance(6 * 86400_000);
    await postDueNotices(db, clock, 1000);
    // The end of 2025: points of 2025 not spent are cleared.
    if (shanghaiDate(clock.now()).slice(0, 4) === '2026' && m <= 13) {
      clock.set('2026-01-01T02:00:00.000Z');
      await runExpiry(db, clock, town, 2025);
      clock.set(month);
      clock.advance(6 * 86400_000);
    }
    // Redemptions over the following days at the counter.
    clock.advance(2 * 86400_000);
    const accounts = await db.q
      .selectFrom('ledger_accounts')
      .select(['owner_id', 'balance'])
      .where('book', '=', 'points')
      .where('kind', '=', 'household')
      .where('balance', '>=', 20)
      .execute();
    for (const a of accounts) {
      if (!rnd.chance(Number(a.owner_id) === villagerHh ? 0.6 : 0.25)) continue;
      let budget = Number(a.balance);
      const lines = [];
      for (const it of [...items].sort(() => rnd.next() - 0.5).slice(0, rnd.int(1, 3))) {
        const q = Math.min(rnd.int(1, 3), Math.floor(budget / it.price));
        if (q < 1) continue;
        budget -= q * it.price;
        lines.push({ itemId: it.id, quantity: q });
      }
      if (lines.length === 0) continue;
      try {
        const res = await redeem({ db, clock }, clerk, {
          householdId: Number(a.owner_id),
          shopId: shop.id,
          lines,
          key: `demo-${m}-${a.owner_id}`,
        });
        if (!cancelledOne && m > 2) {
          await cancelRedemption({ db, clock }, clerk, res.result.id);
          cancelledOne = true;
        }
      } catch {
        // out of stock this month
      }
    }
    month = new Date(month.getTime() + 30.5 * 86400_000);
  }

  // Policies granted to a few households with enough lifetime points.
  clock.set(new Date(now.getTime() - 10 * 86400_000));
  const policies = await db.q
    .selectFrom('policies')
    .select(['id', 'cost_points'])
    .where('town_code', '=', town)
    .execute();
  let granted = 0;
  for (const h of households) {
    if (granted >= 15) break;
    const p = policies[granted % policies.length];
    try {
      const appId = await applyForPolicy(
        deps,
        staffActor('staff', town, ['staff'], uid('staff')),
        Number(p.id),
        { householdId: h.id, note: '村委会推荐' },
      );
      await reviewApplication(deps, staffActor('leader', town, ['staff'], uid('leader')), appId, {
        decision: 'approve',
      });
      granted++;
    } catch {
      // not eligible
    }
  }
  const present = await presentDay(ctx, clock, {
    rules: ruleIds,
    uid,
    villagerHh,
    households,
  });
  ctx.progress(`积分：共 ${m} 个月的历史，${granted} 户获批政策；${present}`);
}

/**
 * Today in the demo town, so the pages a clerk or cadre opens first are not empty: this week's
 * notice running in 马镇村 (entered by the group leader, approved by the village cadre, the
 * villager's own deed on it) with an objection waiting for a decision, and declarations from
 * the last hours waiting for review — the villager's own, the group leader's, and 焦家坬村's
 * (entered by its cadre, so the town's staff can review them); two policy applications wait too.
 * Rules with several a month are used, so a month that already has the same deeds stays
 * within its limits; a declaration that would not pass is skipped like a clerk would.
 */
async function presentDay(
  ctx: DemoContext,
  clock: ManualClock,
  o: {
    rules: Array<{ id: number; points: number; limit: number | null }>;
    uid: (name: string) => number;
    villagerHh: number | null;
    households: Array<{ id: number; orgCode: string; villageCode: string }>;
  },
): Promise<string> {
  const { db } = ctx;
  const deps = { db, clock };
  const now = ctx.clock.now();
  const village = DEMO_VILLAGE;
  const group = `${village}001`;
  const cadre = staffActor('cadre', village, ['cadre'], o.uid('cadre'));
  const grid = staffActor('grid', group, ['grid'], o.uid('grid'));
  const cadreOther = staffActor('cadre2', DEMO_OTHER_VILLAGE, ['cadre'], o.uid('cadre2'));
  const villager: Actor | null = o.villagerHh
    ? {
        kind: 'user',
        userId: o.uid('villager'),
        username: 'villager',
        roles: ['villager'],
        permissions: new Set<Permission>(permissionsOf(['villager'])),
        scope: { kind: 'household', code: group, householdId: o.villagerHh },
      }
    : null;
  // ZY-01 志愿服务, ZY-02 防汛值守, LL-02 帮助困难邻居, HJ-02 清洁行动 (RULES' order): several a month.
  const [volunteer, watch, neighbour, cleanup] = [7, 8, 3, 5].map((i) => o.rules[i]);
  const inGroup = o.households.filter((h) => h.orgCode.startsWith(group) && h.id !== o.villagerHh);
  const otherVillage = o.households.filter((h) => h.orgCode.startsWith(DEMO_OTHER_VILLAGE));
  const dayOf = (daysAgo: number) => shanghaiDate(new Date(now.getTime() - daysAgo * 86400_000));
  const deeds: Array<[(typeof o.rules)[number], string]> = [
    [volunteer, '参加村里组织的秋收志愿服务队，帮孤寡老人收玉米'],
    [neighbour, '帮同组困难户拉运秸秆、清理院落'],
    [cleanup, '参加村庄清洁行动，清理河道垃圾'],
    [watch, '夜间森林防火值守'],
  ];
  /** A declaration as the page would send it; one over a monthly limit is skipped (null). */
  const declareAs = async (
    actor: Actor | null,
    householdId: number | null,
    [r, text]: (typeof deeds)[number],
    daysAgo: number,
  ) => {
    if (!actor || !householdId) return null;
    try {
      const input = { householdId, ruleId: r.id, quantity: 1, occurredOn: dayOf(daysAgo), description: text };
      return (await declare(deps, actor, { ...input, evidence: [] })).id;
    } catch {
      return null;
    }
  };

  // Two days ago: the group leader's entries and the villager's own, approved by the cadre,
  // published for the town's notice period.
  clock.set(new Date(now.getTime() - 2 * 86400_000));
  const toNotice: number[] = [];
  for (const [i, h] of inGroup.slice(0, 6).entries())
    toNotice.push((await declareAs(grid, h.id, deeds[i % deeds.length], 4 + (i % 3))) ?? 0);
  toNotice.push(
    (await declareAs(villager, o.villagerHh, [cleanup, '参加村庄清洁行动，清扫村道两侧'], 5)) ?? 0,
  );
  for (const id of toNotice) if (id) await review(deps, cadre, id, { decision: 'approve' });
  let running = 0;
  let objections = 0;
  if (toNotice.some(Boolean)) {
    const noticeId = await publishNotice(deps, cadre, { village });
    running = 1;
    // Yesterday a villager asked about one entry: the cadre has yet to decide.
    clock.set(new Date(now.getTime() - 86400_000));
    const item = await db.q
      .selectFrom('notice_items')
      .select('id')
      .where('notice_id', '=', noticeId)
      .where('description', 'like', '%志愿服务%')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    await raiseObjection(
      db,
      { ...systemActor('村民（匿名）'), scope: { kind: 'org', code: DEMO_TOWN } },
      clock,
      noticeId,
      {
        itemId: item ? Number(item.id) : null,
        reason: '该户当天是否参加了志愿服务，请村委会核实',
      },
    );
    objections = 1;
  }

  // The last hours: declarations waiting for review — the villager's own, the group leader's,
  // and 焦家坬村's cadre's (which the town's staff may review).
  clock.set(new Date(now.getTime() - 3 * 3600_000));
  const waiting: Array<number | null> = [
    await declareAs(villager, o.villagerHh, [volunteer, '在村卫生室帮忙给老人测血压、登记信息，半天'], 1),
  ];
  for (const [i, h] of inGroup.slice(6, 9).entries())
    waiting.push(await declareAs(grid, h.id, deeds[(i + 1) % deeds.length], 1 + i));
  for (const [i, h] of otherVillage.slice(0, 3).entries())
    waiting.push(await declareAs(cadreOther, h.id, deeds[i % deeds.length], 2));
  const pending = waiting.filter(Boolean).length;

  // This morning the cadre put two households forward for a policy: the town has yet to decide.
  clock.set(new Date(now.getTime() - 2 * 3600_000));
  const policies = await db.q
    .selectFrom('policies')
    .select('id')
    .where('town_code', '=', DEMO_TOWN)
    .orderBy('id')
    .execute();
  let applications = 0;
  for (const h of o.households.filter((x) => x.orgCode.startsWith(village))) {
    if (applications >= 2) break;
    for (const p of policies) {
      try {
        await applyForPolicy(deps, cadre, Number(p.id), { householdId: h.id, note: '村两委会议推荐' });
        applications++;
        break;
      } catch {
        // not eligible, or already granted: the next policy
      }
    }
  }
  return `今日：公示中 ${running} 期（异议 ${objections} 条待处理），待审核申报 ${pending} 条，待审批政策申请 ${applications} 件`;
}
