import fc from 'fast-check';
import { sameLifeDomains } from '../../src/tenants/tenants.service.js';

type Domain = { code: string; labelNl: string; labelEn: string; active: boolean };

const same = (a: Domain, b: Domain) => a.code === b.code && a.labelNl === b.labelNl && a.labelEn === b.labelEn && a.active === b.active;

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

  it('is no change exactly when the request is the current list up to where only inactive domains follow (any lists)', () => {
    // the listed stay in their order and the left-out follow inactive: so nothing changes when the request is a
    // prefix of the current list, value for value, and every domain it leaves out is inactive already
    fc.assert(
      fc.property(list, list, (current, requested) => {
        const prefix = requested.length <= current.length && requested.every((d, i) => same(d, current[i]!));
        expect(sameLifeDomains(current, requested)).toBe(prefix && current.slice(requested.length).every((d) => !d.active));
      }),
    );
  });
});
