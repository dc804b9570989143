/**
 * Cell values against the registry's vocabularies (common/registry/vocab.ts), plus the spellings
 * seen in township sheets that the shared vocabulary does not list yet (kept here, reported to the
 * registry owner). Every lookup is a Map hit on the compacted text; no regex is built per row.
 */
import {
  EDUCATION,
  EDUCATION_SYNONYMS,
  EMPLOYMENT_SYNONYMS,
  type Employment,
  ETHNIC_GROUPS,
  HEALTH,
  HEALTH_SYNONYMS,
  type HOUSEHOLD_KINDS,
  POLITICAL,
  POLITICAL_SYNONYMS,
  RELATION_SYNONYMS,
  type Relation,
  TAG_SYNONYMS,
  type Tag,
} from '../../../../common/registry/vocab';
import { compactText } from './normalize';

type Education = (typeof EDUCATION)[number];
type Political = (typeof POLITICAL)[number];
type Health = (typeof HEALTH)[number];

/** Spellings missing from vocab.ts. */
export const EXTRA_RELATIONS: Record<string, Relation> = {
  户主本人: '户主',
  之妻: '配偶',
  夫妻: '配偶',
  老伴: '配偶',
  二子: '子',
  四子: '子',
  五子: '子',
  小儿子: '子',
  大儿子: '子',
  二女: '女',
  四女: '女',
  五女: '女',
  小女儿: '女',
  大女儿: '女',
  儿媳妇: '儿媳',
  长媳: '儿媳',
  次媳: '儿媳',
  孙: '孙子女',
  长孙: '孙子女',
  次孙: '孙子女',
  孙儿: '孙子女',
  长孙女: '孙子女',
  次孙女: '孙子女',
  外孙子女: '孙子女',
  继父: '父母',
  继母: '父母',
  养父: '父母',
  养母: '父母',
  外祖父: '祖父母',
  外祖母: '祖父母',
  姥爷: '祖父母',
  姥姥: '祖父母',
  外公: '祖父母',
  外婆: '祖父母',
  哥: '兄弟姐妹',
  姐妹: '兄弟姐妹',
  兄弟: '兄弟姐妹',
  孙媳: '其他',
  孙媳妇: '其他',
  孙女婿: '其他',
  曾孙: '其他',
  曾孙子: '其他',
  曾孙女: '其他',
  外甥: '其他',
  外甥女: '其他',
  侄孙: '其他',
  叔叔: '其他',
  伯父: '其他',
  姑姑: '其他',
  舅舅: '其他',
  嫂子: '其他',
  弟媳: '其他',
  姐夫: '其他',
  妹夫: '其他',
};

export const EXTRA_EDUCATION: Record<string, Education> = {
  文盲半文盲: '文盲或半文盲',
  不识字或识字很少: '文盲或半文盲',
  未上学: '文盲或半文盲',
  小学文化: '小学',
  初中文化: '初中',
  高中文化: '高中',
  普通高中: '高中',
  职业高中: '中专',
  中等专科: '中专',
  中技: '中专',
  大学专科: '大专',
  高职: '大专',
  专科及以上: '大专',
  本科及以上: '本科',
  大学本科及以上: '本科',
  研究生及以上: '研究生',
  硕士研究生: '研究生',
  博士研究生: '研究生',
  学龄前儿童: '学龄前',
  在读: '在校生',
  在校学生: '在校生',
};

export const EXTRA_POLITICAL: Record<string, Political> = {
  共产党员: '中共党员',
  中国共产党员: '中共党员',
  共青团: '共青团员',
  中共团员: '共青团员',
  民革: '民主党派',
  民盟: '民主党派',
  民建: '民主党派',
  民进: '民主党派',
  农工党: '民主党派',
  致公党: '民主党派',
  九三学社: '民主党派',
  台盟: '民主党派',
  // vocab.ts has no 无党派人士; the registry treats them as 群众 (reported to the vocab owner).
  无党派: '群众',
  无党派人士: '群众',
};

export const EXTRA_EMPLOYMENT: Record<string, Employment> = {
  种地: 'local',
  农业: 'local',
  务农在家: 'local',
  本地打工: 'local',
  县内务工: 'local',
  乡内务工: 'local',
  镇内务工: 'local',
  村内务工: 'local',
  公益性岗位: 'local',
  公益岗: 'local',
  个体: 'local',
  个体经营: 'local',
  在家: 'local',
  市外务工: 'migrant',
  省内务工: 'migrant',
  县外: 'migrant',
  省外: 'migrant',
  外地务工: 'migrant',
  外出就业: 'migrant',
  在读: 'student',
  学龄前: 'none',
  待业: 'none',
  失业: 'none',
  无劳动能力: 'none',
  丧失劳动力能力: 'none',
  已退休: 'retired',
  退休人员: 'retired',
};

