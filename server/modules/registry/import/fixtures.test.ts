import { describe, expect, it } from 'vitest';
import { ageOn, checkIdNumber } from '../../../../common/registry/id-card';
import { excelSerial, makeHouseholds, toFullWidth } from './fixtures';

describe('fixture households', () => {
  const households = makeHouseholds(300, 42);
  const people = households.flat();

  it('are deterministic for a seed', () => {
    expect(makeHouseholds(5, 42)).toEqual(households.slice(0, 5));
    expect(makeHouseholds(5, 43)).not.toEqual(households.slice(0, 5));
  });

  it('carry valid, unique 610881 ID numbers that agree with sex and birth date', () => {
    expect(new Set(people.map((p) => p.idNumber)).size).toBe(people.length);
    for (const p of people) {
      const r = checkIdNumber(p.idNumber, new Date('2026-11-28'));
      expect(r.ok, p.idNumber).toBe(true);
      if (r.ok) {
        expect(r.info.divisionCode).toBe('610881');
        expect(r.info.gender).toBe(p.gender);
        expect(r.info.birthDate).toBe(p.birthDate);
      }
    }
    expect(people.some((p) => p.idNumber.endsWith('X'))).toBe(true);
  });

  it('have one head each, listed first, and plausible ages', () => {
    for (const h of households) {
      expect(h[0].relation).toBe('户主');
      expect(h.filter((p) => p.relation === '户主')).toHaveLength(1);
      expect(new Set(h.map((p) => p.householdNo)).size).toBe(1);
      const headAge = ageOn(h[0].birthDate, '2026-11-28');
      expect(headAge).toBeGreaterThanOrEqual(35);
      for (const kid of h.filter((p) => p.relation === '子' || p.relation === '女')) {
        expect(ageOn(kid.birthDate, '2026-11-28')).toBeLessThan(headAge - 15);
      }
    }
    expect(new Set(people.map((p) => p.village))).toEqual(new Set(['马镇村', '焦家坬村']));
  });

  it('helpers', () => {
    expect(toFullWidth('610881X')).toBe('６１０８８１Ｘ');
    expect(excelSerial('1965-03-12')).toBe(23813);
  });
});
