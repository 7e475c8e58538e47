/**
 * Per-AZ outlier detection for gray failures: an alarm per AZ when that AZ holds most of the
 * Region's errors (or slow requests) while its health checks may still pass, a composite per AZ,
 * and the dashboard row that shows the AZs side by side.
 */
import { ALARM_THRESHOLDS, AlarmSpec, Comparison, CompositeAlarmSpec, MetricRef, MetricSource, MissingData } from './alarms';
import { GraphSpec, SeriesSpec } from './monitoring';

/**
 * The rule: the published STATIC share rule (cdklabs/cdk-multi-az-observability,
 * `OutlierDetectionAlgorithm.STATIC`: "one AZ is responsible for 70% of the total errors or high
 * latency responses"), with an impact floor and a minimum request count. Chosen over z-score, IQR
 * and MAD because with 2 or 3 AZs their statistics are degenerate (the largest z-score n samples
 * allow is (n-1)/sqrt(n): 0.71 for 2 AZs, 1.15 for 3, never 2 or 3), and over chi-squared because
 * its p-value needs a function, not metric math. When every AZ fails alike (a Region problem) each
 * holds about 1/k of the bad requests, at most 50 %, so no AZ is an outlier.
 */
export const OUTLIER_RULE = {
  /** An AZ holding at least this % of the Region's bad requests is an outlier. */
  sharePercent: 70,
  /** ...if its own rate of 5xx (% of its requests) is at least this: the Target5xxRate threshold. */
  faultImpactPercent: ALARM_THRESHOLDS.target5xxPercent,
  /** ...or if at least this % of its requests are slower than the latency threshold (what a p99 means). */
  slowImpactPercent: 1,
  /** ...and it served at least this many requests in the minute. */
  minimumRequestsPerMinute: ALARM_THRESHOLDS.minimumRequestsPerMinute,
  /** Sustained: 3 of the last 5 minutes. */
  evaluationPeriods: 5,
  datapointsToAlarm: 3,
} as const;

/**
 * CloudWatch's hard limit: an alarm on metric math references at most 10 metrics (CloudWatch
 * User Guide, "Limits that apply to alarms based on metric math expressions"). The rule reads one
 * bad-request metric per AZ and the AZ's own request count.
 */
export const METRIC_MATH_ALARM_MAX_METRICS = 10;

/** Per-AZ outlier alarms, their composites and the side-by-side dashboard row. */
export interface OutlierDetectionPlan {
  /** `OutlierFaultsAz<i>` and `OutlierLatencyAz<i>`: metric math, not critical (a zonal signal, not a page). */
  readonly alarms: AlarmSpec[];
  /** `ImpairedAz<i>`: either outlier alarm of the AZ. */
  readonly composites: CompositeAlarmSpec[];
  /** Requests slower than this (seconds) count as slow. */
  readonly latencyThresholdSeconds: number;
  /**
   * Whether the per-AZ metrics see the instances' AZ. ALB names each request's AZ by its load
   * balancer node; with cross-zone load balancing on, every node sends to every AZ's instances, so
   * an instance-side gray failure shows in every AZ and only a bad node or AZ path is an outlier.
   */
  readonly seesInstanceAz: boolean;
  readonly dashboardRow: GraphSpec[];
}

const lb = (metricName: string, statistic: string, availabilityZone: string): MetricRef =>
  ({ source: MetricSource.LOAD_BALANCER, metricName, statistic, availabilityZone });

/** `PR(:T)`: the % of requests that took T seconds or less (CloudWatch statistics definitions, percentile rank). */
export function percentileRankStatistic(thresholdSeconds: number): string {
  return `PR(:${thresholdSeconds})`;
}

/**
 * The share rule in metric math for AZ `index` of `count`: `bad<i>` are the AZs' bad-request
 * measures (already FILLed), `requests` the AZ's own request count.
 * @param bad the expression of AZ j's bad measure
 * @param impact the AZ's own impact (% of its requests), compared with the floor
 */
function shareExpression(count: number, index: number, bad: (j: number) => string, impact: string, floor: number): string {
  const total = Array.from({ length: count }, (_, j) => bad(j)).join(' + ');
  return `IF(requests < ${OUTLIER_RULE.minimumRequestsPerMinute}, 0, IF(${impact} < ${floor}, 0, 100 * ${bad(index)} / (${total})))`;
}

/** Ids of the metrics the alarms read: `f1..fk` (5xx), `s1..sk` (percentile rank), `requests`. */
const ids = (prefix: string, count: number) => Array.from({ length: count }, (_, j) => `${prefix}${j + 1}`);

/**
 * The outlier alarms of each AZ. Faults: the instances' 5xx (HTTPCode_Target_5XX_Count; the load
 * balancer's own 5xx stay with LoadBalancer5xxRate). Latency: the share of slow requests, from
 * each AZ's TargetResponseTime percentile rank; the slow fractions' share equals the slow
 * requests' share when the AZs take equal traffic, as their nodes do under DNS.
 * @param availabilityZones the AZ names (or references) in plan order
 * @param latencyThresholdSeconds requests slower than this count as slow
 * @param crossZone whether the target group balances across AZs
 */
