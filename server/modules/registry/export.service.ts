import type { PassThrough } from 'node:stream';
import { maskAddress, maskBirthDate, maskIdNumber, maskPhone } from '../../../common/mask';
import type { ResidentListQuery } from '../../../common/registry/schemas';
import { EMPLOYMENT_LABEL, type Employment, TAG_LABEL, type Tag } from '../../../common/registry/vocab';
import { recordAudit } from '../../core/audit/audit';
import type { Actor } from '../../core/auth/actor';
import { beijingTime } from '../../core/auth/session.service';
import { type LedgerColumn, streamLedger } from '../../core/excel/excel-writer';
import { findNode } from '../../core/org/org.repository';
import { type RegistryDeps, todayOf } from './household.service';
import { assertRegistry, canReveal } from './registry.policy';
import { activeTags, type Cursor, listResidents } from './registry.repository';
import { residentFilterOf } from './resident.service';

const REL_GENDER = { M: '男', F: '女' } as const;

/** The columns of the 户籍人口台账; their headers are ones the importer recognises, so an export re-imports. */
export const LEDGER_COLUMNS: LedgerColumn[] = [
  { header: '序号', width: 7 },
  { header: '户编号', width: 12, text: true },
  { header: '村', width: 14 },
  { header: '村民小组', width: 9 },
  { header: '姓名', width: 10 },
  { header: '与户主关系', width: 10 },
  { header: '性别', width: 6 },
  { header: '出生日期', width: 12, text: true },
  { header: '身份证号', width: 21, text: true },
  { header: '联系电话', width: 14, text: true },
  { header: '民族', width: 8 },
  { header: '文化程度', width: 10 },
  { header: '政治面貌', width: 10 },
  { header: '就业情况', width: 12 },
  { header: '务工地点', width: 12 },
  { header: '健康状况', width: 10 },
  { header: '人员类别', width: 18 },
  { header: '住址', width: 22 },
  { header: '备注', width: 16 },
];

/**
 * Streams the filtered resident list as an Excel ledger. ID numbers, phones and addresses are
 * masked unless the user may reveal them; an unmasked export is itself recorded as a reveal.
 */
export async function exportResidents(
  deps: RegistryDeps,
  actor: Actor,
  q: ResidentListQuery,
): Promise<{ stream: PassThrough; fileName: string }> {
  assertRegistry(actor, 'registry.read');
  const today = todayOf(deps.clock);
  const filter = residentFilterOf(q, today);
  const reveal = canReveal(actor);
  const scopeNode = await findNode(deps.db.q, q.group ?? q.village ?? actor.scope.code);
  const scopeName = scopeNode?.name ?? '';
  const total = (await listResidents(deps.db.q, actor, filter, 1, null, true)).total ?? 0;
  if (reveal) {
    await deps.db.transaction((tx) =>
      recordAudit(tx, actor, deps.clock, {
        entity: 'registry',
        action: 'export-unmasked',
        orgCode: scopeNode?.code ?? actor.scope.code,
        summary: `导出含完整身份证号、电话的户籍台账（${scopeName}，${total} 人）`,
      }),
    );
  }
  const addresses = new Map<number, string | null>();
  async function* rows() {
    let after: Cursor | null = null;
    let n = 0;
    for (;;) {
      const { rows: page } = await listResidents(deps.db.q, actor, filter, 1000, after, false);
      const batch = page.slice(0, 1000);
      if (batch.length === 0) return;
      const ids = batch.map((r) => Number(r.id));
      const tags = await activeTags(deps.db.q, ids, today);
      const missing = [...new Set(batch.map((r) => Number(r.household_id)))].filter((h) => !addresses.has(h));
      if (missing.length) {
        const hs = await deps.db.q
          .selectFrom('households')
          .select(['id', 'address'])
          .where('id', 'in', missing)
          .execute();
        for (const h of hs) addresses.set(Number(h.id), h.address);
      }
      for (const r of batch) {
        n += 1;
        const address = addresses.get(Number(r.household_id)) ?? null;
        yield [
          n,
          r.household_number,
          r.village_name,
          r.group_name,
          r.name,
          r.relation,
          REL_GENDER[r.gender as 'M' | 'F'],
          reveal ? r.birth_date : maskBirthDate(r.birth_date),
          reveal ? r.id_number : maskIdNumber(r.id_number),
          reveal ? r.phone : maskPhone(r.phone),
          r.ethnicity,
          r.education,
          r.political,
          r.employment ? EMPLOYMENT_LABEL[r.employment as Employment] : null,
          r.employment_place,
          r.health,
          (tags.get(Number(r.id)) ?? [])
            .map((t) => (t.grade ? `${TAG_LABEL[t.tag as Tag]}${t.grade}级` : TAG_LABEL[t.tag as Tag]))
            .join('、'),
          reveal ? address : maskAddress(address),
          r.note,
        ];
      }
      if (page.length <= 1000) return;
      const last = batch[batch.length - 1];
      after = [last.org_code, Number(last.household_id), Number(last.id)];
    }
  }
  const stream = streamLedger(
    {
      title: `${scopeName}户籍人口台账`,
      note: `填报单位：${scopeName}　　导出人：${actor.username}　　导出时间：${beijingTime(deps.clock.now().toISOString())}　　共 ${total} 人${reveal ? '' : '　　（证件号、电话、住址已脱敏）'}`,
      columns: LEDGER_COLUMNS,
      rows: rows(),
    },
    '户籍台账',
  );
  return { stream, fileName: `${scopeName}户籍台账-${today}.xlsx` };
}
