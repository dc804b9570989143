import Sqlite from 'better-sqlite3';
import { makeIdNumber } from '../common/registry/id-card';
import { TAGS } from '../common/registry/vocab';
import { seededRandom } from '../server/demo/random';
import { nameInitials, reverse } from '../server/modules/registry/pinyin';

/**
 * County-scale registry data for benchmarks: `residents` people in households of ~3.3 across
 * every village of the county already in the database, with tags at demo rates. Written with
 * raw prepared statements (this is a fixture, not the product's write path).
 */
const SURNAMES = '王李张刘高郭白贺马杨乔苏折呼薛冯康霍任贾郝武'.split('');
const GIVEN = [
  '建国',
  '志强',
  '海军',
  '小平',
  '振华',
  '秀英',
  '桂兰',
  '春花',
  '军',
  '伟',
  '强',
  '磊',
  '丽',
  '娟',
  '敏',
  '静',
  '斌',
  '勇',
  '艳',
  '芳',
  '明',
  '刚',
  '霞',
  '燕',
];

export function fillRegistry(file: string, residents: number): { households: number; residents: number } {
  const db = new Sqlite(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const rnd = seededRandom(42);
  const groups = db
    .prepare("select code, parent_code from org_nodes where level = 'group' order by code")
    .all() as Array<{ code: string; parent_code: string }>;
  if (groups.length === 0) throw new Error('no villager groups: add groups first');
  const now = new Date().toISOString();
  const insH = db.prepare(
    "insert into households (town_code, village_code, group_code, org_code, number, address, kind, status, head_resident_id, member_count, import_id, created_at, updated_at) values (?, ?, ?, ?, ?, ?, '农业', 'active', null, ?, null, ?, ?)",
  );
  const insR = db.prepare(
    "insert into residents (household_id, org_code, village_code, name, name_initials, id_number, id_rev, gender, birth_date, relation, phone, phone_rev, ethnicity, education, political, occupation, employment, employment_place, health, note, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '汉族', null, '群众', null, ?, null, '健康', null, 'active', ?, ?)",
  );
  const setHead = db.prepare('update households set head_resident_id = ? where id = ?');
  const insT = db.prepare(
    'insert into resident_tags (resident_id, village_code, org_code, tag, grade, start_date, end_date, note, created_at, created_by) values (?, ?, ?, ?, ?, ?, null, null, ?, ?)',
  );
  const initials = new Map<string, string>();
  let made = 0;
  let households = 0;
  let seq = 0;
  const tx = db.transaction((count: number) => {
    for (let i = 0; i < count && made < residents; i++) {
      const g = groups[households % groups.length];
      households++;
      const size = Math.min(residents - made, rnd.int(1, 6));
      const h = insH.run(
        g.code.slice(0, 9),
        g.parent_code,
        g.code,
        g.code,
        `B${households}`,
        `${households}号`,
        size,
        now,
        now,
      );
      const hid = Number(h.lastInsertRowid);
      const householdTag = rnd.chance(0.1) ? TAGS[rnd.int(0, 4)] : null;
      for (let k = 0; k < size; k++) {
        seq++;
        // (birth day, sequence digits) is unique for every running number below 29 million.
        const birthDate = new Date(Date.UTC(1940, 0, 1) + (seq % 29000) * 86400_000)
          .toISOString()
          .slice(0, 10);
        const full = makeIdNumber('610881', birthDate.replace(/-/g, ''), Math.floor(seq / 29000) % 1000);
        const name = SURNAMES[seq % SURNAMES.length] + GIVEN[(seq * 7) % GIVEN.length];
        let ini = initials.get(name);
        if (!ini) {
          ini = nameInitials(name);
          initials.set(name, ini);
        }
        const phone = k < 2 ? `13${String(100000000 + seq).slice(-9)}` : null;
        const r = insR.run(
          hid,
          g.code,
          g.parent_code,
          name,
          ini,
          full,
          reverse(full),
          Number(full[16]) % 2 ? 'M' : 'F',
          birthDate,
          k === 0 ? '户主' : '子',
          phone,
          phone ? reverse(phone) : null,
          rnd.chance(0.3) ? 'migrant' : 'local',
          now,
          now,
        );
        const rid = Number(r.lastInsertRowid);
        if (k === 0) setHead.run(rid, hid);
        if (householdTag)
          insT.run(rid, g.parent_code, g.code, householdTag, null, '2024-01-01', now, 'bench');
        if (rnd.chance(0.04))
          insT.run(rid, g.parent_code, g.code, 'disabled', rnd.int(1, 4), '2024-01-01', now, 'bench');
        made++;
      }
    }
  });
  while (made < residents) tx(5000);
  db.exec('analyze');
  db.close();
  return { households, residents: made };
}

/**
 * A fresh database file with the schema, a town or county of the national division list, and
 * `groups` villager groups per village named 一组, 二组, … (the names sheets use).
 */
export async function prepareDivision(file: string, root: string, groups: number): Promise<void> {
  const { systemActor } = await import('../server/core/auth/actor');
  const { ManualClock } = await import('../server/core/clock');
  const { createDb } = await import('../server/core/db/database');
  const { migrateToLatest } = await import('../server/core/db/migrate');
  const { importDivision, groupName } = await import('../server/core/org/org.service');
  const db = createDb(`sqlite:${file}`);
  try {
    await migrateToLatest(db);
    await importDivision({ db, clock: new ManualClock() }, systemActor(), root);
    const villages = await db.q
      .selectFrom('org_nodes')
      .select('code')
      .where('level', '=', 'village')
      .execute();
    const rows = villages.flatMap((v) =>
      Array.from({ length: groups }, (_, i) => ({
        code: `${v.code}${String(i + 1).padStart(3, '0')}`,
        parent_code: v.code,
        name: groupName(i + 1),
        level: 'group',
        source: 'bench',
        created_at: '',
      })),
    );
    for (let i = 0; i < rows.length; i += 500)
      await db.q
        .insertInto('org_nodes')
        .values(rows.slice(i, i + 500))
        .execute();
  } finally {
    await db.close();
  }
}
