/**
 * The default alarm set, engine-neutral: metrics, thresholds derived from the plan and the overrides
 * a user may apply. Shared types of every tier's alarms live here.
 */
import { DEFAULTS } from '../base/defaults';
import { Validator } from '../base/validation';
import { AlarmOverride } from '../options/options';

/** Where a metric comes from; each renderer maps it to its own metric. */
export enum MetricSource {
  LOAD_BALANCER = 'load-balancer',
  TARGET_GROUP = 'target-group',
  AUTO_SCALING_GROUP = 'auto-scaling-group',
  DATABASE = 'database',
  WEB_ACL = 'web-acl',
  DATABASE_PROXY = 'database-proxy',
  CACHE = 'cache',
  /** A CloudWatch Synthetics canary of the service (namespace CloudWatchSynthetics). */
  CANARY = 'canary',
}

export enum Comparison {
  GREATER_THAN_OR_EQUAL = 'GreaterThanOrEqualToThreshold',
  GREATER_THAN = 'GreaterThanThreshold',
  LESS_THAN = 'LessThanThreshold',
}

export enum MissingData {
  BREACHING = 'breaching',
  NOT_BREACHING = 'notBreaching',
  MISSING = 'missing',
}

/** A metric, engine-neutral. */
export interface MetricRef {
  readonly source: MetricSource;
  readonly metricName: string;
  readonly statistic: string;
  /** Narrow a target-group or load balancer metric to one AZ (for the load balancer: its node's AZ). */
  readonly availabilityZone?: string;
  /** The cache node (its cluster id) a cache metric is about. */
  readonly cacheNode?: string;
  /** The canary (its name) a canary metric is about. */
  readonly canaryName?: string;
}

/** One alarm, engine-neutral: a metric (or metric math over several), a rule, what missing data means. */
export interface AlarmSpec {
  /** Stable id: the alarm's construct id and the end of its name, part of the API. */
  readonly id: string;
  readonly description: string;
  /** The metric, or the named metrics an expression uses. */
  readonly metrics: Record<string, MetricRef>;
  /** Metric math over `metrics`; without it the alarm watches the single metric. */
  readonly expression?: string;
  readonly periodSeconds: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
  /** Part of the composite service-health alarm, which also stops a deployment (CloudFormation rolls it back). */
  readonly critical: boolean;
}

/** A composite alarm over alarms of the plan: fires when any (or all) of them are in ALARM. */
export interface CompositeAlarmSpec {
  /** Stable id: the alarm's construct id and the end of its name. */
  readonly id: string;
  readonly description: string;
  /** `anyOf`: ALARM(a) OR ALARM(b); `allOf`: ALARM(a) AND ALARM(b). */
  readonly operator: 'anyOf' | 'allOf';
  /** Ids of the alarms (metric alarms, or composites planned before this one) it is made of. */
  readonly alarmIds: string[];
  /** Part of the composite service-health alarm (which also stops the experiments). */
  readonly critical: boolean;
}

/** Thresholds that do not follow from the service's own settings. */
export const ALARM_THRESHOLDS = {
  loadBalancer5xxPercent: 1,
  target5xxPercent: 2,
  /** Below this many requests a minute the error rates count as 0: a few errors in a trickle page nobody. */
  minimumRequestsPerMinute: 50,
  p99ResponseTimeSeconds: 1,
  databaseCpuPercent: 80,
  databaseFreeableMemoryBytes: 512 * 1024 * 1024,
  databaseConnections: 1000,
  replicaLagMilliseconds: 1000,
  auroraFreeLocalStorageBytes: 2 * 1024 ** 3,
  instanceFreeStorageBytes: 10 * 1024 ** 3,
  deadlocksPerSecond: 0.5,
  commitLatencyMilliseconds: 100,
} as const;

/** What the alarm set is derived from: a slice of the service plan. */
export interface AlarmBasis {
  readonly availabilityZones: number;
  readonly minCapacity: number;
  readonly healthCheck: { readonly intervalSeconds: number; readonly unhealthyThreshold: number; readonly healthyThreshold: number };
  readonly healthCheckGracePeriodSeconds: number;
  readonly database?: { readonly aurora: boolean; readonly readers: number };
}

/**
 * Seconds the fleet needs to notice a dead instance and bring a healthy replacement into service:
 * health-check detection, the boot estimate (launch until the app answers and the launch hook lets
 * it in), then the load balancer's healthy checks of the new target. The grace period is not in it:
 * it only delays the group's use of a NEW instance's failed checks (EC2 Auto Scaling User Guide, "Set
 * the health check grace period").
 */
export function replacementSeconds(bp: AlarmBasis): number {
  return detectionSeconds(bp) + DEFAULTS.bootEstimateSeconds + bp.healthCheck.intervalSeconds * bp.healthCheck.healthyThreshold;
}

