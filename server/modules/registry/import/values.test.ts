import { describe, expect, it } from 'vitest';
import {
  lookupEducation,
  lookupEmployment,
  lookupEthnicity,
  lookupGender,
  lookupHealth,
  lookupHouseholdKind,
  lookupPolitical,
  lookupRelation,
  lookupTag,
  normalizePhone,
  parseDisabilityGrade,
  splitTags,
} from './values';

describe('vocabularies with the spellings clerks use', () => {
  it('relations', () => {
    expect(lookupRelation('户主')).toBe('户主');
    expect(lookupRelation('本人')).toBe('户主');
    expect(lookupRelation('妻')).toBe('配偶');
    expect(lookupRelation('长子')).toBe('子');
    expect(lookupRelation('次女')).toBe('女');
    expect(lookupRelation('儿媳妇')).toBe('儿媳');
    expect(lookupRelation('外孙女')).toBe('孙子女');
    expect(lookupRelation('姥姥')).toBe('祖父母');
    expect(lookupRelation(' 母 亲 ')).toBe('父母');
    expect(lookupRelation('干儿子')).toBeNull();
  });
  it('ethnic groups, with or without 族', () => {
    expect(lookupEthnicity('汉族')).toBe('汉族');
    expect(lookupEthnicity('汉')).toBe('汉族');
    expect(lookupEthnicity('蒙古')).toBe('蒙古族');
    expect(lookupEthnicity('火星族')).toBeNull();
  });
  it('education, political status, health, household kind', () => {
    expect(lookupEducation('大学专科')).toBe('大专');
    expect(lookupEducation('初中')).toBe('初中');
    expect(lookupEducation('幼儿园')).toBeNull();
    expect(lookupPolitical('党员')).toBe('中共党员');
    expect(lookupPolitical('九三学社')).toBe('民主党派');
    expect(lookupPolitical('积极分子')).toBeNull();
    expect(lookupHealth('良好')).toBe('健康');
    expect(lookupHealth('慢性病')).toBe('长期慢性病');
    expect(lookupHealth('肢体残疾')).toBe('残疾');
    expect(lookupHealth('还行')).toBeNull();
    expect(lookupHouseholdKind('农业户口')).toBe('农业');
    expect(lookupHouseholdKind('家庭户')).toBe('家庭户');
  });
  it('employment, with a place in brackets', () => {
    expect(lookupEmployment('务农')).toEqual({ value: 'local', place: null });
    expect(lookupEmployment('外出务工(西安)')).toEqual({ value: 'migrant', place: '西安' });
    expect(lookupEmployment('外出到西安打工')).toEqual({ value: 'migrant', place: null });
    expect(lookupEmployment('在校学生')).toEqual({ value: 'student', place: null });
    expect(lookupEmployment('看情况')).toBeNull();
  });
  it('tags split on every separator, with disability grades', () => {
    expect(splitTags('低保、残疾，脱贫户;监测户 留守老人/军属')).toEqual([
      '低保',
      '残疾',
      '脱贫户',
      '监测户',
      '留守老人',
      '军属',
    ]);
    expect(lookupTag('低保户')).toEqual({ tag: 'dibao' });
    expect(lookupTag('五保户')).toEqual({ tag: 'tekun' });
    expect(lookupTag('边缘易致贫户')).toEqual({ tag: 'jiance' });
    expect(lookupTag('残疾(二级)')).toEqual({ tag: 'disabled', grade: 2 });
    expect(lookupTag('二级残疾')).toEqual({ tag: 'disabled', grade: 2 });
    expect(lookupTag('残疾四级')).toEqual({ tag: 'disabled', grade: 4 });
    expect(lookupTag('孤儿')).toBeNull();
    expect(parseDisabilityGrade('一级')).toBe(1);
    expect(parseDisabilityGrade('3')).toBe(3);
    expect(parseDisabilityGrade('Ⅱ级')).toBe(2);
    expect(parseDisabilityGrade('五级')).toBeNull();
  });
  it('gender', () => {
    expect(lookupGender('男')).toBe('M');
    expect(lookupGender(' 女 ')).toBe('F');
    expect(lookupGender('F')).toBe('F');
    expect(lookupGender('未知')).toBeNull();
  });
  it('phones: mobiles with spaces, dashes and +86; landlines with an area code', () => {
    expect(normalizePhone('138 1234 5678')).toBe('13812345678');
    expect(normalizePhone('+86 138-1234-5678')).toBe('13812345678');
    expect(normalizePhone('８６１３８１２３４５６７８')).toBe('13812345678');
    expect(normalizePhone('0912-1234567')).toBe('0912-1234567');
    expect(normalizePhone('09121234567')).toBe('0912-1234567');
    expect(normalizePhone('(029)88881234')).toBe('029-88881234');
    expect(normalizePhone('010-02345678')).toBeNull(); // a local number never starts with 0
    expect(normalizePhone('010-62345678')).toBe('010-62345678');
    expect(normalizePhone('1381234567')).toBeNull();
    expect(normalizePhone('12812345678')).toBeNull();
    expect(normalizePhone('1234567')).toBeNull();
    expect(normalizePhone('13812345678/13912345678')).toBeNull();
  });
});
