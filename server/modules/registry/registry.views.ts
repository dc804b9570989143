import { maskAddress, maskBirthDate, maskIdNumber, maskPhone } from '../../../common/mask';
import { ageOn } from '../../../common/registry/id-card';
import type { HouseholdSummary, ResidentSummary } from '../../../common/registry/schemas';
import type { Tag } from '../../../common/registry/vocab';
import type { HouseholdRow, ResidentRow } from './registry.repository';

/** Shapes rows for the API: personal data masked here, always. */
export function residentView(
  r: ResidentRow,
  tags: Array<{ tag: string; grade: number | null }>,
  today: string,
): ResidentSummary {
  return {
    id: Number(r.id),
    householdId: Number(r.household_id),
    householdNumber: r.household_number,
    name: r.name,
    gender: r.gender as 'M' | 'F',
    // The day of birth is the hidden middle of a masked ID number: only the year is shown
    // (the age stays exact); the full date comes with an audited reveal.
    birthDate: maskBirthDate(r.birth_date),
    age: ageOn(r.birth_date, today),
    relation: r.relation,
    idMasked: maskIdNumber(r.id_number) ?? '',
    phoneMasked: maskPhone(r.phone),
    villageCode: r.village_code,
    villageName: r.village_name ?? '',
    groupName: r.group_name ?? null,
    employment: r.employment,
    employmentPlace: r.employment_place,
    status: r.status,
    tags: tags.map((t) => ({ tag: t.tag as Tag, grade: t.grade })),
  };
}

export function householdView(h: HouseholdRow): HouseholdSummary {
  return {
    id: Number(h.id),
    number: h.number,
    villageCode: h.village_code,
    villageName: h.village_name ?? '',
    groupCode: h.group_code,
    groupName: h.group_name ?? null,
    addressMasked: maskAddress(h.address),
    kind: h.kind,
    status: h.status as HouseholdSummary['status'],
    headName: h.head_name ?? null,
    memberCount: h.member_count,
    relocationStatus: h.relocation_status ?? null,
  };
}

export function encodeCursor(parts: unknown[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor<T extends unknown[]>(cursor: string, shape: Array<'s' | 'n'>): T | null {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (!Array.isArray(v) || v.length !== shape.length) return null;
    for (let i = 0; i < shape.length; i++) {
      if (shape[i] === 's' && typeof v[i] !== 'string') return null;
      if (shape[i] === 'n' && typeof v[i] !== 'number') return null;
    }
    return v as T;
  } catch {
    return null;
  }
}