/**
 * The longest an automatic replacement may take before the launch hook gives up on it: detection,
 * then the hook's health wait (grace period + boot estimate). Alarms about single instances wait
 * this long, so nobody is paged for what Auto Scaling repairs by itself.
 */
export function longestReplacementSeconds(bp: AlarmBasis): number {
  return detectionSeconds(bp) + bp.healthCheckGracePeriodSeconds + DEFAULTS.bootEstimateSeconds;
}

/** Seconds until the load balancer takes a dead instance out of rotation: interval x unhealthy threshold. */
export function detectionSeconds(bp: AlarmBasis): number {
  return bp.healthCheck.intervalSeconds * bp.healthCheck.unhealthyThreshold;
}

/** What the alarm set needs beyond the blueprint. */
export interface AlarmContext {
  /** The AZ names (or references) the fleet spans, for the per-AZ alarms. */
  readonly availabilityZoneNames: string[];
  /** Healthy instances the service needs to carry its peak (from a demand plan). */
  readonly instancesNeededAtPeak?: number;
}

/** Healthy hosts below which the service is worse off than after losing one AZ (or cannot carry its planned peak). */
export function healthyHostsNeeded(bp: AlarmBasis, ctx: AlarmContext): number {
  if (ctx.instancesNeededAtPeak !== undefined) return ctx.instancesNeededAtPeak;
  return bp.minCapacity - Math.ceil(bp.minCapacity / bp.availabilityZones);
}

const MINUTE = 60;

const lb = (metricName: string, statistic = 'Sum'): MetricRef => ({ source: MetricSource.LOAD_BALANCER, metricName, statistic });
const tg = (metricName: string, statistic: string, availabilityZone?: string): MetricRef =>
  ({ source: MetricSource.TARGET_GROUP, metricName, statistic, availabilityZone });
const db = (metricName: string, statistic: string): MetricRef => ({ source: MetricSource.DATABASE, metricName, statistic });

/**
 * Metric math for an error rate in percent of requests, 0 while traffic is below the minimum.
 * @param errorsId the id of the error-count metric (ids must differ between rates on one graph)
 */
export function errorRateExpression(errorsId: string): string {
  return `IF(requests < ${ALARM_THRESHOLDS.minimumRequestsPerMinute}, 0, 100 * FILL(${errorsId}, 0) / requests)`;
}

function errorRate(errorsId: string, errors: string): { metrics: Record<string, MetricRef>; expression: string } {
  return { metrics: { [errorsId]: lb(errors), requests: lb('RequestCount') }, expression: errorRateExpression(errorsId) };
}

/**
 * The default alarm set of a service, thresholds derived from its own settings. Fleet alarms wait
 * out one automatic replacement before they fire, so nobody is paged for what Auto Scaling repairs.
 */
