import { makeIdNumber } from '../../../common/registry/id-card';
import type { Tag } from '../../../common/registry/vocab';
import { recordAudit } from '../../core/audit/audit';
import { seededRandom } from '../../demo/random';
import type { DemoContext } from '../../demo/seed';
import { nameInitials, reverse } from './pinyin';

/**
 * The registry's part of the demo town: ~3,000 households and ~10,000 residents across the 19
 * villages of 马镇, made up but plausible — northern-Shaanxi surnames, families with coherent
 * ages, tags at realistic rates, migrant workers, the 68 relocated households of the report, a
 * few dozen trained professional farmers — and one villager account linked to a household.
 */
const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '高',
  '郭',
  '白',
  '贺',
  '马',
  '杨',
  '乔',
  '苏',
  '折',
  '呼',
  '薛',
  '冯',
  '康',
  '霍',
  '任',
  '贾',
  '刘',
  '王',
  '张',
  '李',
  '高',
  '郝',
  '武',
  '乔',
  '訾',
  '尤',
];
const MALE = [
  '建国',
  '志强',
  '海军',
  '小平',
  '振华',
  '文斌',
  '军',
  '伟',
  '强',
  '磊',
  '斌',
  '勇',
  '涛',
  '明',
  '刚',
  '平',
  '东',
  '峰',
  '亮',
  '鹏',
  '飞',
  '宇',
  '浩',
  '杰',
  '俊',
  '永利',
  '二虎',
  '存柱',
  '买平',
  '满仓',
  '金山',
  '银锁',
  '玉宝',
  '建军',
  '国庆',
];
const FEMALE = [
  '秀英',
  '桂兰',
  '春花',
  '秀梅',
  '玉兰',
  '凤英',
  '丽',
  '娟',
  '敏',
  '静',
  '艳',
  '芳',
  '霞',
  '燕',
  '红',
  '梅',
  '琴',
  '慧',
  '婷',
  '雪',
  '彩霞',
  '爱琴',
  '改香',
  '翠平',
  '金花',
  '海燕',
  '小红',
  '丽娜',
];
const PLACES = ['榆林市', '西安市', '神木市区', '鄂尔多斯市', '包头市', '太原市', '北京市', '宁夏银川市'];
const EDU_BY_AGE = (age: number, r: () => number) =>
  age < 6
    ? '学龄前'
    : age < 18
      ? '在校生'
      : age > 65
        ? r() < 0.5
          ? '文盲或半文盲'
          : '小学'
        : age > 45
          ? r() < 0.6
            ? '初中'
            : '小学'
          : r() < 0.5
            ? '高中'
            : r() < 0.5
              ? '初中'
              : '大专';

interface Person {
  name: string;
  gender: 'M' | 'F';
  birth: string;
  relation: string;
  employment: string | null;
  employmentPlace: string | null;
  phone: string | null;
  political: string | null;
  tags: Array<{ tag: Tag; grade?: number; start: string }>;
}