export function planOutlierDetection(availabilityZones: string[], latencyThresholdSeconds: number, crossZone: boolean): OutlierDetectionPlan {
  const k = availabilityZones.length;
  if (k + 1 > METRIC_MATH_ALARM_MAX_METRICS) {
    throw new Error(`outlier detection over ${k} AZs needs ${k + 1} metrics per alarm; CloudWatch allows ${METRIC_MATH_ALARM_MAX_METRICS}`);
  }
  const base = {
    periodSeconds: 60,
    threshold: OUTLIER_RULE.sharePercent,
    comparison: Comparison.GREATER_THAN_OR_EQUAL,
    evaluationPeriods: OUTLIER_RULE.evaluationPeriods,
    datapointsToAlarm: OUTLIER_RULE.datapointsToAlarm,
    // An AZ without traffic (shifted away, or its node out of DNS) is no outlier.
    treatMissingData: MissingData.NOT_BREACHING,
    critical: false,
  };
  const pr = percentileRankStatistic(latencyThresholdSeconds);
  const seen = crossZone ? ' (with cross-zone load balancing the AZ is the load balancer node\'s: a bad node or AZ path, not the instances)' : '';
  const alarms: AlarmSpec[] = [];
  const composites: CompositeAlarmSpec[] = [];
  availabilityZones.forEach((az, i) => {
    const n = i + 1;
    const requests = lb('RequestCount', 'Sum', az);
    const faults = ids('f', k);
    const slow = ids('s', k);
    alarms.push({
      ...base,
      id: `OutlierFaultsAz${n}`,
      description: `AZ ${n} returned at least ${OUTLIER_RULE.sharePercent} % of the Region's target 5xx, and at least ${OUTLIER_RULE.faultImpactPercent} % of its own ` +
        `requests, in 3 of 5 minutes (at least ${OUTLIER_RULE.minimumRequestsPerMinute} requests a minute): a gray failure in AZ ${n}${seen}. ` +
        'When every AZ fails alike no AZ alarm fires: that is a Region problem.',
      metrics: { requests, ...Object.fromEntries(faults.map((id, j) => [id, lb('HTTPCode_Target_5XX_Count', 'Sum', availabilityZones[j])])) },
      expression: shareExpression(k, i, (j) => `FILL(${faults[j]}, 0)`, `100 * FILL(${faults[i]}, 0) / requests`, OUTLIER_RULE.faultImpactPercent),
    });
    alarms.push({
      ...base,
      id: `OutlierLatencyAz${n}`,
      description: `AZ ${n} had at least ${OUTLIER_RULE.sharePercent} % of the Region's requests slower than ${latencyThresholdSeconds} s, and at least ` +
        `${OUTLIER_RULE.slowImpactPercent} % of its own, in 3 of 5 minutes: a slow AZ ${n}${seen}.`,
      metrics: { requests, ...Object.fromEntries(slow.map((id, j) => [id, lb('TargetResponseTime', pr, availabilityZones[j])])) },
      expression: shareExpression(k, i, (j) => `(100 - FILL(${slow[j]}, 100))`, `(100 - FILL(${slow[i]}, 100))`, OUTLIER_RULE.slowImpactPercent),
    });
    composites.push({
      id: `ImpairedAz${n}`,
      description: `AZ ${n} is an outlier in errors or latency: shift traffic away from it (see the README's runbook "An AZ is impaired").`,
      operator: 'anyOf',
      alarmIds: [`OutlierFaultsAz${n}`, `OutlierLatencyAz${n}`],
      critical: false,
    });
  });
  const perAz = (metricName: string, statistic: string): SeriesSpec[] =>
    availabilityZones.map((az, i) => ({ label: `AZ ${i + 1}`, metrics: { m: lb(metricName, statistic, az) } }));
  return {
    alarms,
    composites,
    latencyThresholdSeconds,
    seesInstanceAz: !crossZone,
    dashboardRow: [
      { title: 'Requests per AZ (a minute)', left: perAz('RequestCount', 'Sum'), leftMin: 0 },
      {
        title: 'Target 5xx % per AZ',
        left: availabilityZones.map((az, i) => ({
          label: `AZ ${i + 1}`,
          // Ids differ between the lines of one graph.
          metrics: { [`errors${i + 1}`]: lb('HTTPCode_Target_5XX_Count', 'Sum', az), [`requests${i + 1}`]: lb('RequestCount', 'Sum', az) },
          expression: `IF(requests${i + 1} < ${OUTLIER_RULE.minimumRequestsPerMinute}, 0, 100 * FILL(errors${i + 1}, 0) / requests${i + 1})`,
        })),
        leftMin: 0,
      },
      {
        title: 'p99 response time per AZ (s)',
        left: perAz('TargetResponseTime', 'p99'),
        leftAnnotations: [{ value: latencyThresholdSeconds, label: `slow: above ${latencyThresholdSeconds} s` }],
        leftMin: 0,
      },
    ],
  };
}
