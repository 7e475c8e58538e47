import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { fromPlan } from './plan-context';
import { checkTerraformJson } from './schema-check';
import { DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps } from '../../src';
import { ServiceOptions } from '../../src/core/options/options';
import { ServicePlan } from '../../src/core/service/plan';
import { metricDimensions } from '../../src/core/tiers/metrics';
import { awsReferences } from '../../src/tf/context';
import { App, TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { AwsProvider } from '../../src/tf/provider';
import { TfMetricTargets, renderMonitoring } from '../../src/tf/tiers/monitoring';
import { plainPlan } from '../core/plain';
import { AZ_CONTEXT, ENV, testApp } from '../util';

// The monitoring tier of the Terraform flavor, from the same plans as the CloudFormation flavor's:
// alarms, composite, topic and a dashboard body equal to the one aws-cdk-lib writes.
const LB = 'app/shop-api/0123456789abcdef';
const TG = 'targetgroup/shop-api/fedcba9876543210';
const ASG = 'shop-api-fleet';
const DB = 'shop-api-database';
const PROXY = 'shop-api-proxy';
const TOPIC = 'arn:aws:sns:eu-west-1:111111111111:oncall';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
let app: App | undefined;

/** The fake names of the service's resources, as the other tiers would give them. */
function targetsOf(plan: ServicePlan): TfMetricTargets {
  return {
    loadBalancerArnSuffix: LB,
    targetGroupArnSuffix: TG,
    autoScalingGroupName: ASG,
    databaseIdentifier: plan.database ? DB : undefined,
    aurora: plan.database?.aurora,
    webAclName: plan.webFirewall?.webAcl?.name,
    databaseProxyName: plan.databaseProxy ? PROXY : undefined,
    region: 'eu-west-1',
  };
}

/** The plan of these options, its monitoring tier in Terraform JSON, and its resources by type. */
function render(name: string, options: ServiceOptions = {}) {
  const plan = plainPlan(options);
  app ??= Testing.app({ outdir });
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const targets = targetsOf(plan);
  renderMonitoring(stack, plan.monitoring, targets, {
    ...awsReferences(stack),
    ...fromPlan(plan),
    alarmTopicArn: plan.monitoring.createTopic ? undefined : TOPIC,
  });
  const config = JSON.parse(Testing.synth(stack));
  const resources = (type: string): Record<string, any> => config.resource[type] ?? {};
  const alarmByName = (alarmName: string) => Object.values(resources('aws_cloudwatch_metric_alarm')).find((a) => a.alarm_name === alarmName);
  return { plan, targets, config, resources, alarmByName };
}

const plain = render('Plain');
const aurora = render('Aurora', { databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 2, alarmEmails: ['oncall@example.com', 'ops@example.com'] });
const OVERRIDDEN = {
  databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE,
  alarmOverrides: { P99ResponseTime: { threshold: 2, evaluationPeriods: 10, datapointsToAlarm: 6 }, RejectedConnections: { enabled: false } },
};
const overridden = render('Overridden', { ...OVERRIDDEN, alarmTopic: true });
const tiers = render('Tiers', { cache: true, databaseProxy: true });
const all = [plain, aurora, overridden, tiers];

test('every configuration passes the offline schema check', () => {
  for (const { config } of all) expect(checkTerraformJson(config)).toEqual([]);
});

test('one metric alarm per planned alarm, with its planned name, rule and actions to the topic', () => {
  for (const { plan, resources, alarmByName } of all) {
    // cdktf writes resources sorted by name.
    expect(Object.keys(resources('aws_cloudwatch_metric_alarm'))).toEqual(plan.monitoring.alarms.map((a) => a.id).sort());
    const topic = plan.monitoring.createTopic ? '${aws_sns_topic.AlarmTopic.arn}' : TOPIC;
    for (const spec of plan.monitoring.alarms) {
      expect(alarmByName(spec.name)).toEqual(expect.objectContaining({
        alarm_description: spec.description,
        threshold: spec.threshold,
        comparison_operator: spec.comparison,
        evaluation_periods: spec.evaluationPeriods,
        datapoints_to_alarm: spec.datapointsToAlarm,
        treat_missing_data: spec.treatMissingData,
        alarm_actions: [topic],
        ok_actions: [topic],
      }));
    }
  }
});

test('overrides change and remove alarms as planned', () => {
  const { plan, alarmByName } = overridden;
  expect(alarmByName(`${plan.namePrefix}-RejectedConnections`)).toBeUndefined();
  expect(alarmByName(`${plan.namePrefix}-P99ResponseTime`)).toEqual(expect.objectContaining({
    threshold: 2, evaluation_periods: 10, datapoints_to_alarm: 6, extended_statistic: 'p99', period: 60,
  }));
  expect(alarmByName(`${plan.namePrefix}-P99ResponseTime`).statistic).toBeUndefined();
});

test('single-metric alarms name their metric where CloudWatch keeps it, per source', () => {
  const { plan, alarmByName } = tiers;
  const alarm = (id: string) => alarmByName(`${plan.namePrefix}-${id}`);
  expect(alarm('HealthyHostsAz2')).toEqual(expect.objectContaining({
    namespace: 'AWS/ApplicationELB',
    metric_name: 'HealthyHostCount',
    statistic: 'Maximum',
    period: 60,
    dimensions: { LoadBalancer: LB, TargetGroup: TG, AvailabilityZone: 'eu-west-1b' },
  }));
  expect(alarm('UnhealthyHosts').dimensions).toEqual({ LoadBalancer: LB, TargetGroup: TG });
  expect(alarm('RejectedConnections').dimensions).toEqual({ LoadBalancer: LB });
  expect(alarm('InServiceBelowMinimum')).toEqual(expect.objectContaining({ namespace: 'AWS/AutoScaling', dimensions: { AutoScalingGroupName: ASG } }));
  expect(alarm('DatabaseCpu')).toEqual(expect.objectContaining({ namespace: 'AWS/RDS', dimensions: { DBClusterIdentifier: DB } }));
  expect(alarm('WebAclBlockedRequests')).toEqual(expect.objectContaining({
    namespace: 'AWS/WAFV2', dimensions: { WebACL: plan.webFirewall!.webAcl!.name, Region: 'eu-west-1', Rule: 'ALL' },
  }));
  expect(alarm('DatabaseProxyAuthFailures')).toEqual(expect.objectContaining({ namespace: 'AWS/RDS', dimensions: { ProxyName: PROXY } }));
  const instance = overridden.alarmByName(`${overridden.plan.namePrefix}-DatabaseFreeStorage`);
  expect(instance).toEqual(expect.objectContaining({ namespace: 'AWS/RDS', dimensions: { DBInstanceIdentifier: DB } }));
});

test('metric-math alarms carry the expression, labelled with the alarm id, and each named metric', () => {
  const { plan, targets, alarmByName } = tiers;
  const math = plan.monitoring.alarms.filter((a) => a.expression);
  expect(math.map((a) => a.id)).toEqual(expect.arrayContaining(['LoadBalancer5xxRate', 'Target5xxRate', 'CacheEngineCpu', 'CacheEvictions']));
  const resources = { loadBalancer: LB, targetGroup: TG, autoScalingGroup: ASG, region: targets.region };
  for (const spec of math) {
    const alarm = alarmByName(spec.name);
    expect(alarm.namespace).toBeUndefined();
    expect(alarm.metric_query).toEqual([
      { id: 'expr_1', expression: spec.expression, label: spec.id, return_data: true },
      ...Object.entries(spec.metrics).map(([id, ref]) => ({
        id,
        return_data: false,
        metric: { ...metricDimensions(ref, resources), metric_name: ref.metricName, period: 60, stat: ref.statistic },
      })),
    ]);
  }
  const cpu = alarmByName(`${plan.namePrefix}-CacheEngineCpu`);
  expect(cpu.metric_query[1].metric.dimensions).toEqual({ CacheClusterId: plan.cache!.replicationGroupId + '-001', CacheNodeId: '0001' });
});

test('the composite service-health alarm ORs exactly the critical alarms, with actions', () => {
  for (const { plan, resources } of all) {
    const health = plan.monitoring.serviceHealth!;
    const composite = resources('aws_cloudwatch_composite_alarm').ServiceHealth;
    expect(composite).toEqual(expect.objectContaining({ alarm_name: health.name, alarm_description: health.description }));
    expect(composite.alarm_actions).toHaveLength(1);
    expect(composite.ok_actions).toEqual(composite.alarm_actions);
    const named = [...composite.alarm_rule.matchAll(/ALARM\("\$\{aws_cloudwatch_metric_alarm\.(\w+)\.arn\}"\)/g)].map((m) => m[1]);
    expect(named).toEqual(plan.monitoring.alarms.filter((a) => a.critical).map((a) => a.id));
    expect(composite.alarm_rule).toBe(`(${named.map((id) => `ALARM("\${aws_cloudwatch_metric_alarm.${id}.arn}")`).join(' OR ')})`);
  }
});

test('each AZ\'s composite ORs its outlier alarms; each objective\'s burn composite ANDs its long and short window', () => {
  for (const { plan, resources } of all) {
    const composites = resources('aws_cloudwatch_composite_alarm');
    for (const c of plan.monitoring.composites) {
      const rule = c.alarmIds.map((id) => `ALARM("\${aws_cloudwatch_${composites[id] ? 'composite' : 'metric'}_alarm.${id}.arn}")`).join(c.operator === 'anyOf' ? ' OR ' : ' AND ');
      expect(composites[c.id]).toEqual(expect.objectContaining({ alarm_name: c.name, alarm_description: c.description, alarm_rule: `(${rule})` }));
    }
    expect(plan.monitoring.composites.map((c) => c.id)).toEqual(expect.arrayContaining(['ImpairedAz1', 'ImpairedAz2']));
  }
});

test('the created topic: its own key, SSL only, the email subscriptions; a given topic creates nothing', () => {
  const { resources } = aurora;
  const [topic] = Object.values(resources('aws_sns_topic'));
  expect(topic).toEqual(expect.objectContaining({ display_name: 'Service alarms', kms_master_key_id: '${aws_kms_key.AlarmTopicKey.arn}' }));
  const keyPolicy = JSON.parse(resources('aws_kms_key').AlarmTopicKey.policy);
  expect(keyPolicy.Statement.map((s: any) => s.Sid)).toEqual([undefined, 'GrantsOnlyForAwsServices', undefined, 'AllowAutoScalingNotifications']);
  expect(keyPolicy.Statement[2]).toEqual(expect.objectContaining({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }));
  expect(keyPolicy.Statement[3].Condition).toEqual({
    ArnLike: {
      'aws:PrincipalArn': 'arn:${data.aws_partition.Partition.partition}:iam::${data.aws_caller_identity.Account.account_id}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling*',
    },
    StringEquals: { 'kms:CallerAccount': '${data.aws_caller_identity.Account.account_id}' },
  });
  const policy = resources('aws_sns_topic_policy').AlarmTopicPolicy;
  expect(policy.arn).toBe('${aws_sns_topic.AlarmTopic.arn}');
  expect(JSON.parse(policy.policy).Statement).toEqual([{
    Sid: 'AllowPublishThroughSSLOnly',
    Effect: 'Deny',
    Principal: '*',
    Action: 'sns:Publish',
    Resource: '${aws_sns_topic.AlarmTopic.arn}',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  }]);
  expect(Object.values(resources('aws_sns_topic_subscription')).map((s) => [s.protocol, s.endpoint, s.topic_arn])).toEqual([
    ['email', 'oncall@example.com', '${aws_sns_topic.AlarmTopic.arn}'],
    ['email', 'ops@example.com', '${aws_sns_topic.AlarmTopic.arn}'],
  ]);
  expect(overridden.config.resource.aws_sns_topic).toBeUndefined();
  expect(overridden.config.resource.aws_kms_key).toBeUndefined();
});

/** A dashboard body with every reference replaced by what it names: the fake target names, or `alarm:<name>`. */
function tfDashboard(r: ReturnType<typeof render>): unknown {
  const [dashboard] = Object.values(r.resources('aws_cloudwatch_dashboard'));
  expect(dashboard.dashboard_name).toBe(r.plan.monitoring.dashboard!.name);
  const body = (dashboard.dashboard_body as string).replace(/\$\{(aws_cloudwatch_(?:metric|composite)_alarm)\.(\w+)\.arn\}/g,
    (_, type: string, name: string) => `alarm:${r.resources(type)[name].alarm_name}`);
  expect(body).not.toContain('${');
  return JSON.parse(body);
}

/** The CloudFormation flavor for the same options: its dashboard body and alarms, their references replaced alike. */
function cfnFlavor(props: HighlyAvailableServiceProps | ((stack: Stack) => HighlyAvailableServiceProps)) {
  const stack = new Stack(testApp({ context: AZ_CONTEXT }), 'Shop', { env: ENV });
  new HighlyAvailableService(stack, 'Api', typeof props === 'function' ? props(stack) : props);
  const byId: Record<string, any> = Template.fromStack(stack).toJSON().Resources;
  const ofType = (type: string) => Object.values(byId).filter((r) => r.Type === type);
  const named = (part: any): string => {
    if (part.Ref === 'AWS::Region') return ENV.region;
    if (part['Fn::Select']) return '<listener part>';
    const [id, attribute] = part['Fn::GetAtt'] ?? [part.Ref, undefined];
    const resource = byId[id];
    if (attribute === 'LoadBalancerFullName') return LB;
    if (attribute === 'TargetGroupFullName') return TG;
    if (attribute === 'Arn' && resource.Properties.AlarmName) return `alarm:${resource.Properties.AlarmName}`;
    const byType: Record<string, string> = {
      'AWS::AutoScaling::AutoScalingGroup': ASG, 'AWS::RDS::DBCluster': DB, 'AWS::RDS::DBInstance': DB, 'AWS::RDS::DBProxy': PROXY,
    };
    if (attribute === undefined && byType[resource.Type]) return byType[resource.Type];
    throw new Error(`unexpected reference: ${JSON.stringify(part)}`);
  };
  const joined = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : named(p))).join('')
    // The target group names its load balancer through the listener's ARN: the same full name.
    .split('<listener part>/<listener part>/<listener part>').join(LB);
  const text = (v: any): string => (typeof v === 'string' ? v : v['Fn::Join'] ? joined(v['Fn::Join'][1]) : named(v));
  const dimensions = (list?: any[]) => list && Object.fromEntries(list.map((d) => [d.Name, text(d.Value)]));
  // Each alarm in the Terraform provider's terms, without its actions (the topics differ).
  const alarms = Object.fromEntries(ofType('AWS::CloudWatch::Alarm').map(({ Properties: a }) => [a.AlarmName, JSON.parse(JSON.stringify({
    alarm_description: a.AlarmDescription,
    comparison_operator: a.ComparisonOperator,
    threshold: a.Threshold,
    evaluation_periods: a.EvaluationPeriods,
    datapoints_to_alarm: a.DatapointsToAlarm,
    treat_missing_data: a.TreatMissingData,
    namespace: a.Namespace,
    metric_name: a.MetricName,
    dimensions: dimensions(a.Dimensions),
    period: a.Period,
    statistic: a.Statistic,
    extended_statistic: a.ExtendedStatistic,
    metric_query: a.Metrics?.map((m: any) => ({
      id: m.Id,
      expression: m.Expression,
      label: m.Label,
      return_data: m.ReturnData,
      metric: m.MetricStat && {
        namespace: m.MetricStat.Metric.Namespace,
        metric_name: m.MetricStat.Metric.MetricName,
        dimensions: dimensions(m.MetricStat.Metric.Dimensions),
        period: m.MetricStat.Period,
        stat: m.MetricStat.Stat,
      },
    })),
  }))]));
  const [dashboard] = ofType('AWS::CloudWatch::Dashboard');
  return { dashboard: JSON.parse(joined(dashboard.Properties.DashboardBody['Fn::Join'][1])), alarms };
}

