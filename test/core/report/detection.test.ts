import { CapacityPlan } from '../../../src/core/capacity/demand';
import { renderReportMarkdown } from '../../../src/core/report/report';
import { plainPlan, plainProblems } from '../plain';

// The report's detection table and objectives, from the plan on plain data.
test('the detection table: each kind of failure, what notices it and how fast, with its source', () => {
  const p = plainPlan({ slo: { availabilityPercent: 99.9, latencyP99Seconds: 0.5 } });
  expect(p.report.detection!.map((d) => d.failure)).toEqual([
    'instance lost', 'AZ down', 'AZ gray (errors or latency, health checks passing)', 'Region lost',
    'SLO burn (availability, 99.9 %)', 'SLO burn (latency, 99 %)',
  ]);
  for (const d of p.report.detection!) expect(d.source.length).toBeGreaterThan(10);
  const [instance, az, gray, region, availability] = p.report.detection!;
  expect(instance.within).toBe(`${p.report.detectionSeconds} s out of rotation, ~${p.report.replacementSeconds} s replaced`);
  expect(az.within).toBe(`${p.report.detectionSeconds} s out of rotation; the alarm after ${Math.ceil(p.report.replacementSeconds / 60)} min`);
  expect(gray.within).toBe('3-5 min (3 of 5 one-minute points), plus up to 1 min until ELB publishes the minute');
  // With cross-zone load balancing (the default) the table says what the per-AZ metrics cannot see.
  expect(gray.noticedBy).toMatch(/with cross-zone load balancing an instance-side gray failure shows in every AZ/);
  expect(region.within).toBe('n/a');
  // 14.4 x 0.1 % of 60 minutes: under a minute of full outage.
  expect(availability.within).toMatch(/^at a full outage ~1 min/);
  expect(p.report.detection![5].within).toMatch(/^at a full outage ~9 min/);
  const md = renderReportMarkdown('Api', p.report);
  expect(md).toContain('## Detection');
  expect(md).toContain('| AZ gray (errors or latency, health checks passing) |');
});

test('the latency objective sets what the AZs\' outlier alarms count as slow', () => {
  const p = plainPlan({ slo: { latencyP99Seconds: 0.25 } });
  expect(p.outlierDetection?.latencyThresholdSeconds).toBe(0.25);
  expect(p.monitoring.alarms.find((a) => a.id === 'OutlierLatencyAz1')!.metrics.s1.statistic).toBe('PR(:0.25)');
  expect(plainPlan().outlierDetection?.latencyThresholdSeconds).toBe(1);
});

test('each objective\'s budget, the estimate against the availability objective, and a finding when the objective is tighter', () => {
  const p = plainPlan({ slo: { availabilityPercent: 99.9, latencyP99Seconds: 0.5 } });
  expect(p.report.objectives).toEqual([
    expect.objectContaining({ id: 'Availability', goalPercent: 99.9, errorBudgetMinutesPerMonth: 43.2, budgetUsedPercent: expect.any(Number) }),
    { id: 'Latency', goalPercent: 99, errorBudgetMinutesPerMonth: 432 },
  ]);
  expect(p.report.objectives![0].budgetUsedPercent).toBeLessThan(100);
  expect(p.report.findings.map((f) => f.id)).not.toContain('resilience:objectiveAboveEstimate');
  expect(renderReportMarkdown('Api', p.report)).toContain('| Availability | 99.9 % | 43.2 min |');

  const tight = plainPlan({ slo: { availabilityPercent: 99.999 } });
  expect(tight.report.findings.map((f) => f.id)).toContain('resilience:objectiveAboveEstimate');
  expect(tight.warnings.map((w) => w.id)).toContain('cdk-highly-available-service:resilience:objectiveAboveEstimate');
});

test('the burn-rate pairs feed the service-health alarm; the rollout keeps its metric alarms', () => {
  const p = plainPlan({ slo: { availabilityPercent: 99.9 } });
  expect(p.monitoring.serviceHealth!.alarmIds).toEqual(expect.arrayContaining(['SloAvailabilityFastBurn', 'SloAvailabilitySlowBurn']));
  expect(p.monitoring.rolloutAlarmIds).not.toContain('SloAvailabilityFastBurn');
  // A disabled outlier alarm leaves its AZ's composite with the other one.
  const overridden = plainPlan({ alarmOverrides: { OutlierFaultsAz1: { enabled: false } } });
  expect(overridden.monitoring.composites.find((c) => c.id === 'ImpairedAz1')!.alarmIds).toEqual(['OutlierLatencyAz1']);
});

test('the automatic shift: planned with the opt-in on a statically stable plan, refused on one that is not', () => {
  const demand = { peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 };
  const stable = plainPlan({ outlierShift: true, capacity: CapacityPlan.fromDemand(demand) });
  expect(stable.outlierShift).toEqual(expect.objectContaining({ expiresIn: '1h', triggerAlarmIds: ['ImpairedAz1', 'ImpairedAz2', 'ImpairedAz3'] }));
  expect(stable.report.detection![2].noticedBy).toMatch(/the function shifts it away \(1h\)/);
  // With cross-zone load balancing on (the default), the shift follows a bad node or AZ path only.
  expect(stable.report.detection![2].noticedBy).toMatch(/notice it \(nothing shifts\)$/);
  expect(stable.report.detection![2].within).toMatch(/; the shift starts seconds after ImpairedAz<n>/);
  const independent = plainPlan({ outlierShift: true, crossZoneLoadBalancing: false }).report.detection![2];
  expect(independent.noticedBy).toBe('OutlierFaultsAz<n> / OutlierLatencyAz<n> (slow: above 1 s), then ImpairedAz<n>; the function shifts it away (1h) within seconds of ImpairedAz<n>');
  expect(plainProblems({ outlierShift: true, capacity: CapacityPlan.fromDemand({ ...demand, surviveAzLoss: false }) }))
    .toEqual([expect.stringMatching(/^outlierShift moves an AZ's traffic to the others, which the capacity plan says cannot carry the peak/)]);
  expect(plainProblems({ outlierShift: true, alarms: false }))
    .toEqual(expect.arrayContaining(['outlierShift acts on the per-AZ outlier alarms; received it with alarms: false']));
});

test('AZ independence (cross-zone load balancing off): the outlier alarms see the instances\' AZ, and the table says so', () => {
  const p = plainPlan({ crossZoneLoadBalancing: false });
  expect(p.loadBalancing.crossZoneLoadBalancing).toBe(false);
  expect(p.outlierDetection?.seesInstanceAz).toBe(true);
  expect(p.report.detection![2].noticedBy).toMatch(/^OutlierFaultsAz<n> \/ OutlierLatencyAz<n> \(slow: above 1 s\), then ImpairedAz<n>$/);
  expect(plainPlan().loadBalancing.crossZoneLoadBalancing).toBe(true);
});
