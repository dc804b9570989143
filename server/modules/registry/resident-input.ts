import { checkIdNumber } from '../../../common/registry/id-card';
import type { ResidentInput } from '../../../common/registry/schemas';
import { AppError } from '../../core/errors';
import { nameInitials, reverse } from './pinyin';

const PROBLEM_ZH = {
  format: '应为 18 位：17 位数字加 1 位数字或 X',
  checksum: '最后一位校验码不对，请核对身份证原件',
  birth: '其中的出生日期不存在或在今天之后',
} as const;

/** Validates a resident's input and derives what the ID number says (gender, birth date). */
export function residentColumns(input: ResidentInput, today: string) {
  const checked = checkIdNumber(input.idNumber, new Date(`${today}T23:59:59+08:00`));
  if (!checked.ok)
    throw new AppError('REGISTRY_ID_INVALID', { reason: PROBLEM_ZH[checked.problem] }, { field: 'idNumber' });
  const phone = input.phone ? input.phone.replace(/\s/g, '') : null;
  return {
    name: input.name,
    name_initials: nameInitials(input.name),
    id_number: input.idNumber,
    id_rev: reverse(input.idNumber),
    gender: checked.info.gender,
    birth_date: checked.info.birthDate,
    relation: input.relation,
    phone,
    phone_rev: phone ? reverse(phone) : null,
    ethnicity: input.ethnicity ?? null,
    education: input.education ?? null,
    political: input.political ?? null,
    occupation: input.occupation ?? null,
    employment: input.employment ?? null,
    employment_place: input.employmentPlace ?? null,
    health: input.health ?? null,
    note: input.note ?? null,
  };
}
