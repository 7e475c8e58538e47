import * as fc from 'fast-check';
import { CapacityPlan, FixedCapacityProps } from '../../../src';
import { toFraction } from '../../../src/core/capacity/demand';

interface Demand { peak: number; rate: number; utilization: number; azs: number; survive: boolean }

function planFor(d: Demand): CapacityPlan {
  return CapacityPlan.fromDemand({
    peakRequestsPerSecond: d.peak,
    requestsPerSecondPerInstance: d.rate,
    targetUtilization: d.utilization,
    availabilityZones: d.azs,
    surviveAzLoss: d.survive,
  });
}

describe('CapacityPlan.fromDemand', () => {
  test('the issue example: 1200 rps, 100 per instance at 70 %, 3 AZs, surviving one', () => {
    const plan = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, availabilityZones: 3 });
    // 1200 / (100 x 0.7) = 17.14 instances of work; 2 surviving AZs carry it: ceil(8.57) = 9 per AZ.
    expect(plan.instancesPerAz).toBe(9);
    expect(plan.minCapacity).toBe(27);
    expect(plan.maxCapacity).toBe(54);
    expect(plan.utilizationAtPeak).toBeCloseTo(1200 / 2700, 10);
    expect(plan.utilizationAfterAzLoss).toBeCloseTo(1200 / 1800, 10);
    // A single-AZ fleet would need ceil(17.14) = 18.
    expect(plan.overprovisioningFactor).toBe(1.5);
  });

  // [peak, per instance, utilization, AZs, survive, expected per AZ, why]
  const TABLE: Array<[number, number, number, number, boolean, number, string]> = [
    [700, 100, 0.7, 2, true, 10, '700/(100x0.7) is 10 exactly, though 100*0.7 is 70.00000000000001 in floating point'],
    [701, 100, 0.7, 2, true, 11, 'one request more needs one instance more'],
    [210, 100, 0.7, 3, true, 2, '210/(100x0.7)/2 = 1.5'],
    [140, 100, 0.7, 3, true, 1, '140/(100x0.7)/2 is 1 exactly'],
    [0.3, 0.1, 1, 4, true, 1, '0.3/0.1 is 2.9999999999999996 in floating point, 3 exactly: 3/3 AZs = 1'],
    [0.3, 0.1, 1, 2, false, 2, 'without AZ-loss survival 2 AZs carry 3 instances of work: ceil(1.5)'],
    [1, 1000, 0.7, 3, true, 1, 'a trickle still gets one instance per AZ'],
    [1e6, 250, 0.9, 3, true, 2223, 'large fleet: 1e6/(250x0.9)/2 = 2222.2'],
    [1200, 100, 0.7, 3, false, 6, 'without survival: ceil(17.14/3)'],
  ];
  test.each(TABLE)('peak %p at %p per instance, utilization %p, %p AZs, survive %p -> %p per AZ (%s)',
    (peak, rate, utilization, azs, survive, perAz) => {
      const plan = planFor({ peak, rate, utilization, azs, survive });
      expect(plan.instancesPerAz).toBe(perAz);
      expect(plan.minCapacity).toBe(perAz * azs);
    });

  test('the AZ count defaults to 3 and a service may bind the plan to its own count', () => {
    const plan = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
    expect(plan.availabilityZones).toBe(3);
    expect(plan.forAvailabilityZones(2)).toEqual({ availabilityZones: 2, instancesPerAz: 18, minCapacity: 36, maxCapacity: 72 });
  });

  test('burst factor sets max capacity, rounded up', () => {
    const withBurst = (burstFactor: number) =>
      CapacityPlan.fromDemand({ peakRequestsPerSecond: 210, requestsPerSecondPerInstance: 100, availabilityZones: 3, burstFactor });
    expect(withBurst(1.5).maxCapacity).toBe(9);
    expect(withBurst(1).maxCapacity).toBe(6);
  });

  test.each<[string, Parameters<typeof CapacityPlan.fromDemand>[0], RegExp]>([
    ['zero demand', { peakRequestsPerSecond: 0, requestsPerSecondPerInstance: 100 }, /peakRequestsPerSecond must be a number above 0, received 0/],
    ['negative instance capacity', { peakRequestsPerSecond: 10, requestsPerSecondPerInstance: -5 }, /requestsPerSecondPerInstance must be a number above 0, received -5/],
    ['utilization 0', { peakRequestsPerSecond: 10, requestsPerSecondPerInstance: 5, targetUtilization: 0 }, /targetUtilization must be above 0 and at most 1, received 0/],
    ['utilization above 1', { peakRequestsPerSecond: 10, requestsPerSecondPerInstance: 5, targetUtilization: 1.2 }, /targetUtilization must be above 0 and at most 1, received 1.2/],
    ['one AZ while surviving an AZ loss', { peakRequestsPerSecond: 10, requestsPerSecondPerInstance: 5, availabilityZones: 1 },
      /availabilityZones must be a whole number of at least 2 to survive the loss of one \(surviveAzLoss\), received 1/],
    ['burst factor below 1', { peakRequestsPerSecond: 10, requestsPerSecondPerInstance: 5, burstFactor: 0.5 }, /burstFactor must be at least 1, received 0.5/],
    ['NaN demand', { peakRequestsPerSecond: NaN, requestsPerSecondPerInstance: 5 }, /peakRequestsPerSecond must be a number above 0, received NaN/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => CapacityPlan.fromDemand(props)).toThrow(message);
  });

  test('one AZ is allowed when the plan need not survive an AZ loss', () => {
    const plan = CapacityPlan.fromDemand({ peakRequestsPerSecond: 10, requestsPerSecondPerInstance: 5, availabilityZones: 1, surviveAzLoss: false });
    expect(plan.minCapacity).toBe(3);
  });

  test('a plan made for 3 AZs refuses to be bound to 2', () => {
    const plan = CapacityPlan.fromDemand({ peakRequestsPerSecond: 10, requestsPerSecondPerInstance: 5, availabilityZones: 3 });
    expect(() => plan.forAvailabilityZones(2)).toThrow(/capacity was planned for availabilityZones 3 but the service spans 2 AZs/);
  });
});

