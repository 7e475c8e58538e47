import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CapacityPlan, DatabaseEngine, HighlyAvailableService } from '../../src';
import { serviceNamePrefix } from '../../src/core/base/naming';
import { AZS, synthService, testStack, defaultService } from '../util';

type Props = Record<string, any>;
const alarmsOf = (template: Template) => Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a: any) => a.Properties as Props);
// Names: the stack, the service's path and a hash of both (see test/service/naming.cases.ts).
const PREFIX = serviceNamePrefix('Test', ['Web']);
const byName = (template: Template, id: string) => alarmsOf(template).find((a) => a.AlarmName === `${PREFIX}-${id}`)!;

describe('alarm topic', () => {
  const { template } = synthService({ database: false, alarmEmails: ['oncall@example.com'] });

  test('encrypted with its own rotating key, SSL-only, with the email subscribed', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlarmTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('CloudWatch and the Auto Scaling service-linked role may use the topic key; only AWS services get grants', () => {
    const [key] = Object.entries(template.findResources('AWS::KMS::Key')).filter(([id]) => id.includes('AlarmTopicKey')).map(([, k]) => k as any);
    expect(key.Properties.KeyPolicy.Statement).toEqual(expect.arrayContaining([
      expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
      expect.objectContaining({ Sid: 'AllowAutoScalingNotifications', Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
      {
        Sid: 'GrantsOnlyForAwsServices',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      },
    ]));
  });
});

describe('the default alarm set (Aurora, 3 AZs, no demand plan)', () => {
  const { template, service } = defaultService();

  // id: [metric, statistic, threshold, comparison, evaluation periods, datapoints, missing data]
  const EXPECTED: Record<string, [string, string, number, string, number, number, string]> = {
    UnhealthyHosts: ['UnHealthyHostCount', 'Maximum', 1, 'GreaterThanOrEqualToThreshold', 8, 8, 'notBreaching'],
    // 3 instances over 3 AZs: losing one AZ leaves 2; fewer healthy than that is worse than an AZ loss.
    HealthyHostsBelowNeed: ['HealthyHostCount', 'Maximum', 2, 'LessThanThreshold', 3, 3, 'breaching'],
    HealthyHostsAz1: ['HealthyHostCount', 'Maximum', 1, 'LessThanThreshold', 8, 8, 'breaching'],
    HealthyHostsAz2: ['HealthyHostCount', 'Maximum', 1, 'LessThanThreshold', 8, 8, 'breaching'],
    HealthyHostsAz3: ['HealthyHostCount', 'Maximum', 1, 'LessThanThreshold', 8, 8, 'breaching'],
    P99ResponseTime: ['TargetResponseTime', 'p99', 1, 'GreaterThanThreshold', 5, 3, 'notBreaching'],
    RejectedConnections: ['RejectedConnectionCount', 'Sum', 1, 'GreaterThanOrEqualToThreshold', 2, 2, 'notBreaching'],
    InServiceBelowMinimum: ['GroupInServiceInstances', 'Minimum', 3, 'LessThanThreshold', 8, 8, 'breaching'],
    DatabaseCpu: ['CPUUtilization', 'Maximum', 80, 'GreaterThanThreshold', 5, 5, 'breaching'],
    DatabaseFreeableMemory: ['FreeableMemory', 'Minimum', 512 * 1024 ** 2, 'LessThanThreshold', 5, 5, 'missing'],
    DatabaseConnections: ['DatabaseConnections', 'Maximum', 1000, 'GreaterThanThreshold', 5, 5, 'missing'],
    DatabaseFreeLocalStorage: ['FreeLocalStorage', 'Minimum', 2 * 1024 ** 3, 'LessThanThreshold', 5, 5, 'missing'],
    DatabaseDeadlocks: ['Deadlocks', 'Average', 0.5, 'GreaterThanThreshold', 5, 5, 'missing'],
    DatabaseCommitLatency: ['CommitLatency', 'Average', 100, 'GreaterThanThreshold', 5, 5, 'missing'],
    ReplicaLag: ['AuroraReplicaLagMaximum', 'Maximum', 1000, 'GreaterThanThreshold', 5, 5, 'missing'],
    // The internet-facing default has a web ACL.
    WebAclBlockedRequests: ['BlockedRequests', 'Sum', 1000, 'GreaterThanThreshold', 5, 5, 'notBreaching'],
  };

  test.each(Object.entries(EXPECTED))('%s: metric, statistic, threshold, periods, missing data, actions', (id, [metric, stat, threshold, cmp, evals, points, missing]) => {
    const a = byName(template, id);
    expect(a).toBeDefined();
    expect(a.MetricName).toBe(metric);
    expect(a.ExtendedStatistic ?? a.Statistic).toBe(stat);
    expect(a.Period).toBe(60);
    expect([a.Threshold, a.ComparisonOperator, a.EvaluationPeriods, a.DatapointsToAlarm, a.TreatMissingData])
      .toEqual([threshold, cmp, evals, points, missing]);
    expect(a.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    expect(a.OKActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
  });

  test.each([['LoadBalancer5xxRate', 'HTTPCode_ELB_5XX_Count', 'elb5xx', 1], ['Target5xxRate', 'HTTPCode_Target_5XX_Count', 'target5xx', 2]])(
    '%s is a rate of requests, 0 under 50 requests a minute', (id, metric, metricId, threshold) => {
      const a = byName(template, id as string);
      expect([a.Threshold, a.ComparisonOperator, a.EvaluationPeriods, a.DatapointsToAlarm, a.TreatMissingData])
        .toEqual([threshold, 'GreaterThanThreshold', 3, 3, 'notBreaching']);
      const expression = a.Metrics.find((m: any) => m.Expression);
      expect(expression.Expression).toBe(`IF(requests < 50, 0, 100 * FILL(${metricId}, 0) / requests)`);
      const used = Object.fromEntries(a.Metrics.filter((m: any) => m.MetricStat)
        .map((m: any) => [m.Id, [m.MetricStat.Metric.MetricName, m.MetricStat.Stat, m.MetricStat.Period]]));
      expect(used).toEqual({ [metricId]: [metric, 'Sum', 60], requests: ['RequestCount', 'Sum', 60] });
    });

  test('the per-AZ alarms watch one AZ each', () => {
    AZS.forEach((az, i) => {
      expect(byName(template, `HealthyHostsAz${i + 1}`).Dimensions).toEqual(expect.arrayContaining([{ Name: 'AvailabilityZone', Value: az }]));
    });
  });

  test('database alarms watch the cluster', () => {
    for (const id of ['DatabaseCpu', 'ReplicaLag', 'DatabaseDeadlocks']) {
      expect(byName(template, id).Dimensions).toEqual([{ Name: 'DBClusterIdentifier', Value: { Ref: expect.stringMatching(/DatabaseCluster/) } }]);
    }
  });

  test('24 alarms with stable names (6 of them the AZs\' outlier alarms), and nothing else', () => {
    const outliers = [1, 2, 3].flatMap((n) => [`OutlierFaultsAz${n}`, `OutlierLatencyAz${n}`]);
    expect(alarmsOf(template).map((a) => a.AlarmName).sort()).toEqual(
      [...Object.keys(EXPECTED), 'LoadBalancer5xxRate', 'Target5xxRate', ...outliers].map((id) => `${PREFIX}-${id}`).sort(),
    );
    expect(service.alarms).toHaveLength(24);
  });

  test('each AZ\'s composite fires when either of its outlier alarms does, and notifies; it is not part of service health', () => {
    const composites = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')) as any[];
    expect(composites.map((c) => c.Properties.AlarmName)).toEqual([1, 2, 3].map((n) => `${PREFIX}-ImpairedAz${n}`).concat(`${PREFIX}-ServiceHealth`));
    const parts: any[] = composites[1].Properties.AlarmRule['Fn::Join'][1];
    expect(parts.filter((p) => typeof p !== 'string').map((p) => p['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, ''))).toEqual(['WebOutlierFaultsAz2', 'WebOutlierLatencyAz2']);
    expect(parts.map((p) => (typeof p === 'string' ? p : 'X')).join('')).toBe('(ALARM("X") OR ALARM("X"))');
    expect(composites[1].Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    expect(Object.keys(service.compositeAlarmsById)).toEqual(['ImpairedAz1', 'ImpairedAz2', 'ImpairedAz3']);
  });

  test('the composite service-health alarm fires when any critical alarm does, and notifies', () => {
    const composite = (Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm')) as any[])
      .find((c) => c.Properties.AlarmName === `${PREFIX}-ServiceHealth`);
    expect(composite).toBeDefined();
    const parts: any[] = composite.Properties.AlarmRule['Fn::Join'][1];
    // ALARM(<arn>) OR ALARM(<arn>) ...: the literal parts carry the operators, the references the alarms.
    const alarms = parts.filter((p) => typeof p !== 'string').map((p) => p['Fn::GetAtt'][0].replace(/[0-9A-F]{8}$/, ''));
    expect(alarms).toEqual(['WebHealthyHostsBelowNeed', 'WebLoadBalancer5xxRate', 'WebTarget5xxRate', 'WebP99ResponseTime']);
    const text = parts.map((p) => (typeof p === 'string' ? p : 'X')).join('');
    expect(text).toBe('(ALARM("X") OR ALARM("X") OR ALARM("X") OR ALARM("X"))');
    expect(composite.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/AlarmTopic/) }]);
    expect(service.serviceHealthAlarm).toBeDefined();
  });
});

describe('thresholds follow the service', () => {
  test('with a demand plan, healthy hosts below what the peak needs', () => {
    const capacity = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
    const { template } = synthService({ database: false, capacity });
    // 1200 / (100 x 0.7) = 17.1 -> 18 healthy instances carry the peak.
    expect(byName(template, 'HealthyHostsBelowNeed').Threshold).toBe(18);
    expect(byName(template, 'InServiceBelowMinimum').Threshold).toBe(27);
  });

  test('slower health checks and a longer grace period wait longer before paging about instances', () => {
    const { template } = synthService({ database: false, unhealthyThresholdCount: 5 });
    // 10 s x 5 + 300 s + 120 s = 470 s -> 8 minutes.
    expect(byName(template, 'UnhealthyHosts').EvaluationPeriods).toBe(8);
  });

  test('a Multi-AZ instance watches free storage instead of Aurora local storage, with no replica lag', () => {
    const { template } = synthService({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE });
    const names = alarmsOf(template).map((a) => a.AlarmName);
    expect(names).toContain(`${PREFIX}-DatabaseFreeStorage`);
    expect(names).not.toContain(`${PREFIX}-ReplicaLag`);
    expect(names).not.toContain(`${PREFIX}-DatabaseDeadlocks`);
    expect(byName(template, 'DatabaseFreeStorage').Dimensions).toEqual([{ Name: 'DBInstanceIdentifier', Value: { Ref: expect.stringMatching(/DatabaseInstance/) } }]);
  });
});

describe('overrides', () => {
  test('one alarm\'s threshold and periods, another turned off', () => {
    const { template, service } = synthService({
      database: false,
      alarmOverrides: { P99ResponseTime: { threshold: 0.5, evaluationPeriods: 10, datapointsToAlarm: 6 }, RejectedConnections: { enabled: false } },
    });
    expect(byName(template, 'P99ResponseTime')).toEqual(expect.objectContaining({ Threshold: 0.5, EvaluationPeriods: 10, DatapointsToAlarm: 6 }));
    expect(byName(template, 'RejectedConnections')).toBeUndefined();
    expect(service.alarms.map((a) => a.node.id)).not.toContain('RejectedConnections');
  });

  test('a critical alarm turned off leaves the composite and the rollout', () => {
    const { template } = synthService({ database: false, alarmOverrides: { P99ResponseTime: { enabled: false } } });
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0] as any;
    expect(JSON.stringify(composite.Properties.AlarmRule)).not.toContain('P99');
    const asg = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any;
    const watched = asg.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms.map((a: any) => a.Ref);
    expect(watched).toHaveLength(3);
    expect(watched.some((id: string) => id.includes('P99'))).toBe(false);
  });

  test.each<[string, Record<string, any>, RegExp]>([
    ['an unknown id', { Latency: { threshold: 1 } }, /alarmOverrides has no alarm 'Latency'; this service's alarms are: UnhealthyHosts, HealthyHostsBelowNeed/],
    ['zero evaluation periods', { UnhealthyHosts: { evaluationPeriods: 0 } }, /alarmOverrides.UnhealthyHosts.evaluationPeriods must be a whole number between 1 and 1440, received 0/],
    ['more datapoints than periods', { P99ResponseTime: { evaluationPeriods: 3, datapointsToAlarm: 4 } },
      /alarmOverrides.P99ResponseTime.datapointsToAlarm must be a whole number between 1 and evaluationPeriods \(3\), received 4/],
    ['a NaN threshold', { P99ResponseTime: { threshold: NaN } }, /alarmOverrides.P99ResponseTime.threshold must be a finite number, received NaN/],
  ])('rejects %s', (_name, alarmOverrides, message) => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', { database: false, alarmOverrides })).toThrow(message);
  });
});

describe('alarms: false', () => {
  test('no alarms, no composite; the rollout still waits for health checks; the dashboard stays', () => {
    const { template, service } = synthService({ database: false, alarms: false });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    const asg = Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any;
    expect(asg.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification).toBeUndefined();
    expect(asg.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.MinHealthyPercentage).toBe(100);
    expect(service.alarms).toHaveLength(0);
    expect(service.serviceHealthAlarm).toBeUndefined();
  });

  test('overrides without alarms are rejected', () => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', { database: false, alarms: false, alarmOverrides: { P99ResponseTime: { threshold: 2 } } }))
      .toThrow(/alarmOverrides needs the alarm set; received it with alarms: false/);
  });
});

describe('the user\'s topic', () => {
  test('receives alarms and scaling events; no topic or key is created; emails are ignored with a warning', () => {
    const { stack } = testStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:eu-west-1:111111111111:ops');
    const svc = new HighlyAvailableService(stack, 'Web', { database: false, alarmTopic: topic, alarmEmails: ['x@example.com'] });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::SNS::Topic', 0);
    // The only keys left encrypt logs: the flow logs', the experiments', the release on rollback function's and the web ACL's.
    expect(Object.keys(t.findResources('AWS::KMS::Key')).sort()).toEqual([expect.stringMatching(/^WebExperimentLogsKey/), expect.stringMatching(/^WebFlowLogsKey/),
      expect.stringMatching(/^WebRollbackReleaseLogsKey/), expect.stringMatching(/^WebWebAclLogsKey/)]);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [topic.topicArn] });
    t.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmActions: [topic.topicArn] });
    t.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { NotificationConfigurations: [Match.objectLike({ TopicARN: topic.topicArn })] });
    expect(svc.alarmTopic).toBe(topic);
    Annotations.fromStack(stack).hasWarning('/Test/Web', Match.stringLikeRegexp('alarmEmails are ignored'));
  });
});

