import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as fc from 'fast-check';
import { CapacityDistributionStrategy, CapacityReservations, carriesPeakAfterAzLoss, instancesByAz, LCU, LCU_RESERVATION, loadBalancerCapacityNeeds, reservedUnitsFor, unitsAfterAzLoss } from '../../../src/core/capacity/assurance';
import { CapacityPlan } from '../../../src/core/capacity/demand';
import { ServiceOptions } from '../../../src/core/options/options';
import { renderReportMarkdown } from '../../../src/core/report/report';
import { INFOS, WARNINGS } from '../../../src/core/service/plan';
import { LAUNCH_HOOK_SCRIPT, LAUNCH_HOOK_UNIT, launchHookCommands } from '../../../src/core/tiers/user-data';
import { PLAIN_ENV, plainPlan, plainProblems } from '../plain';

// The capacity the service can count on when an AZ fails, decided on plain data: the load
// balancer's reserved capacity units, the group's AZ distribution, capacity reservations, the warm
// pool and the group's deletion protection.

const demand = (extra: Partial<Parameters<typeof CapacityPlan.fromDemand>[0]> = {}) =>
  CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, ...extra });

describe('load balancer capacity units, by each published dimension', () => {
  const base = { requestsPerSecond: 1000, rulesPerRequest: 1 };

  test('new connections: 25 a second per LCU, one per request unless told', () => {
    expect(loadBalancerCapacityNeeds(base)).toEqual(expect.objectContaining({ newConnections: 40, units: 40, busiest: 'newConnections' }));
    expect(loadBalancerCapacityNeeds({ ...base, newConnectionsPerSecond: 250 })).toEqual(expect.objectContaining({ newConnections: 10, units: 10 }));
  });

  test('active connections: 3,000 a minute per LCU, counted only when given', () => {
    expect(loadBalancerCapacityNeeds(base).activeConnections).toBeUndefined();
    expect(loadBalancerCapacityNeeds({ ...base, activeConnections: 600_000 })).toEqual(expect.objectContaining({
      activeConnections: 200, units: 200, busiest: 'activeConnections',
    }));
  });

  test('processed bytes: 1 GB an hour per LCU, from the bytes per request, counted only when given', () => {
    expect(loadBalancerCapacityNeeds(base).processedBytes).toBeUndefined();
    // 1000 requests x 100 kB = 100 MB a second = 360 GB an hour.
    expect(loadBalancerCapacityNeeds({ ...base, bytesPerRequest: 100_000 })).toEqual(expect.objectContaining({
      processedBytes: 360, units: 360, busiest: 'processedBytes',
    }));
  });

  test('rule evaluations: requests x (rules - 10 free) per 1,000 a second: none for the one-rule listener', () => {
    expect(loadBalancerCapacityNeeds(base).ruleEvaluations).toBe(0);
    expect(loadBalancerCapacityNeeds({ ...base, rulesPerRequest: 10 }).ruleEvaluations).toBe(0);
    expect(loadBalancerCapacityNeeds({ ...base, newConnectionsPerSecond: 0, rulesPerRequest: 14 })).toEqual(expect.objectContaining({
      ruleEvaluations: 4, units: 4, busiest: 'ruleEvaluations',
    }));
  });

  test('reserved units: the busiest dimension over the AZs left after losing one, whole, at least 100', () => {
    const peak = { requestsPerSecond: 3000, rulesPerRequest: 1 }; // 120 LCUs of new connections
    expect(reservedUnitsFor(peak, 3, true)).toBe(180); // x 3/2
    expect(reservedUnitsFor(peak, 2, true)).toBe(240); // x 2/1
    expect(reservedUnitsFor(peak, 3, false)).toBe(120);
    expect(reservedUnitsFor({ requestsPerSecond: 3010, rulesPerRequest: 1 }, 3, true)).toBe(181); // 120.4 x 1.5 = 180.6
    expect(reservedUnitsFor({ requestsPerSecond: 100, rulesPerRequest: 1 }, 3, true)).toBe(LCU_RESERVATION.minimumUnits);
    expect(unitsAfterAzLoss(180, 3)).toBe(120);
  });

  test('on the boundary: a peak that needs exactly 150 after the AZ factor gets 150, a hair more gets 151', () => {
    // 2500 new connections of 25 = 100 LCUs exactly; x 3/2 = 150 exactly.
    expect(reservedUnitsFor({ requestsPerSecond: 2500, rulesPerRequest: 1 }, 3, true)).toBe(150);
    expect(reservedUnitsFor({ requestsPerSecond: 1, newConnectionsPerSecond: 2500.0000001, rulesPerRequest: 1 }, 3, true)).toBe(151);
  });

  test('property: the AZs left after losing one hold the busiest dimension, and one unit less would not', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5_000_000 }).map((n) => n / 100),
      fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: undefined }),
      fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: undefined }),
      fc.integer({ min: 2, max: 6 }),
      (rps, active, bytes, azs) => {
        const d = { requestsPerSecond: rps, activeConnections: active, bytesPerRequest: bytes, rulesPerRequest: 1 };
        const reserved = reservedUnitsFor(d, azs, true);
        const busiest = Math.max(rps / LCU.newConnectionsPerSecond, (active ?? 0) / LCU.activeConnectionsPerMinute,
          rps * (bytes ?? 0) * 3600 / LCU.processedBytesPerHour);
        const held = (units: number) => units * (azs - 1) / azs;
        expect(Number.isInteger(reserved)).toBe(true);
        expect(reserved).toBeGreaterThanOrEqual(LCU_RESERVATION.minimumUnits);
        expect(held(reserved)).toBeGreaterThanOrEqual(busiest * (1 - 1e-12));
        if (reserved > LCU_RESERVATION.minimumUnits) expect(held(reserved - 1)).toBeLessThan(busiest * (1 + 1e-12));
      },
    ), { numRuns: 2000 });
  });
});

