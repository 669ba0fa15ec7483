import fc from 'fast-check';
import { sameLifeDomains } from '../../src/tenants/tenants.service.js';

type Domain = { code: string; labelNl: string; labelEn: string; active: boolean };

/** What `TenantsRepository.replaceLifeDomains` makes of a list: the listed in order, then the rest inactive in theirs. */
const replaced = (current: Domain[], requested: Domain[]): Domain[] => {
  const listed = new Set(requested.map((d) => d.code));
  return [...requested, ...current.filter((d) => !listed.has(d.code)).map((d) => ({ ...d, active: false }))];
};

const domain = fc.record({ code: fc.constantFrom('finances', 'housing', 'health', 'justice', 'parenting'), labelNl: fc.constantFrom('A', 'B'), labelEn: fc.constantFrom('A', 'B'), active: fc.boolean() });
const list = fc.uniqueArray(domain, { selector: (d) => d.code, maxLength: 5 });

describe('sameLifeDomains: a PUT of the life-domain list that changes nothing', () => {
  it('the current list sent back as it is, or without its inactive tail, is no change', () => {
    const current: Domain[] = [
      { code: 'finances', labelNl: 'Financiën', labelEn: 'Finances', active: true },
      { code: 'housing', labelNl: 'Wonen', labelEn: 'Housing', active: true },
      { code: 'justice', labelNl: 'Justitie', labelEn: 'Justice', active: false },
    ];
    expect(sameLifeDomains(current, current)).toBe(true);
    expect(sameLifeDomains(current, current.slice(0, 2))).toBe(true);
    expect(sameLifeDomains(current, [current[1]!, current[0]!])).toBe(false);
    expect(sameLifeDomains(current, current.slice(0, 1))).toBe(false);
    expect(sameLifeDomains(current, [...current.slice(0, 2), { ...current[2]!, active: true }])).toBe(false);
    expect(sameLifeDomains(current, [{ ...current[0]!, labelEn: 'Money' }, current[1]!])).toBe(false);
  });

  it('answers exactly whether replacing would leave the list as it was (any lists)', () => {
    fc.assert(
      fc.property(list, list, (current, requested) => {
        expect(sameLifeDomains(current, requested)).toBe(JSON.stringify(replaced(current, requested)) === JSON.stringify(current));
      }),
    );
  });
});
