import * as fc from 'fast-check';
import { toFraction } from '../../../src/core/capacity/demand';
import { GlobalDemand, RegionMode, planRegionalCapacity } from '../../../src/core/capacity/regions';

/** Exact: do `instances` instances carry `num/den` x peak at the utilization? */
function carries(instances: number, d: GlobalDemand, num: number, den: number): boolean {
  const [pn, pd] = toFraction(d.peakRequestsPerSecond);
  const [rn, rd] = toFraction(d.requestsPerSecondPerInstance);
  const [un, ud] = toFraction(d.targetUtilization);
  // instances x rate x utilization >= num/den x peak
  return BigInt(instances) * rn * un * pd * BigInt(den) >= BigInt(num) * pn * rd * ud;
}

const decimal = (min: number, max: number) => fc.integer({ min: min * 1000, max: max * 1000 }).map((n) => n / 1000);
const demandArb = fc.record({
  peakRequestsPerSecond: decimal(0.001, 1_000_000).filter((x) => x > 0),
  requestsPerSecondPerInstance: decimal(0.001, 100_000).filter((x) => x > 0),
  targetUtilization: fc.integer({ min: 1, max: 100 }).map((n) => n / 100),
  burstFactor: fc.integer({ min: 10, max: 40 }).map((n) => n / 10),
  surviveAzLoss: fc.boolean(),
});
const regionsArb = (min: number, max: number) => fc.array(fc.integer({ min: 2, max: 6 }), { minLength: min, maxLength: max });
const shareArb = fc.integer({ min: 1, max: 99 }).map((n) => n / 100);

/** Whether one instance fewer in each AZ would still carry the load (it must not: the plan is minimal). */
function oneFewerCarries(perAz: number, azs: number, d: GlobalDemand, num: number, den: number): boolean {
  return perAz > 1 && carries(afterAzLoss((perAz - 1) * azs, azs, d.surviveAzLoss), d, num, den);
}

/** What a Region keeps after losing its fullest AZ (or all of it, without AZ-loss survival). */
function afterAzLoss(instances: number, azs: number, survive: boolean): number {
  return survive ? instances - Math.ceil(instances / azs) : instances;
}

describe('Region-loss capacity, per mode, over random demand', () => {
  test('hot standby: every Region carries the full peak at its minimum, with one of its AZs lost', () => {
    fc.assert(fc.property(demandArb, regionsArb(2, 2), (demand, azs) => {
      const fleets = planRegionalCapacity({ mode: RegionMode.HOT_STANDBY, availabilityZones: azs, standbyShare: 0.5, demand });
      fleets.forEach((f, i) => {
        expect(f.minCapacity).toBe(f.instancesPerAz! * azs[i]);
        expect(f.activatedMinCapacity).toBe(f.minCapacity);
        expect(carries(afterAzLoss(f.minCapacity!, azs[i], demand.surviveAzLoss), demand, 1, 1)).toBe(true);
        // minimal: one instance fewer in each AZ would not
        expect(oneFewerCarries(f.instancesPerAz!, azs[i], demand, 1, 1)).toBe(false);
        expect(f.maxCapacity).toBeGreaterThanOrEqual(f.minCapacity!);
      });
    }), { numRuns: 1000 });
  });

  test('warm standby: the standby stands at its share, statically stable, and is raised to the full peak by the switch', () => {
    fc.assert(fc.property(demandArb, regionsArb(2, 2), shareArb, (demand, azs, share) => {
      const [primary, standby] = planRegionalCapacity({ mode: RegionMode.WARM_STANDBY, availabilityZones: azs, standbyShare: share, demand });
      // The primary as a hot standby's Regions.
      expect(carries(afterAzLoss(primary.minCapacity!, azs[0], demand.surviveAzLoss), demand, 1, 1)).toBe(true);
      // The standby's minimum carries its share with an AZ lost, and no fewer instances would.
      const [sn, sd] = toFraction(share).map(Number);
      expect(carries(afterAzLoss(standby.minCapacity!, azs[1], demand.surviveAzLoss), demand, sn, sd)).toBe(true);
      expect(oneFewerCarries(standby.instancesPerAz!, azs[1], demand, sn, sd)).toBe(false);
      // Once activated it carries the full peak with an AZ lost, minimally.
      const activated = standby.activatedMinCapacity!;
      expect(activated % azs[1]).toBe(0);
      expect(carries(afterAzLoss(activated, azs[1], demand.surviveAzLoss), demand, 1, 1)).toBe(true);
      if (activated > azs[1]) expect(carries(afterAzLoss(activated - azs[1], azs[1], demand.surviveAzLoss), demand, 1, 1)).toBe(false);
      expect(standby.minCapacity!).toBeLessThanOrEqual(activated);
      // Its maximum lets the switch raise it.
      expect(standby.maxCapacity!).toBeGreaterThanOrEqual(activated);
      expect(standby.normalRequestsPerSecond).toBe(0);
    }), { numRuns: 1000 });
  });

  test('active-active: any N - 1 Regions carry the peak after one is lost, each statically stable, minimally', () => {
    fc.assert(fc.property(demandArb, regionsArb(2, 5), (demand, azs) => {
      const n = azs.length;
      const fleets = planRegionalCapacity({ mode: RegionMode.ACTIVE_ACTIVE, availabilityZones: azs, standbyShare: 0.5, demand });
      fleets.forEach((f, i) => {
        // Each survivor carries peak / (N - 1) with one of its AZs lost...
        expect(carries(afterAzLoss(f.minCapacity!, azs[i], demand.surviveAzLoss), demand, 1, n - 1)).toBe(true);
        expect(oneFewerCarries(f.instancesPerAz!, azs[i], demand, 1, n - 1)).toBe(false);
        expect(f.normalRequestsPerSecond).toBeCloseTo(demand.peakRequestsPerSecond / n, 6);
      });
      // ...so whichever Region is lost, the others together carry the whole peak.
      for (let lost = 0; lost < n; lost++) {
        const left = fleets.reduce((sum, f, i) => (i === lost ? sum : sum + afterAzLoss(f.minCapacity!, azs[i], demand.surviveAzLoss)), 0);
        expect(carries(left, demand, 1, 1)).toBe(true);
      }
    }), { numRuns: 1000 });
  });
});