describe('the load balancer reservation in the plan', () => {
  const toReserve = (o: ServiceOptions) => plainPlan(o).loadBalancing.capacityToReserve;
  const reservation = (o: ServiceOptions) => plainPlan(o).loadBalancing.capacityReservation;

  test('off without a demand plan, with its reason in the report', () => {
    const p = plainPlan();
    expect(p.loadBalancing.capacityReservation).toBeUndefined();
    expect(p.loadBalancing.capacityToReserve).toBeUndefined();
    expect(p.report.loadBalancerCapacityUnits).toBe(0);
    expect(p.report.loadBalancerCapacity).toBe('none: a reservation is opt-in (loadBalancerCapacityUnits), and there is no demand plan to size one from');
    expect(p.warnings.map((w) => w.id)).not.toContain(WARNINGS.loadBalancerCapacityQuota);
    expect(p.infos).toEqual([]);
  });

  test('with a demand plan: nothing reserved, no warning; the report and an info say what to reserve and what it would cost', () => {
    // 1200 requests a second, one new connection each: 48 LCUs; x 3/2 = 72; at least 100.
    const p = plainPlan({ capacity: demand() });
    expect(p.loadBalancing.capacityReservation).toBeUndefined();
    expect(p.loadBalancing.capacityToReserve).toEqual(expect.objectContaining({
      units: 100, source: 'demand', surviveAzLoss: true, hourlyCostUsd: 0.8, provisioningWaitSeconds: 10800,
    }));
    expect(p.loadBalancing.capacityToReserve!.needs).toEqual(expect.objectContaining({ newConnections: 48, units: 48 }));
    expect(p.warnings.map((w) => w.id)).not.toContain(WARNINGS.loadBalancerCapacityQuota);
    expect(p.report).toEqual(expect.objectContaining({
      loadBalancerCapacityUnits: 0,
      loadBalancerCapacityHourlyCostUsd: 0,
      loadBalancerCapacityUnitsToReserve: 100,
      loadBalancerCapacityToReserveHourlyCostUsd: 0.8,
    }));
    // $0.80 an hour x 730 hours.
    expect(p.report.loadBalancerCapacity).toMatch(/^none: a reservation is opt-in \(loadBalancerCapacityUnits\)\. To take the planned peak at once, reserve 100 LCUs \(loadBalancerCapacityUnits: 100\), sized for the planned peak of 1200 requests a second, which needs 48 LCUs .*\$0\.8 an hour \(about \$584 a month\).*L-8A66D0E6/);
    expect(p.infos).toEqual([{
      id: INFOS.loadBalancerCapacityToReserve,
      message: 'The planned peak needs 48 load balancer capacity units; nothing is reserved (opt in with loadBalancerCapacityUnits: 100, which keeps the peak\'s units after losing an AZ, '
        + 'for about $584 a month at $0.008 per LCU-hour in US East (N. Virginia), once the Region\'s quota L-8A66D0E6 is raised from 0).',
    }]);
  });

  test('bytes per request and connections from the demand plan size it; a fixed plan with a peak too', () => {
    expect(toReserve({ capacity: demand({ bytesPerRequest: 200_000 }) })).toEqual(expect.objectContaining({ units: 1296 })); // 864 GB/h x 1.5
    expect(toReserve({ capacity: demand({ peakNewConnectionsPerSecond: 6000 }) })?.units).toBe(360); // 240 x 1.5
    expect(toReserve({ capacity: demand({ peakActiveConnections: 900_000 }) })?.units).toBe(450); // 300 x 1.5
    expect(toReserve({ capacity: demand({ surviveAzLoss: false, peakNewConnectionsPerSecond: 6000 }) })?.units).toBe(240);
    const fixed = CapacityPlan.fixed({
      minCapacity: 27, maxCapacity: 54, peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, peakNewConnectionsPerSecond: 6000,
    });
    expect(toReserve({ capacity: fixed })?.units).toBe(360);
    expect(toReserve({ capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 6 }) })).toBeUndefined();
  });

  test('scheduled peaks never drive it: the plan\'s peak is reserved around the clock, the peaks above are named', () => {
    const r = toReserve({ capacity: demand(), scheduledDemand: [{ peakRequestsPerSecond: 3000 }, { peakRequestsPerSecond: 200 }] })!;
    expect(r.units).toBe(100);
    expect(r.scheduledPeaksAbove).toEqual([{ prop: 'scheduledDemand[0]', peakRequestsPerSecond: 3000, units: 120 }]);
    const reserved = plainPlan({ capacity: demand(), scheduledDemand: [{ peakRequestsPerSecond: 3000 }], loadBalancerCapacityUnits: 100 });
    expect(reserved.report.loadBalancerCapacity)
      .toContain('not reserved for (the reservation holds the plan\'s own peak, since it can be lowered only twice a day): scheduledDemand[0]');
  });

  test('loadBalancerCapacityUnits sets it (with or without demand) or turns it off with 0', () => {
    expect(reservation({ loadBalancerCapacityUnits: 500 })).toEqual(expect.objectContaining({ units: 500, source: 'loadBalancerCapacityUnits', hourlyCostUsd: 4 }));
    expect(reservation({ capacity: demand(), loadBalancerCapacityUnits: 250 })?.units).toBe(250);
    const off = plainPlan({ capacity: demand(), loadBalancerCapacityUnits: 0 });
    expect(off.loadBalancing.capacityReservation).toBeUndefined();
    expect(off.report.loadBalancerCapacity).toMatch(/^none: turned off \(loadBalancerCapacityUnits: 0\)\. To take the planned peak at once, reserve 100 LCUs/);
    expect(off.warnings.map((w) => w.id)).not.toContain(WARNINGS.loadBalancerCapacityQuota);
    // Turned off on purpose: no info.
    expect(off.infos).toEqual([]);
    // Opted in: the quota warning, no info.
    const on = plainPlan({ capacity: demand(), loadBalancerCapacityUnits: 100 });
    expect(on.warnings.find((w) => w.id === WARNINGS.loadBalancerCapacityQuota)?.message)
      .toMatch(/reserves 100 load balancer capacity units.*quota of reserved Application Load Balancer LCUs is 0.*L-8A66D0E6.*or leave loadBalancerCapacityUnits unset\.$/);
    expect(on.infos).toEqual([]);
    expect(on.report.loadBalancerCapacityUnitsToReserve).toBeUndefined();
    // Above the per-load-balancer quota: allowed (the quota is adjustable), and the warning says so.
    expect(plainPlan({ loadBalancerCapacityUnits: 20000 }).warnings.find((w) => w.id === WARNINGS.loadBalancerCapacityQuota)?.message)
      .toContain('with the quota per load balancer (15000 by default)');
  });

  test.each([[50], [99], [150.5], [-1], [2147483648], [NaN]])('loadBalancerCapacityUnits %p is rejected with the allowed range', (units) => {
    expect(plainProblems({ loadBalancerCapacityUnits: units })).toEqual([
      `loadBalancerCapacityUnits must be 0 (no reservation) or a whole number of load balancer capacity units from 100 (the least an Application Load Balancer reserves) to 2147483647, received ${units}`,
    ]);
  });

  test('a deploy-time value is passed through, its figures unknown', () => {
    const p = plainPlan({ capacity: demand(), scheduledDemand: [{ peakRequestsPerSecond: 9000 }], loadBalancerCapacityUnits: '${Token[N]}' as unknown as number });
    expect(p.loadBalancing.capacityReservation).toEqual(expect.objectContaining({
      units: '${Token[N]}', unitsKnown: false, hourlyCostUsd: 0, unitsAfterAzLoss: 0, scheduledPeaksAbove: [],
    }));
    expect(p.report.loadBalancerCapacity).toBe('set by loadBalancerCapacityUnits, a value known at deploy time');
  });
});

