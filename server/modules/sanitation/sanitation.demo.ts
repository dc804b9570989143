import { Readable } from 'node:stream';
import type { Permission, Role } from '../../../common/auth/roles';
import { permissionsOf } from '../../../common/auth/roles';
import { shanghaiDate } from '../../../common/dates';
import type { Actor } from '../../core/auth/actor';
import { ManualClock } from '../../core/clock';
import { storeImage } from '../../core/files/files';
import { demoLanePng, demoVoucherPng } from '../../demo/pictures';
import { seededRandom } from '../../demo/random';
import type { DemoContext } from '../../demo/seed';
import { activeHouseholds } from '../registry/registry.api';
import { runBilling } from './billing.service';
import { createCleanup, reportCleanup } from './cleanup.service';
import { decideExpense, recordIncome, submitExpense } from './fund.service';
import { createCampaign, scoreHousehold } from './inspection.service';
import { collect, reversePayment } from './payments.service';
import { signPledge } from './pledge.service';

/**
 * Half a year of "one yuan" governance in 马镇: monthly bills, group leaders collecting (some
 * households prepaying the year, some behind), a corrected receipt, the fund's subsidies and a
 * donation, cleaners' wages and tools approved by two people, door-front pledges, a sanitation
 * inspection with its red and black lists, and a spring clean-up.
 */
function actorOf(username: string, code: string, role: Role, userId: number): Actor {
  return {
    kind: 'user',
    userId,
    username,
    roles: [role],
    permissions: new Set<Permission>(permissionsOf([role])),
    scope: { kind: 'org', code },
  };
}

