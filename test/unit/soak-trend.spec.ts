import fc from 'fast-check';
import { slopePerHour } from '../../bench/soak-stats.js';

describe('the soak summary trend', () => {
  it('recovers the slope of a straight line, per hour', () => {
    fc.assert(
      fc.property(fc.double({ min: -1000, max: 1000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (perHour, start) => {
        const samples = Array.from({ length: 20 }, (_, i) => ({ t: i * 30, rssMb: start + (perHour * i * 30) / 3600 }));
        expect(slopePerHour(samples, 'rssMb')).toBeCloseTo(perHour, 6);
      }),
    );
  });

  it('calls a flat series flat and needs two samples to call anything', () => {
    expect(slopePerHour([{ t: 0, x: 5 }, { t: 10, x: 5 }, { t: 20, x: 5 }], 'x')).toBe(0);
    expect(slopePerHour([{ t: 0, x: 5 }], 'x')).toBe(0);
  });
});
