/**
 * Renders the plan's alarms and the composite service-health alarm as CloudWatch alarms (aws-cdk-lib).
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ServiceMetrics } from './metrics';
import { AlarmSpec, Comparison, MetricRef, MetricSource, MissingData } from '../../core/tiers/alarms';
import { alarmTopicUse } from '../../core/tiers/keys';
import { MonitoringPlan, NamedAlarmSpec } from '../../core/tiers/monitoring';
import { serviceKey } from '../private/keys';

const COMPARISONS: Record<Comparison, cloudwatch.ComparisonOperator> = {
  [Comparison.GREATER_THAN_OR_EQUAL]: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  [Comparison.GREATER_THAN]: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
  [Comparison.LESS_THAN]: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
};

const MISSING_DATA: Record<MissingData, cloudwatch.TreatMissingData> = {
  [MissingData.BREACHING]: cloudwatch.TreatMissingData.BREACHING,
  [MissingData.NOT_BREACHING]: cloudwatch.TreatMissingData.NOT_BREACHING,
  [MissingData.MISSING]: cloudwatch.TreatMissingData.MISSING,
};

/** What a planned alarm decides, beside its metric: the core's alarm specs and the global layer's alarms both have it. */
export type PlannedAlarm = Pick<NamedAlarmSpec, 'id' | 'name' | 'description' | 'threshold' | 'comparison' | 'evaluationPeriods' | 'datapointsToAlarm' | 'treatMissingData'>;

/** One planned alarm on its metric, notifying the action when it fires and when it clears. */
export function notifyingAlarm(scope: Construct, spec: PlannedAlarm, metric: cloudwatch.IMetric, action: cloudwatch.IAlarmAction): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, spec.id, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    metric,
    threshold: spec.threshold,
    comparisonOperator: COMPARISONS[spec.comparison],
    evaluationPeriods: spec.evaluationPeriods,
    datapointsToAlarm: spec.datapointsToAlarm,
    treatMissingData: MISSING_DATA[spec.treatMissingData],
  });
  alarm.addAlarmAction(action);
  alarm.addOkAction(action);
  return alarm;
}

/**
 * An SNS topic encrypted with its own rotating KMS key that CloudWatch alarms and Auto Scaling
 * notifications can both publish to.
 */
export function createAlarmTopic(scope: Construct, emails: string[]): { topic: sns.Topic; key: kms.Key } {
  const stack = Stack.of(scope);
  const key = serviceKey(scope, 'AlarmTopicKey', 'Encrypts the service alarm topic');
  for (const statement of alarmTopicUse({ partition: stack.partition, account: stack.account, region: stack.region })) {
    key.addToResourcePolicy(iam.PolicyStatement.fromJson(statement));
  }
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: 'Service alarms',
    masterKey: key,
    enforceSSL: true,
  });
  for (const email of emails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return { topic, key };
}

/** Resolves an engine-neutral metric reference to a CloudWatch metric. */
export function metricOf(ref: MetricRef, metrics: ServiceMetrics): cloudwatch.Metric {
  const props = { statistic: ref.statistic };
  switch (ref.source) {
    case MetricSource.LOAD_BALANCER: return metrics.loadBalancerMetric(ref.metricName, props, ref.availabilityZone);
    case MetricSource.TARGET_GROUP: return metrics.targetGroupMetric(ref.metricName, ref.availabilityZone, props);
    case MetricSource.AUTO_SCALING_GROUP: return metrics.autoScalingGroupMetric(ref.metricName, props);
    case MetricSource.DATABASE: return metrics.databaseMetric(ref.metricName, props);
    case MetricSource.WEB_ACL: return metrics.webAclMetric(ref.metricName, props);
    case MetricSource.DATABASE_PROXY: return metrics.databaseProxyMetric(ref.metricName, props);
    case MetricSource.CACHE: return metrics.cacheNodeMetric(ref.metricName, ref.cacheNode!, props);
    case MetricSource.CANARY: return metrics.canaryMetric(ref.metricName, ref.canaryName!, props);
  }
}

/** A metric, or metric math over named metrics, at a period. */
export function seriesMetric(
  series: { metrics: Record<string, MetricRef>; expression?: string }, metrics: ServiceMetrics, periodSeconds: number, label?: string,
): cloudwatch.IMetric {
  const period = Duration.seconds(periodSeconds);
  if (series.expression) {
    const usingMetrics = Object.fromEntries(Object.entries(series.metrics).map(([k, ref]) => [k, metricOf(ref, metrics)]));
    return new cloudwatch.MathExpression({ expression: series.expression, usingMetrics, period, label });
  }
  return metricOf(series.metrics.m, metrics).with({ period, label });
}

/** The metric (or metric math) an alarm spec watches. */
export function alarmMetric(spec: AlarmSpec, metrics: ServiceMetrics): cloudwatch.IMetric {
  return seriesMetric(spec, metrics, spec.periodSeconds, spec.expression ? spec.id : undefined);
}

export interface ServiceAlarms {
  /** The alarms, in the plan's order. */
  readonly alarms: cloudwatch.Alarm[];
  /** The same, by alarm id. */
  readonly byId: Record<string, cloudwatch.Alarm>;
  /** The composites over them (the AZs' outlier alarms, the objectives' burn-rate pairs), by id. */
  readonly composites: Record<string, cloudwatch.CompositeAlarm>;
  /** Fires when any critical alarm fires. */
  readonly serviceHealth?: cloudwatch.CompositeAlarm;
}

/**
 * Creates one alarm per planned spec, with its planned name, each notifying the topic when it
 * fires and clears, and the composite service-health alarm over the critical ones.
 */
export function createAlarms(scope: Construct, plan: MonitoringPlan, metrics: ServiceMetrics, topic: sns.ITopic): ServiceAlarms {
  const action = new cwActions.SnsAction(topic);
  const byId: Record<string, cloudwatch.Alarm> = {};
  const alarms = plan.alarms.map((spec) => {
    const alarm = notifyingAlarm(scope, spec, alarmMetric(spec, metrics), action);
    byId[spec.id] = alarm;
    return alarm;
  });
  // Composites come after the alarms they are made of (the plan orders them so).
  const all: Record<string, cloudwatch.IAlarm> = { ...byId };
  const rule = (ids: string[], operator: 'anyOf' | 'allOf') => {
    const rules = ids.map((id) => cloudwatch.AlarmRule.fromAlarm(all[id], cloudwatch.AlarmState.ALARM));
    return operator === 'anyOf' ? cloudwatch.AlarmRule.anyOf(...rules) : cloudwatch.AlarmRule.allOf(...rules);
  };
  const composites: Record<string, cloudwatch.CompositeAlarm> = {};
  for (const c of plan.composites) {
    const composite = new cloudwatch.CompositeAlarm(scope, c.id, {
      compositeAlarmName: c.name,
      alarmDescription: c.description,
      alarmRule: rule(c.alarmIds, c.operator),
    });
    composite.addAlarmAction(action);
    composite.addOkAction(action);
    composites[c.id] = composite;
    all[c.id] = composite;
  }
  let serviceHealth: cloudwatch.CompositeAlarm | undefined;
  const health = plan.serviceHealth;
  if (health) {
    serviceHealth = new cloudwatch.CompositeAlarm(scope, health.id, {
      compositeAlarmName: health.name,
      alarmDescription: health.description,
      alarmRule: rule(health.alarmIds, 'anyOf'),
    });
    serviceHealth.addAlarmAction(action);
    serviceHealth.addOkAction(action);
  }
  return { alarms, byId, composites, serviceHealth };
}
