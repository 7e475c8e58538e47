import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { ServiceDatabase } from './database';
import { AlarmSpec, Comparison, MetricSource, MissingData } from '../core/alarms';

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

/**
 * An SNS topic encrypted with its own rotating KMS key that CloudWatch alarms and Auto Scaling
 * notifications can both publish to.
 */
export function createAlarmTopic(scope: Construct, emails: string[]): sns.Topic {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, 'AlarmTopicKey', {
    description: 'Encrypts the service alarm topic',
    enableKeyRotation: true,
  });
  // CloudWatch alarms publish as the service itself.
  key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
  // Auto Scaling notifications are published by the account's Auto Scaling service-linked role,
  // which may not exist yet when the key is created: match it by ARN instead of naming it.
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowAutoScalingNotifications',
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      ArnLike: {
        'aws:PrincipalArn': `arn:${stack.partition}:iam::${stack.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling*`,
      },
      StringEquals: { 'kms:CallerAccount': stack.account },
    },
  }));
  const topic = new sns.Topic(scope, 'AlarmTopic', {
    displayName: 'Service alarms',
    masterKey: key,
    enforceSSL: true,
  });
  for (const email of emails) {
    topic.addSubscription(new subscriptions.EmailSubscription(email));
  }
  return topic;
}

export interface MetricSources {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly database?: ServiceDatabase;
}

/** Resolves the engine-neutral metric reference of an alarm spec to a CloudWatch metric. */
export function toMetric(spec: AlarmSpec, sources: MetricSources): cloudwatch.IMetric {
  const options: cloudwatch.MetricOptions = {
    statistic: spec.statistic,
    period: Duration.seconds(spec.periodSeconds),
  };
  switch (spec.source) {
    case MetricSource.LOAD_BALANCER:
      return sources.loadBalancer.metrics.custom(spec.metricName, options);
    case MetricSource.TARGET_GROUP:
      return sources.targetGroup.metrics.custom(spec.metricName, options);
    case MetricSource.AUTO_SCALING_GROUP:
      return new cloudwatch.Metric({
        namespace: 'AWS/AutoScaling',
        metricName: spec.metricName,
        dimensionsMap: { AutoScalingGroupName: sources.autoScalingGroup.autoScalingGroupName },
        ...options,
      });
    case MetricSource.DATABASE:
      if (!sources.database) throw new Error(`alarm ${spec.id} needs a database`);
      return sources.database.metric(spec.metricName, options);
  }
}

/** Creates one CloudWatch alarm per spec, each notifying the topic when it fires and clears. */
export function createAlarms(scope: Construct, specs: AlarmSpec[], sources: MetricSources, topic: sns.ITopic): cloudwatch.Alarm[] {
  const action = new cwActions.SnsAction(topic);
  return specs.map((spec) => {
    const alarm = new cloudwatch.Alarm(scope, spec.id, {
      alarmDescription: spec.description,
      metric: toMetric(spec, sources),
      threshold: spec.threshold,
      comparisonOperator: COMPARISONS[spec.comparison],
      evaluationPeriods: spec.evaluationPeriods,
      datapointsToAlarm: spec.datapointsToAlarm,
      treatMissingData: MISSING_DATA[spec.treatMissingData],
    });
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    return alarm;
  });
}