export async function sanitationDemo(ctx: DemoContext): Promise<void> {
  const { db } = ctx;
  const rnd = seededRandom(1111);
  const town = '610881111';
  const users = await db.q.selectFrom('users').select(['id', 'username']).execute();
  const uid = (name: string) => Number(users.find((u) => u.username === name)?.id ?? 0);
  const staff = actorOf('staff', town, 'staff', uid('staff'));
  const leader = actorOf('leader', town, 'leader', uid('leader'));
  const admin = actorOf('admin', town, 'admin', uid('admin'));
  const grid = actorOf('grid', town, 'staff', uid('grid'));
  const now = ctx.clock.now();
  const clock = new ManualClock(now);
  const deps = { db, clock };
  const today = shanghaiDate(now);
  /** Moves the demo's clock to a day (money is recorded on the day it moved), never past today. */
  const on = (day: string) => {
    const d = day < today ? day : today;
    clock.set(`${d}T02:00:00.000Z`);
    return d;
  };
  const months: string[] = [];
  for (let i = 5; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 2, 2));
    months.push(d.toISOString().slice(0, 7));
  }
  const households = await activeHouseholds(db.q, town);
  // Pictures to stand for vouchers, paper pledges and a lane before and after its clean-up.
  const store = async (png: Buffer) =>
    (await storeImage({ dataDir: ctx.dataDir, db, clock }, staff, Readable.from([png]))).id;
  const photo = await store(demoVoucherPng());
  const lane = { before: await store(demoLanePng(false)), after: await store(demoLanePng(true)) };

  for (const [i, month] of months.entries()) {
    clock.set(`${month}-02T02:00:00.000Z`);
    ctx.progress(`一元治理：${month} 出账、收费、基金收支…`);
    await runBilling(deps, staff, month);
    if (i % 3 === 0) {
      await recordIncome(deps, staff, {
        kind: 'subsidy',
        description: '农村人居环境整治专项补助',
        counterparty: '神木市财政局',
        amountFen: 3_000_000,
        occurredOn: on(`${month}-05`),
      });
    }
    if (i === 2)
      await recordIncome(deps, staff, {
        kind: 'donation',
        description: '捐赠用于购置垃圾桶',
        counterparty: '马镇商会',
        amountFen: 300_000,
        occurredOn: on(`${month}-12`),
      });
    for (const [category, description, amount] of [
      ['保洁员工资', `${month.replace('-', '年')}月保洁员工资（4 人）`, 720_000],
      ['清运费', `${month.replace('-', '年')}月垃圾清运`, 260_000],
    ] as const) {
      const e = await submitExpense(deps, staff, {
        category,
        description,
        amountFen: amount,
        occurredOn: on(`${month}-25`),
        voucher: photo,
      });
      await decideExpense(deps, leader, e.id, { decision: 'approve' });
      // This month's spending waits for its second approver (something to do today).
      if (i === months.length - 1) continue;
      try {
        await decideExpense(deps, admin, e.id, { decision: 'approve' });
      } catch {
        // the fund is short this month: it stays approved once, waiting
      }
    }
  }
  // Collection: most households pay what they owe, some prepay the year, some are behind.
  clock.set(`${months[5]}-10T03:00:00.000Z`);
  let paid = 0;
  let first: number | null = null;
  for (const h of households) {
    const roll = rnd.next();
    if (roll > 0.85) continue;
    const owed = await db.q
      .selectFrom('sanitation_bills')
      .select((eb) =>
        eb.fn.coalesce(eb.fn.sum<number>(eb('amount_fen', '-', eb.ref('paid_fen'))), eb.val(0)).as('s'),
      )
      .where('household_id', '=', h.id)
      .executeTakeFirstOrThrow();
    let amount = Number(owed.s);
    if (roll < 0.1) amount += 12 * 300;
    else if (roll > 0.7) amount = Math.floor(amount / 2 / 100) * 100;
    if (amount <= 0) continue;
    const res = await collect(deps, grid, {
      householdId: h.id,
      amountFen: amount,
      method: rnd.pick(['cash', 'cash', 'wechat', 'alipay'] as const),
      key: `demo-fee-${h.id}`,
    });
    first ??= res.payment.id;
    paid++;
  }
  if (first) await reversePayment(deps, grid, first, '金额录错，重新收取');
  // Pledges.
  ctx.progress('一元治理：门前三包承诺书、卫生评比、清洁行动…');
  let signed = 0;
  for (const h of households) {
    if (!rnd.chance(0.8)) continue;
    await signPledge(deps, grid, {
      householdId: h.id,
      signedName: h.headName,
      ...(rnd.chance(0.6)
        ? {
            signature: `M${rnd.int(5, 20)} ${rnd.int(20, 40)} C40 ${rnd.int(0, 20)} 60 ${rnd.int(40, 60)} ${rnd.int(80, 120)} ${rnd.int(10, 40)}`,
          }
        : { photo }),
    });
    signed++;
  }
  // An inspection in 马镇村 and a clean-up campaign.
  const campaign = await createCampaign(deps, staff, {
    title: `${months[4].replace('-', '年')}月人居环境卫生评比`,
    period: months[4],
    items: [
      { name: '院落整洁', max: 30 },
      { name: '门前三包', max: 40 },
      { name: '厕所卫生', max: 30 },
    ],
    redMin: 90,
    blackMax: 60,
  });
  for (const h of households.filter((x) => x.villageCode === '610881111200').slice(0, 120)) {
    const base = rnd.int(45, 100);
    await scoreHousehold(deps, grid, campaign.id, {
      householdId: h.id,
      scores: [
        Math.min(30, Math.round(base * 0.3)),
        Math.min(40, Math.round(base * 0.4)),
        Math.min(30, Math.round(base * 0.3)),
      ],
      photos: [],
    });
  }
  const villages = [...new Set(households.map((h) => h.villageCode))];
  const cleanup = await createCleanup(deps, staff, {
    title: '春季村庄清洁行动（八清）',
    description: '清垃圾、清杂物、清残垣断壁、清沟渠、清河道、清路障、清广告、清畜禽粪污',
    startsOn: `${months[3]}-01`,
    endsOn: `${months[4]}-30`,
    targets: villages.map((v) => ({ village: v, target: '主干道与河道两侧全部清理' })),
  });
  for (const v of villages) {
    const progress = rnd.pick([100, 100, 100, 80, 60]);
    await reportCleanup(deps, actorOf('cadre', v, 'cadre', uid('cadre')), cleanup.id, {
      village: v,
      progress,
      note: progress === 100 ? '已全部完成' : '河道段仍在清理',
      before: lane.before,
      after: lane.after,
    });
  }
  ctx.progress(`一元治理：${months.length} 个月账单，${paid} 户缴费，${signed} 户签订承诺书`);
}
