import { describe, expect, it } from 'vitest';
import { detectHeader, headerDisplay, matchHeader, type TextRow } from './headers';

const row = (number: number, cells: Record<number, string>): TextRow => {
  const arr: Array<string | undefined> = [];
  for (const [c, t] of Object.entries(cells)) arr[Number(c)] = t;
  return { number, cells: arr };
};

describe('header synonyms', () => {
  it.each([
    ['身份证号', 'idNumber'],
    ['身份证号码', 'idNumber'],
    ['公民身份号码', 'idNumber'],
    ['证件号码', 'idNumber'],
    ['身份证', 'idNumber'],
    ['姓名', 'name'],
    ['成员姓名', 'name'],
    ['家庭成员姓名', 'name'],
    ['户编号', 'householdNo'],
    ['户号', 'householdNo'],
    ['家庭编号', 'householdNo'],
    ['与户主关系', 'relation'],
    ['与户主的关系', 'relation'],
    ['家庭关系', 'relation'],
    ['关系', 'relation'],
    ['性别', 'gender'],
    ['出生日期', 'birthDate'],
    ['出生年月', 'birthDate'],
    ['出生年月日', 'birthDate'],
    ['联系电话', 'phone'],
    ['手机号', 'phone'],
    ['手机号码', 'phone'],
    ['联系方式', 'phone'],
    ['电话', 'phone'],
    ['民族', 'ethnicity'],
    ['文化程度', 'education'],
    ['学历', 'education'],
    ['政治面貌', 'political'],
    ['职业', 'occupation'],
    ['就业情况', 'employment'],
    ['务工情况', 'employment'],
    ['就业状况', 'employment'],
    ['务工地点', 'employmentPlace'],
    ['外出务工地点', 'employmentPlace'],
    ['健康状况', 'health'],
    ['身体状况', 'health'],
    ['人员类别', 'tags'],
    ['标签', 'tags'],
    ['类别', 'tags'],
    ['残疾等级', 'disabilityGrade'],
    ['村', 'village'],
    ['村名', 'village'],
    ['所属村', 'village'],
    ['行政村', 'village'],
    ['村（社区）', 'village'],
    ['村委会', 'village'],
    ['组', 'group'],
    ['村民小组', 'group'],
    ['小组', 'group'],
    ['组别', 'group'],
    ['住址', 'address'],
    ['家庭住址', 'address'],
    ['现住址', 'address'],
    ['地址', 'address'],
    ['户类型', 'householdKind'],
    ['户别', 'householdKind'],
    ['户口性质', 'householdKind'],
    ['备注', 'note'],
    ['序号', 'seq'],
  ])('%s → %s', (text, field) => {
    expect(matchHeader(text)).toBe(field);
  });
  it('tolerates spaces, line breaks, full-width brackets, notes in brackets and a trailing *', () => {
    expect(matchHeader('身份证\n号码')).toBe('idNumber');
    expect(matchHeader(' 姓  名 ')).toBe('name');
    expect(matchHeader('公民身份号码*')).toBe('idNumber');
    expect(matchHeader('身份证号码（18位）')).toBe('idNumber');
    expect(matchHeader('联系电话(手机)＊')).toBe('phone');
    expect(matchHeader('村（社区）')).toBe('village');
  });
  it('keeps 户主姓名 apart from the member’s name, and ignores unrelated text', () => {
    expect(matchHeader('户主姓名')).toBe('headName');
    expect(matchHeader('户主身份证号')).toBe('headId');
    expect(matchHeader('错误说明')).toBeNull();
    expect(matchHeader('马镇马镇村户籍人口台账（2026年）')).toBeNull();
  });
  it('shows header text as written, without breaks, spaces and the required-mark', () => {
    expect(headerDisplay('身份证\n号码 *')).toBe('身份证号码');
    expect(headerDisplay('村（社区）')).toBe('村（社区）');
  });
});

describe('header block detection', () => {
  const title = row(1, { 1: '马镇马镇村户籍人口台账（2026年）' });
  const unit = row(2, { 1: '填报单位：马镇村委会（盖章）      填报时间：2026年3月' });

  it('one header row under a title and a 填报单位 line', () => {
    const d = detectHeader([
      title,
      unit,
      row(3, { 1: '序号', 2: '户编号', 3: '姓名', 4: '与户主关系', 5: '身份证号' }),
      row(4, { 1: '1', 2: 'MZ0001', 3: '张三', 4: '户主', 5: '610881196503120013' }),
    ]);
    expect(d?.headerRows).toEqual([3]);
    expect(d?.lastIndex).toBe(2);
    expect(d?.columns.map((c) => `${c.field}@${c.col}`)).toEqual([
      'seq@1',
      'householdNo@2',
      'name@3',
      'relation@4',
      'idNumber@5',
    ]);
  });

  it('two header rows: group labels merged across, leaves below, 序号 and 户编号 merged down', () => {
    const d = detectHeader([
      title,
      unit,
      row(3, { 1: '序号', 2: '户编号', 3: '户籍信息', 5: '家庭成员信息' }),
      row(4, { 3: '村', 4: '组', 5: '姓名', 6: '与户主关系', 7: '身份证号码' }),
      row(5, { 1: '1', 2: 'MZ0001', 3: '马镇村', 4: '一组', 5: '张三', 6: '户主', 7: '610881196503120013' }),
    ]);
    expect(d?.headerRows).toEqual([3, 4]);
    expect(d?.lastIndex).toBe(3);
    expect(d?.columns.map((c) => c.field)).toEqual([
      'seq',
      'householdNo',
      'village',
      'group',
      'name',
      'relation',
      'idNumber',
    ]);
  });

  it('three header rows, with the top row naming columns merged down', () => {
    const d = detectHeader([
      title,
      unit,
      row(3, { 1: '序号', 2: '户编号', 3: '基本情况', 8: '备注' }),
      row(4, { 3: '户籍信息', 5: '家庭成员信息' }),
      row(5, { 3: '村', 4: '组', 5: '姓名', 6: '与户主关系', 7: '身份证号' }),
      row(6, { 1: '1', 2: 'MZ0001', 3: '马镇村', 4: '一组', 5: '张三', 6: '户主', 7: '610881196503120013' }),
    ]);
    expect(d?.headerRows).toEqual([3, 4, 5]);
    expect(d?.lastIndex).toBe(4);
    expect(d?.columns.find((c) => c.field === 'note')?.col).toBe(8);
    expect(d?.columns.find((c) => c.field === 'householdNo')?.col).toBe(2);
  });

  it('the same field twice: the column under 户主信息 loses to the member’s', () => {
    const d = detectHeader([
      row(1, { 1: '户编号', 2: '户主信息', 4: '家庭成员信息' }),
      row(2, { 2: '姓名', 3: '身份证号', 4: '姓名', 5: '身份证号', 6: '与户主关系' }),
    ]);
    expect(d?.columns.find((c) => c.field === 'name')?.col).toBe(4);
    expect(d?.columns.find((c) => c.field === 'idNumber')?.col).toBe(5);
    expect(d?.ignored.map((c) => c.col)).toEqual([2, 3]);
  });

  it('lists unknown columns and finds nothing in a sheet without a header', () => {
    const d = detectHeader([row(1, { 1: '姓名', 2: '身份证号', 3: '年龄', 4: '错误说明' })]);
    expect(d?.ignored).toEqual([{ header: '错误说明', col: 4 }]);
    expect(d?.columns.find((c) => c.field === 'age')).toBeTruthy();
    expect(detectHeader([title, row(2, { 1: '张三', 2: '一组' })])).toBeNull();
  });
});