export function defaultAlarms(bp: AlarmBasis, ctx: AlarmContext): AlarmSpec[] {
  const repairMinutes = Math.ceil(longestReplacementSeconds(bp) / MINUTE);
  const needed = healthyHostsNeeded(bp, ctx);
  const base = { periodSeconds: MINUTE };
  const alarms: AlarmSpec[] = [
    {
      ...base,
      id: 'UnhealthyHosts',
      critical: false,
      description: `At least one target has failed its health check for ${repairMinutes} minutes, longer than an automatic replacement takes`,
      metrics: { m: tg('UnHealthyHostCount', 'Maximum') },
      threshold: 1,
      comparison: Comparison.GREATER_THAN_OR_EQUAL,
      evaluationPeriods: repairMinutes,
      datapointsToAlarm: repairMinutes,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      ...base,
      id: 'HealthyHostsBelowNeed',
      critical: true,
      description: `Fewer than ${needed} healthy targets for 3 minutes: fewer than ${ctx.instancesNeededAtPeak !== undefined ? 'the planned peak needs' : 'losing an AZ would leave'}. A load balancer that reports nothing counts as unhealthy.`,
      // Maximum over the load balancer's nodes: with cross-zone on, a node whose AZ is cut off reaches no
      // target and reports none healthy, which Minimum would take for the whole service (an AZ
      // impairment the fleet was sized for would page). The best-placed node's count is what the load
      // balancer can still serve from.
      metrics: { m: tg('HealthyHostCount', 'Maximum') },
      threshold: needed,
      comparison: Comparison.LESS_THAN,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.BREACHING,
    },
    ...ctx.availabilityZoneNames.map((az, i): AlarmSpec => ({
      ...base,
      id: `HealthyHostsAz${i + 1}`,
      critical: false,
      description: `No healthy target in AZ ${i + 1} for ${repairMinutes} minutes: the zonal signal (the other AZs carry the load)`,
      // Maximum for the same reason: one cut-off node would otherwise report every other AZ empty too.
      metrics: { m: tg('HealthyHostCount', 'Maximum', az) },
      threshold: 1,
      comparison: Comparison.LESS_THAN,
      evaluationPeriods: repairMinutes,
      datapointsToAlarm: repairMinutes,
      treatMissingData: MissingData.BREACHING,
    })),
    {
      ...base,
      id: 'LoadBalancer5xxRate',
      critical: true,
      description: `The load balancer itself answered more than ${ALARM_THRESHOLDS.loadBalancer5xxPercent} % of requests with 5xx for 3 minutes`,
      ...errorRate('elb5xx', 'HTTPCode_ELB_5XX_Count'),
      threshold: ALARM_THRESHOLDS.loadBalancer5xxPercent,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      ...base,
      id: 'Target5xxRate',
      critical: true,
      description: `The instances answered more than ${ALARM_THRESHOLDS.target5xxPercent} % of requests with 5xx for 3 minutes`,
      ...errorRate('target5xx', 'HTTPCode_Target_5XX_Count'),
      threshold: ALARM_THRESHOLDS.target5xxPercent,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      ...base,
      id: 'P99ResponseTime',
      critical: true,
      description: `p99 target response time above ${ALARM_THRESHOLDS.p99ResponseTimeSeconds} s in 3 of the last 5 minutes`,
      metrics: { m: tg('TargetResponseTime', 'p99') },
      threshold: ALARM_THRESHOLDS.p99ResponseTimeSeconds,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      ...base,
      id: 'RejectedConnections',
      critical: false,
      description: 'The load balancer rejected connections (it reached its connection limit) in 2 consecutive minutes',
      metrics: { m: lb('RejectedConnectionCount') },
      threshold: 1,
      comparison: Comparison.GREATER_THAN_OR_EQUAL,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      ...base,
      id: 'InServiceBelowMinimum',
      critical: false,
      description: `Fewer than ${bp.minCapacity} instances in service for ${repairMinutes} minutes: Auto Scaling has not restored the minimum`,
      metrics: { m: { source: MetricSource.AUTO_SCALING_GROUP, metricName: 'GroupInServiceInstances', statistic: 'Minimum' } },
      threshold: bp.minCapacity,
      comparison: Comparison.LESS_THAN,
      evaluationPeriods: repairMinutes,
      datapointsToAlarm: repairMinutes,
      treatMissingData: MissingData.BREACHING,
    },
  ];
  const d = bp.database;
  if (d) {
    const five = { ...base, evaluationPeriods: 5, datapointsToAlarm: 5, critical: false };
    alarms.push(
      {
        ...five,
        id: 'DatabaseCpu',
        description: `Database CPU above ${ALARM_THRESHOLDS.databaseCpuPercent} % for 5 minutes; a database that stops reporting counts as breaching`,
        metrics: { m: db('CPUUtilization', 'Maximum') },
        threshold: ALARM_THRESHOLDS.databaseCpuPercent,
        comparison: Comparison.GREATER_THAN,
        treatMissingData: MissingData.BREACHING,
      },
      {
        ...five,
        id: 'DatabaseFreeableMemory',
        description: 'Database freeable memory below 512 MiB for 5 minutes',
        metrics: { m: db('FreeableMemory', 'Minimum') },
        threshold: ALARM_THRESHOLDS.databaseFreeableMemoryBytes,
        comparison: Comparison.LESS_THAN,
        treatMissingData: MissingData.MISSING,
      },
      {
        ...five,
        id: 'DatabaseConnections',
        description: `More than ${ALARM_THRESHOLDS.databaseConnections} database connections for 5 minutes`,
        metrics: { m: db('DatabaseConnections', 'Maximum') },
        threshold: ALARM_THRESHOLDS.databaseConnections,
        comparison: Comparison.GREATER_THAN,
        treatMissingData: MissingData.MISSING,
      },
      d.aurora
        ? {
          ...five,
          id: 'DatabaseFreeLocalStorage',
          description: 'Aurora local storage (temporary tables, logs) below 2 GiB for 5 minutes',
          metrics: { m: db('FreeLocalStorage', 'Minimum') },
          threshold: ALARM_THRESHOLDS.auroraFreeLocalStorageBytes,
          comparison: Comparison.LESS_THAN,
          treatMissingData: MissingData.MISSING,
        }
        : {
          ...five,
          id: 'DatabaseFreeStorage',
          description: 'Database storage below 10 GiB for 5 minutes (storage autoscaling may be at its maximum)',
          metrics: { m: db('FreeStorageSpace', 'Minimum') },
          threshold: ALARM_THRESHOLDS.instanceFreeStorageBytes,
          comparison: Comparison.LESS_THAN,
          treatMissingData: MissingData.MISSING,
        },
    );
    if (d.aurora) {
      alarms.push(
        {
          ...five,
          id: 'DatabaseDeadlocks',
          description: `More than ${ALARM_THRESHOLDS.deadlocksPerSecond} deadlocks a second on average for 5 minutes`,
          metrics: { m: db('Deadlocks', 'Average') },
          threshold: ALARM_THRESHOLDS.deadlocksPerSecond,
          comparison: Comparison.GREATER_THAN,
          treatMissingData: MissingData.MISSING,
        },
        {
          ...five,
          id: 'DatabaseCommitLatency',
          description: `Average commit latency above ${ALARM_THRESHOLDS.commitLatencyMilliseconds} ms for 5 minutes`,
          metrics: { m: db('CommitLatency', 'Average') },
          threshold: ALARM_THRESHOLDS.commitLatencyMilliseconds,
          comparison: Comparison.GREATER_THAN,
          treatMissingData: MissingData.MISSING,
        },
      );
      if (d.readers > 0) {
        alarms.push({
          ...five,
          id: 'ReplicaLag',
          description: `Aurora replica lag above ${ALARM_THRESHOLDS.replicaLagMilliseconds} ms for 5 minutes: a failover would lose more than that`,
          metrics: { m: db('AuroraReplicaLagMaximum', 'Maximum') },
          threshold: ALARM_THRESHOLDS.replicaLagMilliseconds,
          comparison: Comparison.GREATER_THAN,
          treatMissingData: MissingData.MISSING,
        });
      }
    }
  }
  return alarms;
}