/** The Terraform alarms by name, in the shape of {@link cfnFlavor}'s. */
function tfAlarms(r: ReturnType<typeof render>) {
  return Object.fromEntries(Object.values(r.resources('aws_cloudwatch_metric_alarm')).map(({ alarm_name: name, alarm_actions: _a, ok_actions: _o, ...rest }) => [name, rest]));
}

test('the dashboard body and the alarms equal those aws-cdk-lib writes for the CloudFormation flavor', () => {
  const cfnPlain = cfnFlavor({});
  expect(tfDashboard(plain)).toEqual(cfnPlain.dashboard);
  expect(Object.keys(cfnPlain.alarms)).toHaveLength(plain.plan.monitoring.alarms.length);
  expect(tfAlarms(plain)).toEqual(cfnPlain.alarms);

  const cfnTiers = cfnFlavor({ cache: true, databaseProxy: true });
  const withTiers = tfDashboard(tiers) as { widgets: Array<{ properties: { title: string } }> };
  expect(withTiers).toEqual(cfnTiers.dashboard);
  expect(withTiers.widgets.map((w) => w.properties.title)).toEqual([
    ...tiers.plan.monitoring.dashboard!.rows.flatMap((row) => row.map((g) => g.title)), 'Alarms',
  ]);
  expect(withTiers.widgets).toHaveLength(17);
  expect(tfAlarms(tiers)).toEqual(cfnTiers.alarms);

  // An instance database, another alarm set and the caller's topic.
  const cfnOverridden = cfnFlavor((stack) => ({ ...OVERRIDDEN, alarmTopic: sns.Topic.fromTopicArn(stack, 'Topic', TOPIC) }));
  expect(tfDashboard(overridden)).toEqual(cfnOverridden.dashboard);
  expect(tfAlarms(overridden)).toEqual(cfnOverridden.alarms);
});
