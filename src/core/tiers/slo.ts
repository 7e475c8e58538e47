/**
 * Service level objectives as code: the availability and p99-latency objectives, their error
 * budgets, and the multi-window burn-rate alarms (SRE workbook) on the load balancer's good and
 * total request counts, whose fast and slow pairs feed the service-health alarm.
 */
import { ALARM_THRESHOLDS, AlarmSpec, Comparison, CompositeAlarmSpec, MetricRef, MetricSource, MissingData } from './alarms';
import { percentileRankStatistic } from './outlier-detection';
import { shortName } from '../base/naming';
import { Validator } from '../base/validation';
import { ServiceLevelObjectivesInput } from '../options/options';

export type { ServiceLevelObjectivesInput };

/**
 * The multi-window, multi-burn-rate alerts of the SRE workbook (ch. 5 "Alerting on SLOs",
 * "Multiwindow, Multi-Burn-Rate Alerts"), for a 30-day objective: page when 2 % of the budget
 * burns in an hour (burn rate 14.4 over 1 h, confirmed over 5 min), or 5 % in six hours (burn
 * rate 6 over 6 h, confirmed over 30 min). The short window makes the alert stop soon after the
 * burn does.
 */
export const BURN_RATE_ALERTS = [
  { id: 'Fast', longMinutes: 60, shortMinutes: 5, burnRate: 14.4, budgetPercent: 2 },
  { id: 'Slow', longMinutes: 360, shortMinutes: 30, burnRate: 6, budgetPercent: 5 },
] as const;

/** The objectives' period: a rolling 30 days, as the workbook's figures assume. */
export const SLO_PERIOD_DAYS = 30;
const MINUTES_PER_PERIOD = SLO_PERIOD_DAYS * 24 * 60;
/** What the p99 objective allows to be slow: 1 % of requests. */
const P99_BUDGET_PERCENT = 1;
/** Application Signals SLO names: `^[0-9A-Za-z][-._0-9A-Za-z ]{0,126}[0-9A-Za-z]$` (CloudFormation schema). */
export const SLO_NAME_MAX_LENGTH = 128;

/** A series: one metric, or metric math over named metrics. */
export interface SloSeries {
  readonly metrics: Record<string, MetricRef>;
  readonly expression?: string;
}

/** One objective: what counts as bad, its budget, and its alarms. */
export interface ServiceLevelObjectivePlan {
  readonly id: 'Availability' | 'Latency';
  /** The Application Signals SLO's name (where the flavor has the resource). */
  readonly name: string;
  readonly description: string;
  /** % of requests that must be good over the period. */
  readonly goalPercent: number;
  /** The requests that may be bad: 100 − goal, in %. */
  readonly budgetPercent: number;
  /** The budget as full-outage minutes in a 30-day month. */
  readonly errorBudgetMinutesPerMonth: number;
  /** Slow means slower than this (the latency objective). */
  readonly latencyThresholdSeconds?: number;
  /** Bad and total requests per minute, for the SLO resource. */
  readonly bad: SloSeries;
  readonly total: SloSeries;
  /** Ids of the fast- and slow-burn composites. */
  readonly burnAlarmIds: string[];
}

/** The objectives with their alarms. */
export interface SloPlan {
  readonly objectives: ServiceLevelObjectivePlan[];
  readonly periodDays: number;
  /** Look-back windows of the burn-rate metrics the SLO resource computes (minutes). */
  readonly burnRateWindowsMinutes: number[];
  /** One metric alarm per objective and window (not critical on their own). */
  readonly alarms: AlarmSpec[];
  /** `<objective>FastBurn` and `<objective>SlowBurn`: long AND short window, critical (into ServiceHealth). */
  readonly composites: CompositeAlarmSpec[];
}

const lb = (metricName: string, statistic: string): MetricRef => ({ source: MetricSource.LOAD_BALANCER, metricName, statistic });
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * The objectives asked for, or none. An availability of 100 % leaves no budget (every burn rate
 * divides by zero), so it is refused, as is a latency that is not a whole, positive number of
 * milliseconds (the percentile-rank statistic that counts slow requests takes it as written).
 * The burn-rate alarms feed the service-health alarm: without the alarm set there is nothing to feed.
 */