export const EXTRA_HEALTH: Record<string, Health> = {
  身体健康: '健康',
  健康良好: '健康',
  正常: '健康',
  较好: '健康',
  慢性疾病: '长期慢性病',
  长期患病: '长期慢性病',
  患有慢性病: '长期慢性病',
  重大疾病: '大病',
  患大病: '大病',
  大病患者: '大病',
  残疾人: '残疾',
};

export const EXTRA_TAGS: Record<string, Tag> = {
  低保对象: 'dibao',
  城乡低保: 'dibao',
  农村低保户: 'dibao',
  特困人员: 'tekun',
  特困供养人员: 'tekun',
  分散供养特困: 'tekun',
  集中供养特困: 'tekun',
  五保对象: 'tekun',
  残疾人员: 'disabled',
  持证残疾人: 'disabled',
  脱贫人口: 'tuopin',
  建档立卡户: 'tuopin',
  建档立卡贫困户: 'tuopin',
  脱贫不稳定户: 'jiance',
  边缘易致贫户: 'jiance',
  边缘户: 'jiance',
  突发严重困难户: 'jiance',
  监测帮扶对象: 'jiance',
  空巢: 'living_alone_elderly',
  独居: 'living_alone_elderly',
  现役军人家属: 'military_family',
  优抚对象: 'military_family',
  高素质农民培训: 'professional_farmer',
};

export const EXTRA_KINDS: Record<string, (typeof HOUSEHOLD_KINDS)[number]> = {
  农业: '农业',
  农业户口: '农业',
  农业户: '农业',
  农村户口: '农业',
  非农业: '非农业',
  非农业户口: '非农业',
  非农户口: '非农业',
  城镇户口: '非农业',
  集体户: '集体户',
  集体户口: '集体户',
};

function merge<V>(...maps: Array<Record<string, V>>): Map<string, V> {
  const out = new Map<string, V>();
  for (const m of maps) for (const [k, v] of Object.entries(m)) out.set(k, v);
  return out;
}

const RELATION = merge(RELATION_SYNONYMS, EXTRA_RELATIONS);
const EDU = merge(
  Object.fromEntries(EDUCATION.map((e) => [e, e])) as Record<string, Education>,
  EDUCATION_SYNONYMS,
  EXTRA_EDUCATION,
);
const POL = merge(
  Object.fromEntries(POLITICAL.map((e) => [e, e])) as Record<string, Political>,
  POLITICAL_SYNONYMS,
  EXTRA_POLITICAL,
);
const EMP = merge(EMPLOYMENT_SYNONYMS, EXTRA_EMPLOYMENT);
const HEA = merge(
  Object.fromEntries(HEALTH.map((e) => [e, e])) as Record<string, Health>,
  HEALTH_SYNONYMS,
  EXTRA_HEALTH,
);
const TAGS = merge(TAG_SYNONYMS, EXTRA_TAGS);
const ETHNIC = new Set<string>(ETHNIC_GROUPS);

/** Strips a trailing parenthetical: “外出务工(西安)” → base “外出务工”, inner “西安”. */
function splitParen(s: string): { base: string; inner: string | null } {
  const open = s.indexOf('(');
  if (open > 0 && s.endsWith(')')) return { base: s.slice(0, open), inner: s.slice(open + 1, -1) || null };
  return { base: s, inner: null };
}

export function lookupRelation(s: string): Relation | null {
  const k = compactText(s);
  return RELATION.get(k) ?? RELATION.get(splitParen(k).base) ?? null;
}

export function lookupEthnicity(s: string): string | null {
  const k = compactText(s);
  if (ETHNIC.has(k)) return k;
  if (ETHNIC.has(`${k}族`)) return `${k}族`;
  if (k === '汉' || k === '汉民') return '汉族';
  return null;
}

export function lookupEducation(s: string): Education | null {
  const k = compactText(s);
  return EDU.get(k) ?? EDU.get(splitParen(k).base) ?? null;
}

export function lookupPolitical(s: string): Political | null {
  const k = compactText(s);
  return POL.get(k) ?? POL.get(splitParen(k).base) ?? null;
}