describe('CapacityPlan properties over random demand', () => {
  // Decimal inputs as people write them: up to 3 decimals.
  const decimal = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 }).map((n) => n / 1000);
  const demand = fc.record({
    peak: decimal(0.001, 1_000_000).filter((x) => x > 0),
    rate: decimal(0.001, 100_000).filter((x) => x > 0),
    utilization: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
    azs: fc.integer({ min: 2, max: 6 }),
    survive: fc.boolean(),
  });

  /** Exact check: do n instances per AZ over `carrying` AZs serve the peak at the utilization? */
  function serves(n: number, carrying: number, peak: number, rate: number, utilization: number): boolean {
    const [pn, pd] = toFraction(peak);
    const [rn, rd] = toFraction(rate);
    const [un, ud] = toFraction(utilization);
    // n x carrying x rate x utilization >= peak  <=>  n x carrying x rn x un x pd >= pn x rd x ud
    return BigInt(n) * BigInt(carrying) * rn * un * pd >= pn * rd * ud;
  }

  test('sufficient: the surviving AZs carry the peak at the target utilization', () => {
    fc.assert(fc.property(demand, ({ peak, rate, utilization, azs, survive }) => {
      const plan = planFor({ peak, rate, utilization, azs, survive });
      const carrying = survive ? azs - 1 : azs;
      expect(serves(plan.instancesPerAz, carrying, peak, rate, utilization)).toBe(true);
      // and in plain floating point, within rounding of the last bit
      expect(plan.instancesPerAz * carrying * rate * utilization).toBeGreaterThanOrEqual(peak * (1 - 1e-12));
    }), { numRuns: 2000 });
  });

  test('minimal: one instance fewer per AZ would not', () => {
    fc.assert(fc.property(demand, ({ peak, rate, utilization, azs, survive }) => {
      const plan = planFor({ peak, rate, utilization, azs, survive });
      const carrying = survive ? azs - 1 : azs;
      expect(plan.instancesPerAz).toBeGreaterThanOrEqual(1);
      if (plan.instancesPerAz > 1) expect(serves(plan.instancesPerAz - 1, carrying, peak, rate, utilization)).toBe(false);
    }), { numRuns: 2000 });
  });

  test('min capacity is instances per AZ times AZs; utilization after losing an AZ stays within the target', () => {
    fc.assert(fc.property(demand.filter((d) => d.survive), ({ peak, rate, utilization, azs }) => {
      const plan = planFor({ peak, rate, utilization, azs, survive: true });
      expect(plan.minCapacity).toBe(plan.instancesPerAz * azs);
      expect(plan.utilizationAfterAzLoss!).toBeLessThanOrEqual(utilization * (1 + 1e-12));
      expect(plan.maxCapacity).toBeGreaterThanOrEqual(plan.minCapacity);
    }), { numRuns: 1000 });
  });

  test('overprovisioning tends to k/(k-1) as demand grows', () => {
    for (const [azs, factor] of [[3, 1.5], [2, 2]] as const) {
      const plan = CapacityPlan.fromDemand({ peakRequestsPerSecond: 7_000_000, requestsPerSecondPerInstance: 100, availabilityZones: azs });
      expect(plan.overprovisioningFactor).toBeCloseTo(factor, 3);
    }
  });
});