export async function registryDemo(ctx: DemoContext): Promise<void> {
  const { db, clock } = ctx;
  const rnd = seededRandom(20221);
  const year = 2026;
  const groups = await db.q
    .selectFrom('org_nodes')
    .select(['code', 'parent_code', 'name'])
    .where('level', '=', 'group')
    .where('code', '>=', '610881111')
    .where('code', '<', '610881111:')
    .orderBy('code')
    .execute();
  const villageNames = new Map(
    (
      await db.q
        .selectFrom('org_nodes')
        .select(['code', 'name'])
        .where('parent_code', '=', '610881111')
        .execute()
    ).map((v) => [v.code, v.name.replace(/委会$/, '')]),
  );
  const groupNames = new Map(groups.map((g) => [g.code, g.name]));
  const usedIds = new Set<string>();
  const usedPhones = new Set<string>();
  const birth = (age: number) => {
    const y = year - age - (rnd.chance(0.5) ? 1 : 0);
    return `${y}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
  };
  const idFor = (b: string, gender: 'M' | 'F') => {
    for (;;) {
      let seq = rnd.int(0, 998);
      if ((seq % 2 === 1) !== (gender === 'M')) seq += 1;
      const id = makeIdNumber('610881', b.replace(/-/g, ''), seq);
      if (!usedIds.has(id)) {
        usedIds.add(id);
        return id;
      }
    }
  };
  const phone = () => {
    for (;;) {
      const p = `1${rnd.pick(['38', '39', '50', '51', '52', '58', '59', '87', '88', '35', '36', '37', '82', '83', '89'])}${String(rnd.int(0, 99999999)).padStart(8, '0')}`;
      if (!usedPhones.has(p)) {
        usedPhones.add(p);
        return p;
      }
    }
  };
  const ageOf = (b: string) => year - Number(b.slice(0, 4));
  const person = (surname: string, gender: 'M' | 'F', age: number, relation: string): Person => {
    const b = birth(age);
    const a = ageOf(b);
    const migrant = a >= 18 && a <= 55 && rnd.chance(0.32);
    return {
      name: surname + rnd.pick(gender === 'M' ? MALE : FEMALE),
      gender,
      birth: b,
      relation,
      employment: a < 6 ? null : a < 18 ? 'student' : migrant ? 'migrant' : a > 70 ? 'none' : 'local',
      employmentPlace: migrant ? rnd.pick(PLACES) : null,
      phone: a >= 18 && rnd.chance(0.75) ? phone() : null,
      political:
        a >= 18 && rnd.chance(0.06) ? '中共党员' : a >= 14 && a < 28 && rnd.chance(0.2) ? '共青团员' : '群众',
      tags: [],
    };
  };

  const households: Array<{
    org: string;
    village: string;
    number: string;
    members: Person[];
    relocated: boolean;
  }> = [];
  const perGroup = new Map<string, number>();
  const TARGET = 3000;
  for (let i = 0; i < TARGET; i++) {
    const g = groups[i % groups.length];
    const n = (perGroup.get(g.code) ?? 0) + 1;
    perGroup.set(g.code, n);
    const surname = rnd.pick(SURNAMES);
    const headAge = rnd.int(24, 84);
    const headGender: 'M' | 'F' = rnd.chance(0.82) ? 'M' : 'F';
    const members: Person[] = [person(surname, headGender, headAge, '户主')];
    const alone = headAge >= 65 && rnd.chance(0.16);
    if (!alone && headAge >= 23 && rnd.chance(0.86)) {
      members.push(
        person(
          rnd.pick(SURNAMES),
          headGender === 'M' ? 'F' : 'M',
          Math.max(20, headAge + rnd.int(-5, 3)),
          '配偶',
        ),
      );
    }
    if (!alone && headAge >= 24) {
      const kids = headAge < 30 ? rnd.int(0, 1) : headAge > 70 ? rnd.int(0, 1) : rnd.int(0, 3);
      for (let k = 0; k < kids; k++) {
        const age = Math.max(0, headAge - rnd.int(23, 34));
        const son = rnd.chance(0.52);
        members.push(person(surname, son ? 'M' : 'F', age, son ? '子' : '女'));
      }
      if (headAge >= 55 && rnd.chance(0.35)) {
        for (let k = rnd.int(1, 2); k > 0; k--)
          members.push(person(surname, rnd.chance(0.5) ? 'M' : 'F', rnd.int(1, 15), '孙子女'));
      }
      if (headAge <= 52 && rnd.chance(0.3))
        members.push(
          person(surname, rnd.chance(0.45) ? 'M' : 'F', Math.min(95, headAge + rnd.int(22, 30)), '父母'),
        );
    }
    // Numbers are unique in the town: village and group digits, then a sequence.
    households.push({
      org: g.code,
      village: g.parent_code!,
      number: `${g.code.slice(9)}-${String(n).padStart(4, '0')}`,
      members,
      relocated: false,
    });
  }

  // Tags at plausible rates.
  for (const h of households) {
    const start = `${rnd.int(2016, 2025)}-${String(rnd.int(1, 12)).padStart(2, '0')}-01`;
    const roll = rnd.next();
    const householdTag: Tag | null =
      roll < 0.09 ? 'tuopin' : roll < 0.12 ? 'dibao' : roll < 0.135 ? 'jiance' : null;
    if (householdTag) for (const m of h.members) m.tags.push({ tag: householdTag, start });
    const migrants = h.members.filter((m) => m.employment === 'migrant');
    for (const m of h.members) {
      const a = ageOf(m.birth);
      if (rnd.chance(0.045)) m.tags.push({ tag: 'disabled', grade: rnd.int(1, 4), start });
      if (a >= 60 && h.members.length === 1)
        m.tags.push({ tag: rnd.chance(0.2) ? 'tekun' : 'living_alone_elderly', start });
      if (
        a >= 60 &&
        migrants.length > 0 &&
        migrants.length === h.members.filter((x) => ageOf(x.birth) < 60 && ageOf(x.birth) >= 18).length
      ) {
        m.tags.push({ tag: 'left_behind_elderly', start });
      }
      if (a < 16 && migrants.length >= 1 && rnd.chance(0.6)) m.tags.push({ tag: 'left_behind_child', start });
      if (m.relation === '户主' && rnd.chance(0.01)) m.tags.push({ tag: 'military_family', start });
    }
  }
  // The 68 households relocated from scattered places (report: "68 households relocated").
  const relocated = new Set<number>();
  while (relocated.size < 68) relocated.add(rnd.int(0, households.length - 1));
  for (const i of relocated) households[i].relocated = true;

  const nowIso = clock.now().toISOString();
  let residents = 0;
  let villagerHousehold: number | null = null;
  ctx.progress(`户籍：写入 ${households.length} 户…`);
  await db.transaction(async (tx) => {
    const trainees: number[] = [];
    for (let i = 0; i < households.length; i += 200) {
      const chunk = households.slice(i, i + 200);
      const ids = await tx
        .insertInto('households')
        .values(
          chunk.map((h) => ({
            town_code: '610881111',
            village_code: h.village,
            group_code: h.org,
            org_code: h.org,
            number: h.number,
            address: h.relocated
              ? `马镇移民安置小区${rnd.int(1, 12)}号楼${rnd.int(1, 6)}单元${rnd.int(101, 602)}`
              : `${villageNames.get(h.village)}${groupNames.get(h.org)}${rnd.int(1, 120)}号`,
            kind: rnd.chance(0.95) ? '农业' : '非农业',
            status: 'active',
            head_resident_id: null,
            member_count: h.members.length,
            import_id: null,
            created_at: nowIso,
            updated_at: nowIso,
          })),
        )
        .returning('id')
        .execute();
      for (let k = 0; k < chunk.length; k++) {
        const h = chunk[k];
        const hid = Number(ids[k].id);
        villagerHousehold ??= h.org === '610881111200001' ? hid : null;
        const createdOn = `${rnd.int(2012, 2024)}-0${rnd.int(1, 9)}-15`;
        const rows = await tx
          .insertInto('residents')
          .values(
            h.members.map((m) => {
              const id = idFor(m.birth, m.gender);
              const a = ageOf(m.birth);
              return {
                household_id: hid,
                org_code: h.org,
                village_code: h.village,
                name: m.name,
                name_initials: nameInitials(m.name),
                id_number: id,
                id_rev: reverse(id),
                gender: m.gender,
                birth_date: m.birth,
                relation: m.relation,
                phone: m.phone,
                phone_rev: m.phone ? reverse(m.phone) : null,
                ethnicity: rnd.chance(0.995) ? '汉族' : '回族',
                education: EDU_BY_AGE(a, rnd.next),
                political: m.political,
                occupation:
                  m.employment === 'migrant'
                    ? rnd.pick(['建筑工', '司机', '服务员', '煤矿工人', '个体'])
                    : m.employment === 'local'
                      ? '农民'
                      : null,
                employment: m.employment,
                employment_place: m.employmentPlace,
                health: m.tags.some((t) => t.tag === 'disabled')
                  ? '残疾'
                  : a > 70 && rnd.chance(0.3)
                    ? '长期慢性病'
                    : '健康',
                note: null,
                status: 'active',
                // People born after the household was registered joined at birth.
                joined_on: m.birth > createdOn ? m.birth : createdOn,
                left_on: null,
                created_at: nowIso,
                updated_at: nowIso,
              };
            }),
          )
          .returning('id')
          .execute();
        residents += rows.length;
        await tx
          .updateTable('households')
          .set({ head_resident_id: Number(rows[0].id) })
          .where('id', '=', hid)
          .execute();
        const tagRows = h.members.flatMap((m, j) =>
          m.tags.map((t) => ({
            resident_id: Number(rows[j].id),
            village_code: h.village,
            org_code: h.org,
            tag: t.tag,
            grade: t.grade ?? null,
            start_date: t.start,
            end_date: null,
            note: null,
            created_at: nowIso,
            created_by: 'demo-seed',
          })),
        );
        if (tagRows.length) await tx.insertInto('resident_tags').values(tagRows).execute();
        await tx
          .insertInto('household_events')
          .values({
            household_id: hid,
            kind: 'create',
            event_date: createdOn,
            resident_id: Number(rows[0].id),
            other_household_id: null,
            detail: null,
            recorded_by: 'demo-seed',
            recorded_at: nowIso,
          })
          .execute();
        if (h.relocated) {
          const done = `${rnd.int(2017, 2021)}-${String(rnd.int(3, 11)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
          await tx
            .insertInto('relocations')
            .values({
              household_id: hid,
              org_code: h.org,
              status: 'done',
              from_place: `${rnd.pick(['后沟', '阳湾', '石畔', '梁峁', '圪垯'])}自然村（分散户）`,
              to_place: '马镇移民安置小区',
              planned_date: null,
              done_date: done,
              note: '易地扶贫搬迁',
              updated_at: nowIso,
            })
            .execute();
          await tx
            .insertInto('household_events')
            .values({
              household_id: hid,
              kind: 'relocation',
              event_date: done,
              resident_id: null,
              other_household_id: null,
              detail: JSON.stringify({ status: 'done', to: '马镇移民安置小区' }),
              recorded_by: 'demo-seed',
              recorded_at: nowIso,
            })
            .execute();
        }
        h.members.forEach((m, j) => {
          const a = ageOf(m.birth);
          if (a >= 25 && a <= 55 && m.employment === 'local' && trainees.length < 42 && rnd.chance(0.03))
            trainees.push(Number(rows[j].id));
        });
      }
    }
    const trainees2 = await tx
      .selectFrom('residents')
      .select(['id', 'org_code', 'village_code'])
      .where('id', 'in', trainees.length ? trainees : [-1])
      .execute();
    for (const r of trainees2) {
      await tx
        .insertInto('trainings')
        .values({
          resident_id: r.id,
          org_code: r.org_code,
          course: rnd.pick([
            '设施农业种植技术',
            '小杂粮高产栽培',
            '肉羊养殖与防疫',
            '农村电商实务',
            '农机操作与维修',
          ]),
          organizer: '神木市农业农村局',
          certificate: '高素质农民培训合格证书',
          certificate_no: `SM${year - rnd.int(1, 4)}${String(rnd.int(1, 9999)).padStart(4, '0')}`,
          training_date: `${year - rnd.int(1, 4)}-${String(rnd.int(3, 11)).padStart(2, '0')}-10`,
          hours: rnd.pick([40, 60, 80]),
          created_at: nowIso,
        })
        .execute();
      await tx
        .insertInto('resident_tags')
        .values({
          resident_id: r.id,
          village_code: r.village_code,
          org_code: r.org_code,
          tag: 'professional_farmer',
          grade: null,
          start_date: `${year - 1}-12-01`,
          end_date: null,
          note: null,
          created_at: nowIso,
          created_by: 'demo-seed',
        })
        .execute();
    }
    await recordAudit(tx, ctx.actor, clock, {
      entity: 'registry',
      action: 'demo-seed',
      orgCode: '610881111',
      summary: `演示数据：${households.length} 户、${residents} 人，其中易地搬迁 68 户，职业农民 ${trainees2.length} 人`,
    });
  });

  // A villager account for the first household of 马镇村一组.
  if (villagerHousehold !== null) {
    const pw = ctx.password('villager');
    const head = await db.q
      .selectFrom('residents')
      .select(['name'])
      .where('household_id', '=', villagerHousehold)
      .where('relation', '=', '户主')
      .executeTakeFirstOrThrow();
    const hash = await ctx.hash(pw);
    await db.transaction(async (tx) => {
      const u = await tx
        .insertInto('users')
        .values({
          username: 'villager',
          display_name: head.name,
          phone: null,
          password_hash: hash,
          roles: JSON.stringify(['villager']),
          org_code: '610881111200001',
          household_id: villagerHousehold,
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
      await recordAudit(tx, ctx.actor, clock, {
        entity: 'user',
        entityId: u.id,
        action: 'create',
        orgCode: '610881111200001',
        summary: '演示数据：新建村民账号 villager',
      });
    });
    ctx.accounts.push({
      username: 'villager',
      password: pw,
      role: 'villager',
      displayName: head.name,
      orgCode: '610881111200001',
    });
  }
  ctx.progress(`户籍：${households.length} 户、${residents} 人`);
}
