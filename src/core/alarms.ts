import { ServiceBlueprint } from './blueprint';
import { DEFAULTS } from './defaults';

/** Where an alarm's metric comes from; each renderer maps it to its own metric resource. */
export enum MetricSource {
  LOAD_BALANCER = 'load-balancer',
  TARGET_GROUP = 'target-group',
  AUTO_SCALING_GROUP = 'auto-scaling-group',
  DATABASE = 'database',
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

/** One alarm, engine-neutral: a metric, a rule, and what missing data means. */
export interface AlarmSpec {
  /** Stable id: the alarm's construct id, part of the API. */
  readonly id: string;
  readonly description: string;
  readonly source: MetricSource;
  readonly metricName: string;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: MissingData;
}

/** Thresholds that do not follow from the service's own settings. */
export const ALARM_THRESHOLDS = {
  loadBalancer5xxPerMinute: 10,
  target5xxPerMinute: 10,
  p99ResponseTimeSeconds: 1,
  databaseCpuPercent: 80,
  databaseFreeableMemoryBytes: 512 * 1024 * 1024,
  databaseConnections: 1000,
  replicaLagMilliseconds: 1000,
} as const;

/**
 * Seconds the fleet needs to notice a dead instance and bring a healthy replacement into
 * service: health-check detection, then the grace period, then the boot estimate.
 */
export function replacementSeconds(bp: ServiceBlueprint): number {
  return detectionSeconds(bp) + bp.healthCheckGracePeriodSeconds + DEFAULTS.bootEstimateSeconds;
}

/** Seconds until the load balancer takes a dead instance out of rotation: interval x unhealthy threshold. */
export function detectionSeconds(bp: ServiceBlueprint): number {
  return bp.healthCheck.intervalSeconds * bp.healthCheck.unhealthyThreshold;
}

/**
 * The default alarm set of a service. Alarms about the fleet wait out one automatic replacement
 * before they fire, so nobody is paged for what Auto Scaling repairs by itself.
 */
export function defaultAlarms(bp: ServiceBlueprint): AlarmSpec[] {
  const minute = 60;
  const repairMinutes = Math.ceil(replacementSeconds(bp) / minute);
  const alarms: AlarmSpec[] = [
    {
      id: 'UnhealthyHosts',
      description: `At least one target has failed its health check for ${repairMinutes} minutes, longer than an automatic replacement takes`,
      source: MetricSource.TARGET_GROUP,
      metricName: 'UnHealthyHostCount',
      statistic: 'Maximum',
      periodSeconds: minute,
      threshold: 1,
      comparison: Comparison.GREATER_THAN_OR_EQUAL,
      evaluationPeriods: repairMinutes,
      datapointsToAlarm: repairMinutes,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      id: 'LoadBalancer5xx',
      description: `The load balancer itself returned more than ${ALARM_THRESHOLDS.loadBalancer5xxPerMinute} 5xx responses a minute for 3 minutes`,
      source: MetricSource.LOAD_BALANCER,
      metricName: 'HTTPCode_ELB_5XX_Count',
      statistic: 'Sum',
      periodSeconds: minute,
      threshold: ALARM_THRESHOLDS.loadBalancer5xxPerMinute,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      id: 'Target5xx',
      description: `The instances returned more than ${ALARM_THRESHOLDS.target5xxPerMinute} 5xx responses a minute for 3 minutes`,
      source: MetricSource.LOAD_BALANCER,
      metricName: 'HTTPCode_Target_5XX_Count',
      statistic: 'Sum',
      periodSeconds: minute,
      threshold: ALARM_THRESHOLDS.target5xxPerMinute,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      id: 'P99ResponseTime',
      description: `p99 target response time above ${ALARM_THRESHOLDS.p99ResponseTimeSeconds} s in 3 of the last 5 minutes`,
      source: MetricSource.TARGET_GROUP,
      metricName: 'TargetResponseTime',
      statistic: 'p99',
      periodSeconds: minute,
      threshold: ALARM_THRESHOLDS.p99ResponseTimeSeconds,
      comparison: Comparison.GREATER_THAN,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: MissingData.NOT_BREACHING,
    },
    {
      id: 'InServiceBelowMinimum',
      description: `Fewer than ${bp.minCapacity} instances in service for ${repairMinutes} minutes: Auto Scaling has not restored the minimum`,
      source: MetricSource.AUTO_SCALING_GROUP,
      metricName: 'GroupInServiceInstances',
      statistic: 'Minimum',
      periodSeconds: minute,
      threshold: bp.minCapacity,
      comparison: Comparison.LESS_THAN,
      evaluationPeriods: repairMinutes,
      datapointsToAlarm: repairMinutes,
      treatMissingData: MissingData.BREACHING,
    },
  ];
  if (bp.database) {
    alarms.push(
      {
        id: 'DatabaseCpu',
        description: `Database CPU above ${ALARM_THRESHOLDS.databaseCpuPercent} % for 5 minutes`,
        source: MetricSource.DATABASE,
        metricName: 'CPUUtilization',
        statistic: 'Maximum',
        periodSeconds: minute,
        threshold: ALARM_THRESHOLDS.databaseCpuPercent,
        comparison: Comparison.GREATER_THAN,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: MissingData.MISSING,
      },
      {
        id: 'DatabaseFreeableMemory',
        description: 'Database freeable memory below 512 MiB for 5 minutes',
        source: MetricSource.DATABASE,
        metricName: 'FreeableMemory',
        statistic: 'Minimum',
        periodSeconds: minute,
        threshold: ALARM_THRESHOLDS.databaseFreeableMemoryBytes,
        comparison: Comparison.LESS_THAN,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: MissingData.MISSING,
      },
      {
        id: 'DatabaseConnections',
        description: `More than ${ALARM_THRESHOLDS.databaseConnections} database connections for 5 minutes`,
        source: MetricSource.DATABASE,
        metricName: 'DatabaseConnections',
        statistic: 'Maximum',
        periodSeconds: minute,
        threshold: ALARM_THRESHOLDS.databaseConnections,
        comparison: Comparison.GREATER_THAN,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: MissingData.MISSING,
      },
    );
    if (bp.database.aurora && bp.database.readers > 0) {
      alarms.push({
        id: 'ReplicaLag',
        description: `Aurora replica lag above ${ALARM_THRESHOLDS.replicaLagMilliseconds} ms for 5 minutes: a failover would lose more than that`,
        source: MetricSource.DATABASE,
        metricName: 'AuroraReplicaLagMaximum',
        statistic: 'Maximum',
        periodSeconds: minute,
        threshold: ALARM_THRESHOLDS.replicaLagMilliseconds,
        comparison: Comparison.GREATER_THAN,
        evaluationPeriods: 5,
        datapointsToAlarm: 5,
        treatMissingData: MissingData.MISSING,
      });
    }
  }
  return alarms;
}
