import { Validator } from '../../../src/core/base/validation';
import { AlarmSpec } from '../../../src/core/tiers/alarms';
import { SloPlan, estimateAgainstObjective, planSlo } from '../../../src/core/tiers/slo';
import { evaluate } from '../metric-math';
import { problemsOf } from '../plain';

// The objectives' planner on plain data: budgets, burn-rate thresholds and windows, bad input.
const PREFIX = 'Shop-Api-1a2b3c4d';
function plan(input: Parameters<typeof planSlo>[0], alarmsOn = true): SloPlan {
  const v = new Validator();
  const p = planSlo(input, PREFIX, alarmsOn, v);
  v.throwIfAny('Api');
  return p!;
}
const problems = (input: Parameters<typeof planSlo>[0], alarmsOn = true) => problemsOf(() => plan(input, alarmsOn));
const both = plan({ availabilityPercent: 99.9, latencyP99Seconds: 0.5 });
const alarm = (id: string): AlarmSpec => both.alarms.find((a) => a.id === id)!;

test('budgets: 99.9 % allows 43.2 minutes a month; the p99 objective allows 1 % of requests', () => {
  expect(both.objectives.map((o) => [o.id, o.goalPercent, o.budgetPercent, o.errorBudgetMinutesPerMonth]))
    .toEqual([['Availability', 99.9, 0.1, 43.2], ['Latency', 99, 1, 432]]);
  // The API reference's example says 21.9 minutes for 99.95 % over an average month; over 30 days it is 21.6.
  expect(plan({ availabilityPercent: 99.95 }).objectives[0].errorBudgetMinutesPerMonth).toBeCloseTo(21.6, 1);
});

test('burn-rate windows and thresholds as the SRE workbook sets them: 14.4 over 1 h and 5 min, 6 over 6 h and 30 min', () => {
  const windows = both.alarms.filter((a) => a.id.startsWith('SloAvailability')).map((a) => [a.id, a.periodSeconds, a.threshold, a.evaluationPeriods]);
  expect(windows).toEqual([
    ['SloAvailabilityBurn1h', 3600, 14.4, 1], ['SloAvailabilityBurn5m', 300, 14.4, 1],
    ['SloAvailabilityBurn6h', 21600, 6, 1], ['SloAvailabilityBurn30m', 1800, 6, 1],
  ]);
  expect(both.composites.map((c) => [c.id, c.operator, c.alarmIds, c.critical])).toEqual([
    ['SloAvailabilityFastBurn', 'allOf', ['SloAvailabilityBurn1h', 'SloAvailabilityBurn5m'], true],
    ['SloAvailabilitySlowBurn', 'allOf', ['SloAvailabilityBurn6h', 'SloAvailabilityBurn30m'], true],
    ['SloLatencyFastBurn', 'allOf', ['SloLatencyBurn1h', 'SloLatencyBurn5m'], true],
    ['SloLatencySlowBurn', 'allOf', ['SloLatencyBurn6h', 'SloLatencyBurn30m'], true],
  ]);
  expect(both.burnRateWindowsMinutes).toEqual([60, 5, 360, 30]);
  for (const a of both.alarms) expect(a.critical).toBe(false);
});

test('the availability burn rate is the error rate over the budget, on the load balancer\'s counts', () => {
  const hour = alarm('SloAvailabilityBurn1h');
  // 1.44 % errors against a 0.1 % budget: exactly the fast-burn threshold.
  expect(evaluate(hour.expression!, { requests: 100_000, t5xx: 1_000, elb5xx: 440 })).toBeCloseTo(14.4, 6);
  expect(evaluate(hour.expression!, { requests: 100_000, t5xx: 1_000, elb5xx: undefined })).toBeCloseTo(10, 6);
  // Below 50 requests a minute over the window nothing burns.
  expect(evaluate(hour.expression!, { requests: 2_999, t5xx: 2_999, elb5xx: 0 })).toBe(0);
  expect(evaluate(alarm('SloAvailabilityBurn5m').expression!, { requests: 250, t5xx: 10, elb5xx: 0 })).toBeCloseTo(40, 6);
});

test('the latency burn rate is the slow share over 1 %, from the percentile rank at the threshold', () => {
  const hour = alarm('SloLatencyBurn1h');
  expect(hour.metrics.fast).toEqual({ source: 'load-balancer', metricName: 'TargetResponseTime', statistic: 'PR(:0.5)' });
  expect(evaluate(hour.expression!, { requests: 100_000, fast: 85.6 })).toBeCloseTo(14.4, 6);
  expect(evaluate(hour.expression!, { requests: 100_000, fast: undefined })).toBe(0);
  expect(Object.keys(both.objectives[0].bad.metrics)).toEqual(['t5xx', 'elb5xx']);
  expect(Object.keys(alarm('SloAvailabilityBurn5m').metrics)).toEqual(['requests', 't5xx', 'elb5xx']);
  const bad = both.objectives[1].bad;
  expect(evaluate(bad.expression!, { requests: 1000, fast: 97 })).toBeCloseTo(30, 6);
});

test('SLO names fit Application Signals: 128 characters at most, letters and digits at both ends', () => {
  const long = planSlo({ availabilityPercent: 99 }, `${'A'.repeat(170)}-1a2b3c4d`, true, new Validator())!;
  for (const o of [...both.objectives, ...long.objectives]) {
    expect(o.name).toMatch(/^[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]$/);
  }
  expect(both.objectives.map((o) => o.name)).toEqual([`${PREFIX}-Availability`, `${PREFIX}-Latency`]);
});

test('the estimate against the objective: minutes a month and the share of the budget', () => {
  const availability = both.objectives[0];
  expect(estimateAgainstObjective(availability, 0.9998))
    .toEqual({ expectedDowntimeMinutesPerMonth: 8.6, budgetUsedPercent: 19.9, withinObjective: true });
  expect(estimateAgainstObjective(availability, 0.9995).withinObjective).toBe(true);
  expect(estimateAgainstObjective(availability, 0.998))
    .toEqual({ expectedDowntimeMinutesPerMonth: 86.4, budgetUsedPercent: 200, withinObjective: false });
});

test('bad input names the prop, the value and what is allowed, all at once', () => {
  expect(problems({ availabilityPercent: 100, latencyP99Seconds: 0 })).toEqual([
    'slo.availability must be a percentage above 0 and below 100 (100 leaves no error budget), received 100',
    'slo.latencyP99 must be a whole number of milliseconds, at least 1 ms, received 0 s',
  ]);
  expect(problems({ availabilityPercent: Number.NaN, latencyP99Seconds: 0.0005 })).toHaveLength(2);
  expect(problems({ availabilityPercent: -1 })).toHaveLength(1);
  expect(problems({ latencyP99Seconds: 1e21 })).toEqual(['slo.latencyP99 must be a whole number of milliseconds, at least 1 ms, received 1e+21 s']);
  expect(problems({})).toEqual(['slo must set availability or latencyP99 (or both); received neither']);
  expect(problems({ availabilityPercent: 99.9 }, false))
    .toEqual(['slo needs the alarm set: its burn-rate alarms feed the service-health alarm; received it with alarms: false']);
  expect(problems({ availabilityPercent: 99.99, latencyP99Seconds: 0.25 })).toEqual([]);
  expect(planSlo(undefined, PREFIX, true, new Validator())).toBeUndefined();
});