export function planSlo(input: ServiceLevelObjectivesInput | undefined, namePrefix: string, alarmsOn: boolean, v: Validator): SloPlan | undefined {
  if (input === undefined) return undefined;
  const { availabilityPercent: a, latencyP99Seconds: l } = input;
  v.check(a !== undefined || l !== undefined, 'slo must set availability or latencyP99 (or both); received neither');
  v.check(alarmsOn, 'slo needs the alarm set: its burn-rate alarms feed the service-health alarm; received it with alarms: false');
  if (v.known(a)) {
    v.check(Number.isFinite(a) && a > 0 && a < 100, `slo.availability must be a percentage above 0 and below 100 (100 leaves no error budget), received ${a}`);
  }
  if (v.known(l)) {
    // The percentile-rank statistic takes it as a plain decimal: JavaScript writes 1e21 and above with an exponent.
    v.check(Number.isFinite(l) && l > 0 && l < 1e21 && Number.isInteger(round(l * 1000, 6)),
      `slo.latencyP99 must be a whole number of milliseconds, at least 1 ms, received ${l} s`);
  }
  const objectives: ServiceLevelObjectivePlan[] = [];
  const alarms: AlarmSpec[] = [];
  const composites: CompositeAlarmSpec[] = [];
  const requests = lb('RequestCount', 'Sum');
  const add = (id: ServiceLevelObjectivePlan['id'], goalPercent: number, what: string, bad: SloSeries, burn: (min: number) => string, latency?: number) => {
    const budgetPercent = round(100 - goalPercent, 9);
    const burnAlarmIds: string[] = [];
    for (const w of BURN_RATE_ALERTS) {
      const windows = [w.longMinutes, w.shortMinutes].map((minutes): AlarmSpec => ({
        id: `Slo${id}Burn${windowLabel(minutes)}`,
        description: `${id} objective ${goalPercent} %: the error budget burned at least ${w.burnRate} times too fast over the last ${windowLabel(minutes)} ` +
          `(at least ${ALARM_THRESHOLDS.minimumRequestsPerMinute * minutes} requests)`,
        // The burn rate divides by the requests: the alarm reads them beside the bad count.
        metrics: { requests, ...bad.metrics },
        expression: burn(ALARM_THRESHOLDS.minimumRequestsPerMinute * minutes).replace('BUDGET', String(budgetPercent)),
        periodSeconds: minutes * 60,
        threshold: w.burnRate,
        comparison: Comparison.GREATER_THAN_OR_EQUAL,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: MissingData.NOT_BREACHING,
        critical: false,
      }));
      alarms.push(...windows);
      composites.push({
        id: `Slo${id}${w.id}Burn`,
        description: `${w.id} burn of the ${id.toLowerCase()} objective (${goalPercent} %): at this rate ${w.budgetPercent} % of the 30-day error budget ` +
          `is gone in ${windowLabel(w.longMinutes)} (burn rate ${w.burnRate} over ${windowLabel(w.longMinutes)} and ${windowLabel(w.shortMinutes)}).`,
        operator: 'allOf',
        alarmIds: windows.map((x) => x.id),
        critical: true,
      });
      burnAlarmIds.push(`Slo${id}${w.id}Burn`);
    }
    objectives.push({
      id,
      name: `${shortName(namePrefix, SLO_NAME_MAX_LENGTH - id.length - 1)}-${id}`,
      description: `${what}: ${goalPercent} % over a rolling ${SLO_PERIOD_DAYS} days`,
      goalPercent,
      budgetPercent,
      errorBudgetMinutesPerMonth: round(budgetPercent / 100 * MINUTES_PER_PERIOD, 1),
      latencyThresholdSeconds: latency,
      bad,
      total: { metrics: { requests } },
      burnAlarmIds,
    });
  };
  if (v.known(a) && a > 0 && a < 100) {
    const bad = { metrics: { t5xx: lb('HTTPCode_Target_5XX_Count', 'Sum'), elb5xx: lb('HTTPCode_ELB_5XX_Count', 'Sum') } };
    add('Availability', a, 'Requests answered without a 5xx (from the instances or the load balancer)',
      { ...bad, expression: 'FILL(t5xx, 0) + FILL(elb5xx, 0)' },
      (min) => `IF(requests < ${min}, 0, 100 * (FILL(t5xx, 0) + FILL(elb5xx, 0)) / requests / BUDGET)`);
  }
  if (v.known(l) && Number.isFinite(l) && l > 0) {
    const metrics = { requests, fast: lb('TargetResponseTime', percentileRankStatistic(l)) };
    add('Latency', 100 - P99_BUDGET_PERCENT, `Requests answered within ${l} s (p99 at most ${l} s)`,
      { metrics, expression: 'requests * (100 - FILL(fast, 100)) / 100' },
      (min) => `IF(requests < ${min}, 0, (100 - FILL(fast, 100)) / BUDGET)`, l);
  }
  return {
    objectives,
    periodDays: SLO_PERIOD_DAYS,
    burnRateWindowsMinutes: BURN_RATE_ALERTS.flatMap((w) => [w.longMinutes, w.shortMinutes]),
    alarms,
    composites,
  };
}

/** `5m`, `30m`, `1h`, `6h`. */
function windowLabel(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}h` : `${minutes}m`;
}

/**
 * What the architecture's own availability estimate says against an objective: the downtime it
 * expects in a month and the share of the budget that is.
 */
export function estimateAgainstObjective(objective: Pick<ServiceLevelObjectivePlan, 'goalPercent' | 'errorBudgetMinutesPerMonth'>, estimatedAvailability: number): {
  readonly expectedDowntimeMinutesPerMonth: number; readonly budgetUsedPercent: number; readonly withinObjective: boolean;
} {
  const expected = round((1 - estimatedAvailability) * MINUTES_PER_PERIOD, 1);
  return {
    expectedDowntimeMinutesPerMonth: expected,
    budgetUsedPercent: round(100 * expected / objective.errorBudgetMinutesPerMonth, 1),
    withinObjective: estimatedAvailability * 100 >= objective.goalPercent,
  };
}
