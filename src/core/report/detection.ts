/**
 * The report's detection table (for each kind of failure, what notices it and how fast, with the
 * source of the figure) and each objective's budget against the availability estimate.
 */
import { DetectionEntry, ObjectiveReport } from './report';
import { OUTLIER_RULE } from '../tiers/outlier-detection';
import { PROBE_ALARM, ProbesPlan } from '../tiers/probes';
import { BURN_RATE_ALERTS, SloPlan, estimateAgainstObjective } from '../tiers/slo';
import { OutlierShiftPlan } from '../tiers/zonal-shift';

/** What the table is computed from: slices of the service plan. */
export interface DetectionBasis {
  /** Seconds until the load balancer stops routing to a dead target. */
  readonly detectionSeconds: number;
  /** Seconds the fleet's alarms wait (one automatic replacement). */
  readonly replacementSeconds: number;
  /** With the alarm set: whether the per-AZ metrics see the instances' AZ. */
  readonly outliers?: { readonly seesInstanceAz: boolean; readonly latencyThresholdSeconds: number };
  readonly outlierShift?: OutlierShiftPlan;
  readonly slo?: SloPlan;
  /** Whether the service is one Region of a MultiRegionService. */
  readonly multiRegion?: boolean;
  /** The outside-in canary, if any. */
  readonly probes?: Pick<ProbesPlan, 'canaryName' | 'paths' | 'targets' | 'alarms'>;
}

const minutes = (s: number) => Math.ceil(s / 60);

/** The detection table, from the plan's own settings. */
export function detectionTable(b: DetectionBasis): DetectionEntry[] {
  const entries: DetectionEntry[] = [{
    failure: 'instance lost',
    noticedBy: 'the target health check (the load balancer stops routing to it); Auto Scaling replaces it',
    within: `${b.detectionSeconds} s out of rotation, ~${b.replacementSeconds} s replaced`,
    source: 'ELB target health checks: interval x unhealthy threshold',
  }, {
    failure: 'AZ down',
    noticedBy: 'the health checks of its targets, then HealthyHostsAz<n> (the zonal signal) once a replacement would have come',
    within: `${b.detectionSeconds} s out of rotation; the alarm after ${minutes(b.replacementSeconds)} min`,
    source: 'ELB target health checks; the plan\'s alarm rule',
  }];
  const o = b.outliers;
  if (o) {
    const sustained = `${OUTLIER_RULE.datapointsToAlarm} of ${OUTLIER_RULE.evaluationPeriods} one-minute points`;
    const shift = b.outlierShift ? `; the function shifts it away (${b.outlierShift.expiresIn}) within seconds of ImpairedAz<n>` : '';
    entries.push({
      failure: 'AZ gray (errors or latency, health checks passing)',
      noticedBy: o.seesInstanceAz
        ? `OutlierFaultsAz<n> / OutlierLatencyAz<n> (slow: above ${o.latencyThresholdSeconds} s), then ImpairedAz<n>${shift}`
        : `OutlierFaultsAz<n> / OutlierLatencyAz<n> for a bad load balancer node or AZ path${shift}; with cross-zone load balancing an instance-side ` +
          `gray failure shows in every AZ, and Target5xxRate, P99ResponseTime and the objectives' burn notice it${b.outlierShift ? ' (nothing shifts)' : ''}`,
      within: `${OUTLIER_RULE.datapointsToAlarm}-${OUTLIER_RULE.evaluationPeriods} min (${sustained}), plus up to 1 min until ELB publishes the minute` +
        (b.outlierShift ? '; the shift starts seconds after ImpairedAz<n> (EventBridge, then the function\'s checks)' : ''),
      source: 'ELB publishes its metrics every 60 s (ELB User Guide, CloudWatch metrics); share rule of cdklabs/cdk-multi-az-observability',
    });
  }
  entries.push({
    failure: 'Region lost',
    noticedBy: b.multiRegion
      ? 'the Route 53 health check of the Region\'s record, then DNS failover; the Region switch plan on its alarm'
      : 'nothing in this service can serve from elsewhere: MultiRegionService adds the other Region',
    within: b.multiRegion ? 'about interval x failure threshold (30 s at 10 s x 3) plus the record\'s TTL' : 'n/a',
    source: 'Route 53 Developer Guide, how health checks determine health',
  });
  for (const obj of b.slo?.objectives ?? []) {
    const fast = BURN_RATE_ALERTS[0];
    // At a full outage the long window's bad share grows by 100 % / window a minute.
    const atOutage = fast.burnRate * obj.budgetPercent / 100 * fast.longMinutes;
    entries.push({
      failure: `SLO burn (${obj.id.toLowerCase()}, ${obj.goalPercent} %)`,
      noticedBy: `Slo${obj.id}FastBurn (burn ${fast.burnRate} over 1 h and 5 min) and Slo${obj.id}SlowBurn (burn 6 over 6 h and 30 min), into ServiceHealth`,
      within: `at a full outage ~${Math.max(1, Math.ceil(atOutage))} min; a slower burn at the rate it spends ${fast.budgetPercent} % of the budget in 1 h, or 5 % in 6 h`,
      source: 'SRE workbook, ch. 5 "Alerting on SLOs", multiwindow multi-burn-rate alerts',
    });
  }
  const p = b.probes;
  if (p) {
    const records = p.targets.filter((t) => t.record).map((t) => t.id);
    entries.push({
      failure: 'outside-in (what users reach: DNS, TLS, the load balancer, the app)',
      noticedBy: `the canary ${p.canaryName} (${p.paths.map((x) => x.path).join(' and ')} every minute`
        + `${records.length ? `, on the service's name and on each Region's record: ${records.join(', ')}` : ''})`
        + `${p.alarms.length ? ', then ProbeSuccess into ServiceHealth' : '; no alarm without the alarm set'}`,
      within: `${PROBE_ALARM.datapointsToAlarm} failed runs a minute apart: ~${PROBE_ALARM.datapointsToAlarm} min, plus up to 1 min until the run's metric is published`,
      source: 'CloudWatch User Guide, "CloudWatch metrics published by canaries" (SuccessPercent per run); the plan\'s alarm rule',
    });
  }
  return entries;
}

/** Each objective's budget, and for availability what the estimate expects of it. */
export function objectivesReport(slo: SloPlan | undefined, estimatedAvailability: number): ObjectiveReport[] {
  return (slo?.objectives ?? []).map((o) => {
    const base = { id: o.id, goalPercent: o.goalPercent, errorBudgetMinutesPerMonth: o.errorBudgetMinutesPerMonth };
    if (o.id !== 'Availability') return base;
    const e = estimateAgainstObjective(o, estimatedAvailability);
    return { ...base, expectedDowntimeMinutesPerMonth: e.expectedDowntimeMinutesPerMonth, budgetUsedPercent: e.budgetUsedPercent };
  });
}