describe('dashboard', () => {
  const { template } = defaultService();
  const body = () => {
    const d = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as any;
    // The body is a Fn::Join of strings and references; the literal parts carry the structure.
    return (d.Properties.DashboardBody['Fn::Join'][1] as any[]).map((p) => (typeof p === 'string' ? p : 'REF')).join('');
  };

  test('named after the service, with one widget per concern', () => {
    const d = Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0] as any;
    expect(d.Properties.DashboardName).toBe(`${PREFIX}-eu-west-1`);
    const widgets = JSON.parse(body()).widgets;
    expect(widgets.map((w: any) => w.properties.title)).toEqual([
      'Traffic (requests per minute)', 'Errors (% of requests)', 'Latency (s)', 'Healthy hosts per AZ',
      'Fleet size against plan', 'Healthy and unhealthy hosts', 'Database CPU (%) and connections', 'Database memory and replication',
      'Web ACL (requests per minute)', 'Requests per AZ (a minute)', 'Target 5xx % per AZ', 'p99 response time per AZ (s)', 'Alarms',
    ]);
  });

  test('latency percentiles, hosts in each AZ, and the fleet against its planned bounds', () => {
    const widgets = JSON.parse(body()).widgets;
    const latency = widgets.find((w: any) => w.properties.title === 'Latency (s)');
    expect(latency.properties.metrics.map((m: any) => m[m.length - 1].stat)).toEqual(['p50', 'p90', 'p99']);
    const perAz = widgets.find((w: any) => w.properties.title === 'Healthy hosts per AZ');
    expect(perAz.properties.metrics).toHaveLength(3);
    expect(JSON.stringify(perAz.properties.metrics)).toContain('eu-west-1c');
    const fleet = widgets.find((w: any) => w.properties.title === 'Fleet size against plan');
    expect(fleet.properties.annotations.horizontal.map((a: any) => a.value)).toEqual([3, 6, 2]);
    const alarms = widgets.find((w: any) => w.properties.title === 'Alarms');
    expect(alarms.properties.alarms).toHaveLength(25);
  });

  test('dashboard: false leaves it out', () => {
    const { template: t } = synthService({ database: false, dashboard: false });
    t.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });
});

describe('metrics helpers', () => {
  test('build your own alarms from service.metrics', () => {
    const { stack } = testStack();
    const svc = new HighlyAvailableService(stack, 'Web', { database: false });
    new cloudwatch.Alarm(stack, 'Mine', { metric: svc.metrics.responseTime('p90'), threshold: 0.3, evaluationPeriods: 3 });
    new cloudwatch.Alarm(stack, 'MyRate', { metric: svc.metrics.target5xxRate(), threshold: 0.5, evaluationPeriods: 3 });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'TargetResponseTime', ExtendedStatistic: 'p90', Threshold: 0.3, Period: 60 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 0.5, Metrics: Match.arrayWith([Match.objectLike({ Expression: 'IF(requests < 50, 0, 100 * FILL(target5xx, 0) / requests)' })]),
    });
    expect(() => svc.metrics.databaseCpu()).toThrow(/the service has no database, so no CPUUtilization metric/);
  });
});
