import { AlarmSpec, Comparison } from '../../../src/core/tiers/alarms';
import { OUTLIER_RULE, planOutlierDetection } from '../../../src/core/tiers/outlier-detection';
import { evaluate } from '../metric-math';

// The outlier rule on plain data: each planned expression is evaluated as CloudWatch would, on one
// minute of per-AZ figures, and compared with its alarm's threshold.
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
const plan = planOutlierDetection(AZS, 0.5, false);
const alarm = (id: string) => plan.alarms.find((a) => a.id === id)!;

/** Whether one minute breaches the alarm, given each metric id's value (undefined: no data point). */
function breaches(spec: AlarmSpec, values: Record<string, number | undefined>): boolean | undefined {
  const v = evaluate(spec.expression!, values);
  if (v === undefined) return undefined;
  expect(spec.comparison).toBe(Comparison.GREATER_THAN_OR_EQUAL);
  return v >= spec.threshold;
}
/** Faults alarm of AZ n, with per-AZ 5xx counts and the AZ's own requests. */
const faults = (n: number, fives: Array<number | undefined>, requests: number | undefined) =>
  breaches(alarm(`OutlierFaultsAz${n}`), { requests, f1: fives[0], f2: fives[1], f3: fives[2] });
/** Latency alarm of AZ n, with per-AZ % of requests within the threshold. */
const latency = (n: number, within: Array<number | undefined>, requests: number | undefined) =>
  breaches(alarm(`OutlierLatencyAz${n}`), { requests, s1: within[0], s2: within[1], s3: within[2] });

describe('the fault rule', () => {
  test('an AZ with most of the Region\'s errors fires; the others do not', () => {
    const fives = [2, 40, 3];
    expect([1, 2, 3].map((n) => faults(n, fives, 1000))).toEqual([false, true, false]);
  });

  test('uniform failure across the AZs (a Region problem) fires in none', () => {
    expect([1, 2, 3].map((n) => faults(n, [300, 300, 300], 1000))).toEqual([false, false, false]);
    // Even uneven but shared failure: no AZ holds 70 %.
    expect([1, 2, 3].map((n) => faults(n, [200, 500, 300], 1000))).toEqual([false, false, false]);
  });

  test('too few requests in the AZ does not fire, however lopsided', () => {
    expect(faults(2, [0, 40, 0], OUTLIER_RULE.minimumRequestsPerMinute - 1)).toBe(false);
    expect(faults(2, [0, 40, 0], OUTLIER_RULE.minimumRequestsPerMinute)).toBe(true);
  });

  test('a trickle of errors in one AZ is no outlier: its own rate must reach the impact floor', () => {
    // 100 % of the Region's errors, but 1 error in 1000 requests (0.1 %).
    expect(faults(2, [0, 1, 0], 1000)).toBe(false);
    expect(faults(2, [0, 20, 0], 1000)).toBe(true);
  });

  test('AZs that report no errors count as none, and an AZ with no requests reported is no data', () => {
    expect(faults(2, [undefined, 40, undefined], 1000)).toBe(true);
    expect(faults(2, [undefined, undefined, undefined], undefined)).toBeUndefined();
    expect(alarm('OutlierFaultsAz2').treatMissingData).toBe('notBreaching');
  });

  test('two AZs: the share means the bad AZ errs at least 2.33 times as often as the other', () => {
    const two = planOutlierDetection(AZS.slice(0, 2), 1, false).alarms.find((a) => a.id === 'OutlierFaultsAz1')!;
    expect(breaches(two, { requests: 1000, f1: 70, f2: 30 })).toBe(true);
    expect(breaches(two, { requests: 1000, f1: 69, f2: 31 })).toBe(false);
  });
});

describe('the latency rule', () => {
  test('an AZ whose requests are mostly the slow ones fires; uniform slowness does not', () => {
    expect([1, 2, 3].map((n) => latency(n, [99.9, 80, 99.8], 1000))).toEqual([false, true, false]);
    expect([1, 2, 3].map((n) => latency(n, [80, 80, 80], 1000))).toEqual([false, false, false]);
  });

  test('below the impact floor (fewer than 1 % slow) and below the request minimum it does not fire', () => {
    expect(latency(2, [100, 99.5, 100], 1000)).toBe(false);
    expect(latency(2, [100, 80, 100], 10)).toBe(false);
  });

  test('reads each AZ\'s percentile rank at the threshold, from the load balancer\'s per-AZ metrics', () => {
    const spec = alarm('OutlierLatencyAz1');
    expect(spec.metrics.s2).toEqual({ source: 'load-balancer', metricName: 'TargetResponseTime', statistic: 'PR(:0.5)', availabilityZone: 'eu-west-1b' });
    expect(spec.metrics.requests).toEqual({ source: 'load-balancer', metricName: 'RequestCount', statistic: 'Sum', availabilityZone: 'eu-west-1a' });
  });
});

describe('the plan', () => {
  test('two alarms per AZ, sustained (3 of 5 minutes), not critical, and one composite per AZ over them', () => {
    expect(plan.alarms.map((a) => a.id)).toEqual(['OutlierFaultsAz1', 'OutlierLatencyAz1', 'OutlierFaultsAz2', 'OutlierLatencyAz2', 'OutlierFaultsAz3', 'OutlierLatencyAz3']);
    for (const a of plan.alarms) expect([a.evaluationPeriods, a.datapointsToAlarm, a.periodSeconds, a.critical]).toEqual([5, 3, 60, false]);
    expect(plan.composites).toEqual([1, 2, 3].map((n) => expect.objectContaining({
      id: `ImpairedAz${n}`, operator: 'anyOf', alarmIds: [`OutlierFaultsAz${n}`, `OutlierLatencyAz${n}`], critical: false,
    })));
  });

  test('every alarm stays within CloudWatch\'s 10 metrics, up to 6 AZs; more is refused', () => {
    const six = planOutlierDetection(['a', 'b', 'c', 'd', 'e', 'f'], 1, false);
    for (const a of six.alarms) expect(Object.keys(a.metrics).length).toBeLessThanOrEqual(10);
    expect(() => planOutlierDetection(Array.from({ length: 10 }, (_, i) => `z${i}`), 1, false)).toThrow(/CloudWatch allows 10/);
  });

  test('says when the per-AZ metrics cannot see the instances\' AZ (cross-zone load balancing on)', () => {
    expect(plan.seesInstanceAz).toBe(true);
    const crossZone = planOutlierDetection(AZS, 0.5, true);
    expect(crossZone.seesInstanceAz).toBe(false);
    expect(crossZone.alarms[0].description).toMatch(/load balancer node's/);
    expect(plan.alarms[0].description).not.toMatch(/load balancer node's/);
  });

  test('the dashboard row shows the AZs side by side: requests, 5xx % and p99, one line per AZ', () => {
    expect(plan.dashboardRow.map((g) => g.title)).toEqual(['Requests per AZ (a minute)', 'Target 5xx % per AZ', 'p99 response time per AZ (s)']);
    for (const g of plan.dashboardRow) expect(g.left.map((s) => s.label)).toEqual(['AZ 1', 'AZ 2', 'AZ 3']);
    const rate = plan.dashboardRow[1].left[2];
    expect(evaluate(rate.expression!, { errors3: 30, requests3: 1000 })).toBe(3);
  });
});