/** Employment, and a place when it was written in brackets: “外出务工（西安）”. */
export function lookupEmployment(s: string): { value: Employment; place: string | null } | null {
  const k = compactText(s);
  const direct = EMP.get(k);
  if (direct) return { value: direct, place: null };
  const { base, inner } = splitParen(k);
  const v = EMP.get(base);
  if (v) return { value: v, place: v === 'migrant' ? inner : null };
  if (k.startsWith('外出') || k.endsWith('外出务工')) return { value: 'migrant', place: null };
  return null;
}

export function lookupHealth(s: string): Health | null {
  const k = compactText(s);
  const v = HEA.get(k) ?? HEA.get(splitParen(k).base);
  if (v) return v;
  if (k.includes('残疾')) return '残疾';
  return null;
}

export function lookupHouseholdKind(s: string): string {
  const k = compactText(s);
  return EXTRA_KINDS[k] ?? k;
}

const CN_GRADE: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  Ⅰ: 1,
  Ⅱ: 2,
  Ⅲ: 3,
  Ⅳ: 4,
  I: 1,
  II: 2,
  III: 3,
  IV: 4,
};

/** 残疾等级: 一级…四级, 1–4, 1级, Ⅱ级, 二等 → 1..4; anything else null. */
export function parseDisabilityGrade(s: string): number | null {
  let k = compactText(s);
  if (k.startsWith('残疾')) k = k.slice(2);
  if (k.startsWith('第')) k = k.slice(1);
  if (k.endsWith('级') || k.endsWith('等')) k = k.slice(0, -1);
  return CN_GRADE[k] ?? null;
}

const TAG_SEPARATORS = new Set([
  '、',
  ',',
  '，',
  ';',
  '；',
  '/',
  '／',
  ' ',
  '\u3000',
  '\n',
  '\r',
  '\t',
  '|',
  '+',
]);

/** Splits a 人员类别 cell on 、，,;；/ and spaces. */
export function splitTags(s: string): string[] {
  const parts: string[] = [];
  let cur = '';
  for (const ch of s) {
    if (TAG_SEPARATORS.has(ch)) {
      if (cur) parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** One tag word; “残疾二级”, “二级残疾”, “残疾（二级）” carry a grade. */
export function lookupTag(word: string): { tag: Tag; grade?: number } | null {
  const k = compactText(word);
  const direct = TAGS.get(k);
  if (direct) return { tag: direct };
  const { base, inner } = splitParen(k);
  const b = TAGS.get(base);
  if (b === 'disabled' && inner) {
    const g = parseDisabilityGrade(inner);
    if (g) return { tag: b, grade: g };
  }
  if (b) return { tag: b };
  const at = k.indexOf('残疾');
  if (at >= 0) {
    const rest = at === 0 ? k.slice(2) : k.slice(0, at);
    const tail = at === 0 ? '' : k.slice(at + 2);
    if (tail === '' || tail === '人') {
      const g = parseDisabilityGrade(rest);
      if (g) return { tag: 'disabled', grade: g };
    }
  }
  return null;
}

export type GenderValue = 'M' | 'F';
const GENDER: Record<string, GenderValue> = {
  男: 'M',
  女: 'F',
  男性: 'M',
  女性: 'F',
  M: 'M',
  F: 'F',
  m: 'M',
  f: 'F',
  Male: 'M',
  Female: 'F',
  male: 'M',
  female: 'F',
};
export function lookupGender(s: string): GenderValue | null {
  return GENDER[compactText(s)] ?? null;
}

const PHONE_STRIP = new Set(['-', ' ', '(', ')', '—', '－', '.', '\u3000', '\u00a0']);

/**
 * An 11-digit mobile (1[3-9]…, after removing spaces, dashes and +86) or a landline with its
 * area code, returned as “0912-1234567”. Null when it is neither.
 */
export function normalizePhone(raw: string): string | null {
  const s = compactText(raw);
  let digits = '';
  for (const ch of s) {
    if (ch >= '0' && ch <= '9') digits += ch;
    else if (ch === '+' && digits === '') continue;
    else if (!PHONE_STRIP.has(ch)) return null;
  }
  if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2);
  if (digits.length === 11 && digits[0] === '1') {
    const second = digits.charCodeAt(1) - 48;
    return second >= 3 && second <= 9 ? digits : null;
  }
  if (digits[0] !== '0' || digits[1] === '0') return null;
  // 010 and 02x are three-digit area codes; every other one has four digits.
  const areaLen = digits[1] === '1' || digits[1] === '2' ? 3 : 4;
  const local = digits.length - areaLen;
  if (local < 7 || local > 8 || digits[areaLen] === '0') return null;
  return `${digits.slice(0, areaLen)}-${digits.slice(areaLen)}`;
}