describe('toFraction', () => {
  test.each<[number, string]>([
    [0.7, '7/10'], [1200, '1200/1'], [1e-7, '1/10000000'], [2.5e21, '2500000000000000000000/1'], [0.125, '125/1000'],
  ])('%p is %s', (x, expected) => {
    const [n, d] = toFraction(x);
    expect(`${n}/${d}`).toBe(expected);
  });
});

describe('CapacityPlan.fixed', () => {
  test('keeps the bounds given', () => {
    const plan = CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 9 });
    expect([plan.minCapacity, plan.maxCapacity, plan.instancesPerAz]).toEqual([3, 9, 1]);
    expect(plan.utilizationAtPeak).toBeUndefined();
  });
  test('with the demand it must meet, it reports utilization and what the peak needs, but keeps its bounds', () => {
    const plan = CapacityPlan.fixed({ minCapacity: 6, maxCapacity: 12, peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
    expect([plan.minCapacity, plan.maxCapacity]).toEqual([6, 12]);
    expect(plan.instancesNeededAtPeak).toBe(18);
    expect(plan.utilizationAtPeak).toBe(2);
    expect(plan.withPeak(2400).minCapacity).toBe(54);
  });

  test.each<[string, FixedCapacityProps, RegExp]>([
    ['a peak without a rate', { minCapacity: 3, maxCapacity: 6, peakRequestsPerSecond: 100 },
      /peakRequestsPerSecond and requestsPerSecondPerInstance go together; received peakRequestsPerSecond alone/],
    ['a zero rate', { minCapacity: 3, maxCapacity: 6, peakRequestsPerSecond: 100, requestsPerSecondPerInstance: 0 },
      /requestsPerSecondPerInstance must be a number above 0, received 0/],
  ])('rejects %s', (_name, props, message) => {
    expect(() => CapacityPlan.fixed(props)).toThrow(message);
  });

  test('without demand it cannot be rescaled', () => {
    expect(() => CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 6 }).withPeak(100)).toThrow(/a capacity plan without demand cannot be rescaled/);
  });

  test.each<[number, number, RegExp]>([
    [0, 3, /minCapacity must be a whole number of at least 1, received 0/],
    [4, 3, /minCapacity \(4\) must not be greater than maxCapacity \(3\)/],
    [2, 2.5, /maxCapacity must be a whole number of at least 1, received 2.5/],
  ])('rejects min %p max %p', (min, max, message) => {
    expect(() => CapacityPlan.fixed({ minCapacity: min, maxCapacity: max })).toThrow(message);
  });
});
