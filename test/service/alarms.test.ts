import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { HighlyAvailableService } from '../../src';
import { synthService, testStack } from '../util';

describe('alarms, default', () => {
  const { template, service } = synthService({ alarmEmails: ['oncall@example.com'] });
  const alarms = () => Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
  const byMetric = (name: string) => alarms().find((a) => a.Properties.MetricName === name)?.Properties;

  test('the topic is encrypted with its own rotating key, SSL-only, with the email subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('CloudWatch and the Auto Scaling service-linked role may use the topic key', () => {
    const key = Object.values(template.findResources('AWS::KMS::Key'))[0] as any;
    const statements = key.Properties.KeyPolicy.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
      expect.objectContaining({ Sid: 'AllowAutoScalingNotifications', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
    ]));
  });

  test('nine alarms: the fleet, the load balancer and the Aurora cluster, each notifying on alarm and OK', () => {
    expect(alarms()).toHaveLength(9);
    expect(service.alarms).toHaveLength(9);
    expect(alarms().map((a) => a.Properties.MetricName).sort()).toEqual([
      'AuroraReplicaLagMaximum', 'CPUUtilization', 'DatabaseConnections', 'FreeableMemory', 'GroupInServiceInstances',
      'HTTPCode_ELB_5XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'UnHealthyHostCount',
    ]);
    for (const a of alarms()) {
      expect(a.Properties.AlarmActions).toHaveLength(1);
      expect(a.Properties.AlarmActions[0].Ref).toMatch(/AlarmTopic/);
      expect(a.Properties.OKActions[0].Ref).toMatch(/AlarmTopic/);
    }
    expect(service.resilienceReport.alarmCount).toBe(9);
  });

  test('fleet alarms wait out one automatic replacement (detection + grace + boot = 440 s, 8 minutes)', () => {
    expect(byMetric('UnHealthyHostCount')).toEqual(expect.objectContaining({
      Statistic: 'Maximum', Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 8, TreatMissingData: 'notBreaching',
    }));
    expect(byMetric('GroupInServiceInstances')).toEqual(expect.objectContaining({
      Namespace: 'AWS/AutoScaling', Statistic: 'Minimum', Threshold: 3, ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 8, TreatMissingData: 'breaching',
    }));
    expect(service.resilienceReport.replacementSeconds).toBe(440);
  });

  test('load balancer 5xx, target 5xx and p99 latency', () => {
    expect(byMetric('HTTPCode_ELB_5XX_Count')).toEqual(expect.objectContaining({ Namespace: 'AWS/ApplicationELB', Statistic: 'Sum', Threshold: 10, Period: 60 }));
    expect(byMetric('HTTPCode_Target_5XX_Count')).toEqual(expect.objectContaining({ Statistic: 'Sum', Threshold: 10 }));
    expect(byMetric('TargetResponseTime')).toEqual(expect.objectContaining({ ExtendedStatistic: 'p99', Threshold: 1, EvaluationPeriods: 5, DatapointsToAlarm: 3 }));
  });

  test('database CPU, memory, connections and replica lag on the cluster', () => {
    for (const name of ['CPUUtilization', 'FreeableMemory', 'DatabaseConnections', 'AuroraReplicaLagMaximum']) {
      const p = byMetric(name);
      expect(p.Namespace).toBe('AWS/RDS');
      expect(p.Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: { Ref: expect.stringMatching(/DatabaseCluster/) } }]);
    }
    expect(byMetric('FreeableMemory')).toEqual(expect.objectContaining({ Threshold: 536870912, ComparisonOperator: 'LessThanThreshold' }));
    expect(byMetric('AuroraReplicaLagMaximum')).toEqual(expect.objectContaining({ Threshold: 1000 }));
  });
});

describe('alarms, options', () => {
  test('a stateless service has the five service alarms', () => {
    const { service } = synthService({ database: false });
    expect(service.alarms).toHaveLength(5);
  });

  test('Aurora without readers has no replica-lag alarm', () => {
    const { template } = synthService({ databaseReaders: 0 });
    expect(Object.values(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'AuroraReplicaLagMaximum' } }))).toHaveLength(0);
  });

  test('the user\'s topic receives alarms and scaling events; no topic or key is created, emails are ignored with a warning', () => {
    const { stack } = testStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:eu-west-1:111111111111:ops');
    const svc = new HighlyAvailableService(stack, 'Web', { database: false, alarmTopic: topic, alarmEmails: ['x@example.com'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.resourceCountIs('AWS::SNS::Subscription', 0);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topic.topicArn] });
    t.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { NotificationConfigurations: [Match.objectLike({ TopicARN: topic.topicArn })] });
    expect(svc.alarmTopic).toBe(topic);
    Annotations.fromStack(stack).hasWarning('/Test/Web', Match.stringLikeRegexp('alarmEmails are ignored'));
  });
});