describe('the load balancer demand in the capacity plan', () => {
  test.each([
    ['peakNewConnectionsPerSecond', -1], ['peakActiveConnections', Infinity], ['bytesPerRequest', -0.5],
  ] as const)('%s %p is rejected', (prop, value) => {
    expect(() => demand({ [prop]: value })).toThrow(`${prop} must be a number of at least 0, received ${value}`);
  });

  test('a fixed plan takes them only with its peak', () => {
    expect(() => CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 6, bytesPerRequest: 1000 }))
      .toThrow('bytesPerRequest describes the peak: give peakRequestsPerSecond and requestsPerSecondPerInstance with it');
  });

  test('another peak scales the connections with the requests and keeps the bytes per request', () => {
    const scaled = demand({ peakNewConnectionsPerSecond: 600, peakActiveConnections: 3000, bytesPerRequest: 5000 }).withPeak(2400).demand!;
    expect(scaled).toEqual(expect.objectContaining({ peakNewConnectionsPerSecond: 1200, peakActiveConnections: 6000, bytesPerRequest: 5000 }));
  });
});

describe('AZ distribution strategy', () => {
  const strategy = (o: ServiceOptions) => plainPlan(o).fleet.assurance.capacityDistribution;

  test('statically stable plan: balanced-only, as AWS recommends for groups that carry the loss of an AZ', () => {
    const d = strategy({ capacity: demand() });
    expect(d).toEqual(expect.objectContaining({ strategy: CapacityDistributionStrategy.BALANCED_ONLY, staticallyStable: true }));
    expect(d.reason).toMatch(/static stability.*AWS recommends/);
  });

  test.each<[string, ServiceOptions]>([
    ['no demand plan', {}],
    ['a plan that does not survive an AZ loss', { capacity: demand({ surviveAzLoss: false }) }],
    ['a fixed fleet below the peak after an AZ loss', { capacity: CapacityPlan.fixed({ minCapacity: 6, maxCapacity: 12, peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }) }],
  ])('%s: balanced-best-effort, AWS\'s default', (_name, o) => {
    expect(strategy(o)).toEqual(expect.objectContaining({ strategy: CapacityDistributionStrategy.BALANCED_BEST_EFFORT, staticallyStable: false }));
  });

  test('a fixed fleet that carries its peak after an AZ loss is statically stable too', () => {
    const fixed = CapacityPlan.fixed({ minCapacity: 27, maxCapacity: 54, peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
    expect(strategy({ capacity: fixed }).strategy).toBe(CapacityDistributionStrategy.BALANCED_ONLY);
  });

  test('static stability is exact: 18 instances x 100 x 0.7 = 1260 carry 1260, not 1260.5', () => {
    const peak = (p: number) => ({ peakRequestsPerSecond: p, requestsPerSecondPerInstance: 100, targetUtilization: 0.7 });
    expect(carriesPeakAfterAzLoss(27, 3, peak(1260))).toBe(true);
    expect(carriesPeakAfterAzLoss(27, 3, peak(1260.5))).toBe(false);
    expect(carriesPeakAfterAzLoss(27, 3, undefined)).toBe(false);
  });

  test('capacityDistributionStrategy overrides the plan either way, and says so; BALANCED_ONLY without static stability warns', () => {
    const best = strategy({ capacity: demand(), capacityDistributionStrategy: CapacityDistributionStrategy.BALANCED_BEST_EFFORT });
    expect(best).toEqual(expect.objectContaining({ strategy: 'balanced-best-effort', reason: 'chosen (capacityDistributionStrategy); the plan would keep balanced-only' }));
    const forced = plainPlan({ capacityDistributionStrategy: CapacityDistributionStrategy.BALANCED_ONLY });
    expect(forced.fleet.assurance.capacityDistribution.strategy).toBe('balanced-only');
    expect(forced.warnings.map((w) => w.id)).toContain(WARNINGS.balancedOnlyWithoutStaticStability);
    expect(plainPlan({ capacity: demand() }).warnings.map((w) => w.id)).not.toContain(WARNINGS.balancedOnlyWithoutStaticStability);
  });

  test('a value outside the enum is rejected, naming the allowed ones', () => {
    expect(plainProblems({ capacityDistributionStrategy: 'balanced' as CapacityDistributionStrategy })).toEqual([
      'capacityDistributionStrategy must be one of CapacityDistributionStrategy.BALANCED_ONLY (\'balanced-only\'), '
      + 'CapacityDistributionStrategy.BALANCED_BEST_EFFORT (\'balanced-best-effort\'), received "balanced"',
    ]);
  });
});

describe('capacity reservations: the share of the minimum reserved', () => {
  const reserved = (o: ServiceOptions) => plainPlan(o).fleet.assurance.capacityReservation;

  test('instances by AZ, the fullest first, as Auto Scaling balances them', () => {
    expect(instancesByAz(27, 3)).toEqual([9, 9, 9]);
    expect(instancesByAz(4, 3)).toEqual([2, 1, 1]);
  });

  test.each<[string, ServiceOptions, number, number]>([
    ['5 of 9 per AZ', { capacity: demand(), capacityReservations: CapacityReservations.open(5) }, 15, 55.6],
    ['all 9 per AZ', { capacity: demand(), capacityReservations: CapacityReservations.open(9) }, 27, 100],
    ['more than the minimum', { capacity: demand(), capacityReservations: CapacityReservations.open(12) }, 27, 100],
    ['1 per AZ of an uneven 2-1-1', { minCapacity: 4, capacityReservations: CapacityReservations.open(1) }, 3, 75],
  ])('%s', (_name, o, instances, share) => {
    expect(reserved(o)).toEqual(expect.objectContaining({ preference: 'capacity-reservations-first', reservedInstances: instances, reservedSharePercent: share }));
  });

  test('open reservations have no target; a resource group is targeted; the report states the share', () => {
    expect(reserved({ capacityReservations: CapacityReservations.open(1) })?.resourceGroupArn).toBeUndefined();
    const arn = 'arn:aws:resource-groups:eu-west-1:123456789012:group/shop-reservations';
    const p = plainPlan({ capacity: demand(), capacityReservations: CapacityReservations.fromResourceGroup(arn, 5) });
    expect(p.fleet.assurance.capacityReservation?.resourceGroupArn).toBe(arn);
    expect(p.report.reservedShareOfMinimumPercent).toBe(55.6);
    expect(p.report.capacityReservations).toContain('15 of the 27 instances of the minimum run in On-Demand Capacity Reservations (5 reserved per AZ, the resource group\'s reservations');
    expect(plainPlan().report.reservedShareOfMinimumPercent).toBeUndefined();
  });

  test.each<[CapacityReservations, string]>([
    [CapacityReservations.open(0), 'capacityReservations.reservedInstancesPerAz must be a whole number of instances, at least 1, received 0'],
    [CapacityReservations.open(1.5), 'capacityReservations.reservedInstancesPerAz must be a whole number of instances, at least 1, received 1.5'],
    [CapacityReservations.fromResourceGroup('arn:aws:ec2:eu-west-1:123456789012:capacity-reservation/cr-1', 1),
      'capacityReservations.resourceGroupArn must be a resource group ARN such as arn:aws:resource-groups:eu-west-1:123456789012:group/my-reservations, received "arn:aws:ec2:eu-west-1:123456789012:capacity-reservation/cr-1"'],
    [CapacityReservations.fromResourceGroup('arn:aws:resource-groups:us-east-1:123456789012:group/r', 1),
      'capacityReservations.resourceGroupArn must be in the service\'s Region eu-west-1, received one in us-east-1'],
  ])('rejects %p', (reservations, message) => {
    expect(plainProblems({ capacityReservations: reservations })).toEqual([message]);
  });

  test('a deploy-time ARN is passed through', () => {
    expect(plainProblems({ capacityReservations: CapacityReservations.fromResourceGroup('${Token[Arn]}', 1) })).toEqual([]);
  });
});

describe('warm pool', () => {
  const warm = (o: ServiceOptions) => plainPlan(o).fleet.assurance.warmPool;

  test('opt-in; by default the AZs left after losing one hold as many stopped instances as the fullest AZ runs', () => {
    expect(warm({})).toBeUndefined();
    // 9 per AZ over 3 AZs: ceil(9 / 2) = 5 per AZ, 15 in all, so 10 survive the loss of any AZ.
    expect(warm({ capacity: demand(), warmPool: {} })).toEqual({
      poolState: 'Stopped', minSize: 15, maxGroupPreparedCapacity: 15, reuseOnScaleIn: false, storageGiB: 300,
    });
    expect(warm({ warmPool: {} })?.minSize).toBe(3); // 1 per AZ: ceil(1 / 2) = 1 per AZ
    expect(warm({ warmPool: { minSize: 0, reuseOnScaleIn: true } }))
      .toEqual(expect.objectContaining({ minSize: 0, maxGroupPreparedCapacity: 0, reuseOnScaleIn: true }));
  });

  test('the launch hook then reports at every boot, and the report gives the warm replacement time', () => {
    const p = plainPlan({ warmPool: {} });
    expect(p.fleet.launchHook?.everyBoot).toBe(true);
    expect(plainPlan().fleet.launchHook?.everyBoot).toBe(false);
    // detection 20 s + a 30 s warm start + 2 healthy checks of 10 s, against 160 s with a 120 s boot.
    // The grace period is not in either: it delays the group's checks of a new instance, not the replacement.
    expect(p.report.warmReplacementSeconds).toBe(70);
    expect(p.report.replacementSeconds).toBe(160);
    expect(plainPlan().report.warmReplacementSeconds).toBeUndefined();
    // The instance-loss experiment predicts the replacement from the pool.
    const loss = p.report.experiments.find((e) => e.id === 'InstanceLoss')!;
    expect(loss.recoverySeconds).toBe(70);
    expect(loss.summary).toContain('the group replaces it in about 70 s from its warm pool. No alarm fires.');
    expect(plainPlan().report.experiments.find((e) => e.id === 'InstanceLoss')!.recoverySeconds).toBe(160);
  });

  test.each([[-1], [2.5]])('warmPool.minSize %p is rejected', (minSize) => {
    expect(plainProblems({ warmPool: { minSize } })).toEqual([`warmPool.minSize must be a whole number of instances, at least 0, received ${minSize}`]);
  });

  test('its stopped instances need addresses in the private subnets too', () => {
    expect(plainProblems({ minCapacity: 3000, maxCapacity: 3000, warmPool: { minSize: 6000 } })).toEqual([
      'maxCapacity 3000 with its warm pool of 6000 (warmPool.minSize) needs up to 9000 instances, 4500 in one AZ after losing another, '
        + 'more than the 4091 addresses of a private subnet (/20) of the service\'s VPC: lower the peak or raise the per-instance rate',
    ]);
  });

  test('without the launch hook it warns: the instance may be stopped before its user data is done', () => {
    expect(plainPlan({ warmPool: {}, signalOnHealthy: false }).warnings.map((w) => w.id)).toContain(WARNINGS.warmPoolWithoutLaunchHook);
    expect(plainPlan({ warmPool: {} }).warnings.map((w) => w.id)).not.toContain(WARNINGS.warmPoolWithoutLaunchHook);
  });
});

describe('the launch hook at every boot (warm pool)', () => {
  const hook = { name: 'app-healthy', healthWaitSeconds: 30, heartbeatTimeoutSeconds: 90, defaultResult: 'ABANDON' as const, healthUrl: 'http://127.0.0.1:8080/health' };
  const once = launchHookCommands({ ...hook, everyBoot: false }, 'eu-west-1');
  const every = launchHookCommands({ ...hook, everyBoot: true }, 'eu-west-1');
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'launch-hook-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a systemd unit runs the same report at every boot; the first boot runs it from the user data', () => {
    const script = every.join('\n');
    const report = script.split("<<'HOOK'\n")[1].split('\nHOOK\n')[0];
    expect(report).toBe(['#!/bin/bash', ...once.slice(1)].join('\n'));
    const unit = script.split("<<'UNIT'\n")[1].split('\nUNIT\n')[0];
    expect(unit.split('\n')).toEqual(expect.arrayContaining(['Type=oneshot', `ExecStart=${LAUNCH_HOOK_SCRIPT}`, 'WantedBy=multi-user.target', 'After=network-online.target']));
    expect(every.slice(-3)).toEqual(['systemctl daemon-reload', `systemctl enable ${LAUNCH_HOOK_UNIT}`, LAUNCH_HOOK_SCRIPT]);
    const file = path.join(dir, 'user-data.sh');
    fs.writeFileSync(file, `#!/bin/bash\n${script}\n`);
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
  });

  test('run with stand-ins for curl and the AWS CLI, the installed report completes the hook with CONTINUE', () => {
    const report = every.join('\n').split("<<'HOOK'\n")[1].split('\nHOOK\n')[0];
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const log = path.join(dir, 'aws.log');
    fs.writeFileSync(path.join(bin, 'curl'), '#!/bin/bash\ncase "$*" in *instance-id*) echo i-0123;; *api/token*) echo token;; esac\nexit 0\n', { mode: 0o755 });
    fs.writeFileSync(path.join(bin, 'aws'), `#!/bin/bash\necho "$*" >> ${log}\ncase "$2" in describe-auto-scaling-instances) echo shop-fleet;; esac\n`, { mode: 0o755 });
    const file = path.join(dir, 'launch-hook.sh');
    fs.writeFileSync(file, report, { mode: 0o755 });
    const run = spawnSync('bash', [file], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
    expect(run.status).toBe(0);
    expect(fs.readFileSync(log, 'utf8').trim().split('\n').pop()).toBe(
      'autoscaling complete-lifecycle-action --region eu-west-1 --auto-scaling-group-name shop-fleet --lifecycle-hook-name app-healthy --instance-id i-0123 --lifecycle-action-result CONTINUE',
    );
  });
});

describe('deletion protection of the group', () => {
  test('on by default like the database\'s, off with deletionProtection: false', () => {
    expect(plainPlan().fleet.assurance.deletionProtection).toBe('prevent-all-deletion');
    expect(plainPlan().report.fleetDeletionProtection).toMatch(/^prevent-all-deletion/);
    expect(plainPlan({ deletionProtection: false }).fleet.assurance.deletionProtection).toBe('none');
  });

  test('a renderer that cannot set it says why; the report says so, and a warning when it was asked for explicitly', () => {
    const env = { ...PLAIN_ENV, fleetDeletionProtectionUnavailable: 'the engine has no such setting' };
    const byDefault = plainPlan({}, env);
    expect(byDefault.fleet.assurance).toEqual(expect.objectContaining({ deletionProtection: 'none', deletionProtectionUnavailable: 'the engine has no such setting' }));
    expect(byDefault.report.fleetDeletionProtection).toBe('none: the engine has no such setting; deletionProtection protects the load balancer and the database');
    expect(byDefault.warnings.map((w) => w.id)).not.toContain(WARNINGS.fleetDeletionProtectionUnavailable);
    expect(plainPlan({ deletionProtection: true }, env).warnings.map((w) => w.id)).toContain(WARNINGS.fleetDeletionProtectionUnavailable);
    expect(plainPlan({ deletionProtection: false }, env).fleet.assurance.deletionProtectionUnavailable).toBeUndefined();
  });
});

describe('the report', () => {
  test('the Markdown has the capacity section, with the reservation, its cost and price date, and each decision', () => {
    const p = plainPlan({ capacity: demand(), warmPool: {}, capacityReservations: CapacityReservations.open(9) });
    const md = renderReportMarkdown('Shop/Api', p.report, p.diagram);
    const section = md.split('## Capacity you can count on when an AZ fails')[1].split('## Findings')[0];
    expect(section).toContain('| load balancer capacity reserved | none: a reservation is opt-in (loadBalancerCapacityUnits). To take the planned peak at once, reserve 100 LCUs');
    expect(section).toContain('$0.8 an hour (about $584 a month) at $0.008 per reserved LCU-hour (US East (N. Virginia), November 2025');
    expect(section).toContain('| AZ distribution when launches fail | `balanced-only`');
    expect(section).toContain('| On-Demand Capacity Reservations | 100 % of the minimum');
    expect(section).toContain('| warm pool | 15 stopped instances');
    expect(section).toContain('a faster start, not a reservation (a stopped instance holds no EC2 capacity');
    expect(section).toContain('| Auto Scaling group deletion protection | prevent-all-deletion');
    expect(section).toContain('Sources: [Elastic Load Balancing pricing](https://aws.amazon.com/elasticloadbalancing/pricing/)');
    expect(md).toContain('~160 s (detection + 120 s boot estimate + the new target\'s healthy checks; at most 440 s before the launch hook gives up); ~70 s from the warm pool (a 30 s start instead of the boot)');
    expect(p.report.loadBalancerCapacityHourlyCostUsd).toBe(0);
    expect(p.report.loadBalancerCapacityToReserveHourlyCostUsd).toBe(0.8);
  });
});