describe('Region-loss capacity without demand: the given fleet is what one Region runs for the whole service', () => {
  const fixed = { minCapacity: 12, maxCapacity: 24 };
  test('hot standby keeps the bounds in every Region', () => {
    const fleets = planRegionalCapacity({ mode: RegionMode.HOT_STANDBY, availabilityZones: [3, 3], standbyShare: 0.5, fixed });
    expect(fleets.map((f) => [f.minCapacity, f.maxCapacity, f.activatedMinCapacity])).toEqual([[12, 24, 12], [12, 24, 12]]);
  });

  test('a warm standby stands at its share, rounded up to whole AZs, and is raised to the full fleet', () => {
    const [, standby] = planRegionalCapacity({ mode: RegionMode.WARM_STANDBY, availabilityZones: [3, 2], standbyShare: 0.3, fixed });
    // 0.3 x 12 = 3.6 -> 4 -> a multiple of 2 AZs: 4
    expect([standby.minCapacity, standby.maxCapacity, standby.activatedMinCapacity]).toEqual([4, 24, 12]);
  });

  test('active-active splits the fleet over N - 1 Regions, rounded up to whole AZs', () => {
    const fleets = planRegionalCapacity({ mode: RegionMode.ACTIVE_ACTIVE, availabilityZones: [3, 3, 2], standbyShare: 0.5, fixed });
    expect(fleets.map((f) => [f.minCapacity, f.maxCapacity])).toEqual([[6, 12], [6, 12], [6, 12]]);
  });

  test('nothing given: every Region keeps the service default', () => {
    const fleets = planRegionalCapacity({ mode: RegionMode.WARM_STANDBY, availabilityZones: [3, 3], standbyShare: 0.5 });
    expect(fleets).toEqual([{ availabilityZones: 3 }, { availabilityZones: 3 }]);
  });
});

describe('worked examples', () => {
  const demand: GlobalDemand = {
    peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, targetUtilization: 0.7, burstFactor: 2, surviveAzLoss: true,
  };
  test('warm standby, 3 AZs each, half the peak: primary 27, standby 15 raised to 27', () => {
    // full: ceil(1200 / 70 / 2) = 9 per AZ; half: ceil(600 / 70 / 2) = 5 per AZ
    const [p, s] = planRegionalCapacity({ mode: RegionMode.WARM_STANDBY, availabilityZones: [3, 3], standbyShare: 0.5, demand });
    expect([p.minCapacity, p.maxCapacity, s.minCapacity, s.maxCapacity, s.activatedMinCapacity]).toEqual([27, 54, 15, 54, 27]);
  });
  test('active-active over 3 Regions: each carries 600 rps after a loss: 5 per AZ', () => {
    const fleets = planRegionalCapacity({ mode: RegionMode.ACTIVE_ACTIVE, availabilityZones: [3, 3, 3], standbyShare: 0.5, demand });
    expect(fleets.map((f) => f.minCapacity)).toEqual([15, 15, 15]);
    expect(fleets[0].designRequestsPerSecond).toBe(600);
    expect(fleets[0].normalRequestsPerSecond).toBe(400);
  });
});