/** Applies the user's per-alarm overrides, recording unknown ids and impossible values as problems. */
export function applyOverrides(specs: AlarmSpec[], overrides: Record<string, AlarmOverride> = {}, v: Validator = new Validator()): AlarmSpec[] {
  const ids = new Set(specs.map((s) => s.id));
  for (const id of Object.keys(overrides)) {
    v.check(ids.has(id), `alarmOverrides has no alarm '${id}'; this service's alarms are: ${[...ids].join(', ')}`);
  }
  return specs.flatMap((spec) => {
    const o = overrides[spec.id];
    if (!o) return [spec];
    if (o.enabled === false) return [];
    const evaluationPeriods = o.evaluationPeriods ?? spec.evaluationPeriods;
    const datapointsToAlarm = o.datapointsToAlarm ?? Math.min(spec.datapointsToAlarm, evaluationPeriods);
    const periodsOk = v.check(Number.isInteger(evaluationPeriods) && evaluationPeriods >= 1 && evaluationPeriods <= 1440,
      `alarmOverrides.${spec.id}.evaluationPeriods must be a whole number between 1 and 1440, received ${evaluationPeriods}`);
    if (periodsOk) {
      v.check(Number.isInteger(datapointsToAlarm) && datapointsToAlarm >= 1 && datapointsToAlarm <= evaluationPeriods,
        `alarmOverrides.${spec.id}.datapointsToAlarm must be a whole number between 1 and evaluationPeriods (${evaluationPeriods}), received ${datapointsToAlarm}`);
    }
    if (v.check(o.threshold === undefined || Number.isFinite(o.threshold), `alarmOverrides.${spec.id}.threshold must be a finite number, received ${o.threshold}`)) {
      checkThreshold(spec, o.threshold, v);
    }
    return [{ ...spec, threshold: o.threshold ?? spec.threshold, evaluationPeriods, datapointsToAlarm }];
  });
}

/**
 * Every metric the alarms watch (counts, percentages, seconds, bytes) is zero or more, so a
 * threshold that such a value always breaches, or can never breach, makes an alarm that always
 * fires (paging for nothing, and stopping every rollout) or never does.
 */
function checkThreshold(spec: AlarmSpec, threshold: number | undefined, v: Validator): void {
  if (threshold === undefined || v.isUnresolved(threshold)) return;
  const prop = `alarmOverrides.${spec.id}.threshold`;
  switch (spec.comparison) {
    case Comparison.GREATER_THAN:
      v.check(threshold >= 0, `${prop} must be 0 or more (the alarm fires above it, and its metric is never negative, so it would always fire), received ${threshold}`);
      break;
    case Comparison.GREATER_THAN_OR_EQUAL:
      v.check(threshold > 0, `${prop} must be above 0 (the alarm fires at or above it, and its metric is never negative, so it would always fire), received ${threshold}`);
      break;
    case Comparison.LESS_THAN:
      v.check(threshold > 0, `${prop} must be above 0 (the alarm fires below it, and its metric is never negative, so it could never fire), received ${threshold}`);
      break;
  }
}
