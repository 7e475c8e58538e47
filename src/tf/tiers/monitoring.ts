/**
 * Renders the monitoring tier as Terraform resources (alarms, the composite alarm, the dashboard).
 */
import { Construct } from 'constructs';
import { AlarmSpec, MetricRef } from '../../core/tiers/alarms';
import { alarmTopicUse } from '../../core/tiers/keys';
import { MetricResources, metricDimensions } from '../../core/tiers/metrics';
import { DashboardPlan, GraphSpec, MonitoringPlan, SeriesSpec } from '../../core/tiers/monitoring';
import { TfContext, policyDocument, serviceKey } from '../context';
import { AwsResource } from '../private/resource';

// Argument interfaces of the monitoring tier, named and typed as the provider's schema has them.
export interface SnsTopicArgs { readonly name_prefix?: string; readonly display_name: string; readonly kms_master_key_id: string }
export interface SnsTopicPolicyArgs { readonly arn: string; readonly policy: string }
export interface SnsTopicSubscriptionArgs { readonly topic_arn: string; readonly protocol: 'email'; readonly endpoint: string }
export interface MetricStatArgs {
  readonly namespace: string;
  readonly metric_name: string;
  readonly dimensions: Record<string, string>;
  readonly period: number;
  readonly stat: string;
}
export interface MetricQueryArgs {
  readonly id: string;
  readonly expression?: string;
  readonly label?: string;
  readonly return_data: boolean;
  readonly metric?: MetricStatArgs;
}
export interface MetricAlarmArgs {
  readonly alarm_name: string;
  readonly alarm_description: string;
  readonly comparison_operator: string;
  readonly threshold: number;
  readonly evaluation_periods: number;
  readonly datapoints_to_alarm: number;
  readonly treat_missing_data: string;
  readonly alarm_actions: string[];
  readonly ok_actions: string[];
  readonly namespace?: string;
  readonly metric_name?: string;
  readonly dimensions?: Record<string, string>;
  readonly period?: number;
  readonly statistic?: string;
  readonly extended_statistic?: string;
  readonly metric_query?: MetricQueryArgs[];
}
export interface CompositeAlarmArgs {
  readonly alarm_name: string;
  readonly alarm_description: string;
  readonly alarm_rule: string;
  readonly alarm_actions: string[];
  readonly ok_actions: string[];
}
export interface DashboardArgs { readonly dashboard_name: string; readonly dashboard_body: string }

/** The service's resources the metrics are about, as names or references. */
export interface TfMetricTargets {
  /** `app/<name>/<id>`: the load balancer's `arn_suffix`. */
  readonly loadBalancerArnSuffix: string;
  /** `targetgroup/<name>/<id>`: the target group's `arn_suffix`. */
  readonly targetGroupArnSuffix: string;
  readonly autoScalingGroupName: string;
  /** The cluster identifier (Aurora) or instance identifier of the database. */
  readonly databaseIdentifier?: string;
  readonly aurora?: boolean;
  /** The name of the service's own web ACL. */
  readonly webAclName?: string;
  readonly databaseProxyName?: string;
  /** The region's name (or a reference): the web ACL's metrics and the dashboard's graphs. */
  readonly region: string;
}

export interface TfMonitoringContext extends TfContext {
  /** The caller's topic, when the plan creates none (`plan.createTopic` false). */
  readonly alarmTopicArn?: string;
}

export interface TfMonitoring {
  /** The topic every alarm notifies. */
  readonly topicArn: string;
  /** The topic the tier created, with its key. */
  readonly topic?: AwsResource<object>;
  readonly topicKey?: AwsResource<object>;
  /** The alarms, by alarm id. */
  readonly alarms: Record<string, AwsResource<object>>;
  /** The alarms' names, by alarm id (known at synth: the plan names them). */
  readonly alarmNames: Record<string, string>;
  /** The composites over the alarms, by id. */
  readonly composites: Record<string, AwsResource<object>>;
  readonly serviceHealth?: AwsResource<object>;
  readonly dashboard?: AwsResource<object>;
}

/** CloudWatch's own statistics; anything else (p99, tm90, ...) is an extended statistic. */
const SIMPLE_STATISTICS = new Set(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']);

/**
 * The monitoring of the plan in Terraform, as the CloudFormation flavor renders it: the alarm
 * topic (its own key, SSL only, the email subscriptions) unless the caller gives one, every
 * planned alarm notifying it when it fires and clears, the composite service-health alarm, and the
 * dashboard with the body aws-cdk-lib writes for the same plan.
 */
export function renderMonitoring(scope: Construct, plan: MonitoringPlan, targets: TfMetricTargets, c: TfMonitoringContext): TfMonitoring {
  const created = plan.createTopic ? alarmTopic(scope, plan.alarmEmails, c) : undefined;
  const topicArn = created?.topic.attr('arn') ?? c.alarmTopicArn;
  if (topicArn === undefined) throw new Error('the plan creates no alarm topic (alarmTopic was given): pass its ARN as alarmTopicArn');
  const resources: MetricResources = {
    loadBalancer: targets.loadBalancerArnSuffix,
    targetGroup: targets.targetGroupArnSuffix,
    autoScalingGroup: targets.autoScalingGroupName,
    database: targets.databaseIdentifier === undefined ? undefined : { identifier: targets.databaseIdentifier, aurora: targets.aurora ?? false },
    webAcl: targets.webAclName,
    databaseProxy: targets.databaseProxyName,
    region: targets.region,
  };
  const actions = { alarm_actions: [topicArn], ok_actions: [topicArn] };

  const alarms: Record<string, AwsResource<object>> = {};
  const alarmNames: Record<string, string> = {};
  for (const spec of plan.alarms) {
    alarms[spec.id] = new AwsResource<MetricAlarmArgs>(scope, spec.id, 'aws_cloudwatch_metric_alarm', {
      alarm_name: spec.name,
      alarm_description: spec.description,
      comparison_operator: spec.comparison,
      threshold: spec.threshold,
      evaluation_periods: spec.evaluationPeriods,
      datapoints_to_alarm: spec.datapointsToAlarm,
      treat_missing_data: spec.treatMissingData,
      ...actions,
      ...alarmMetric(spec, resources),
    });
    alarmNames[spec.id] = spec.name;
  }

  // ARNs rather than names in the rules: Terraform then creates the alarms before the composites.
  // Composites come after the alarms they are made of (the plan orders them so).
  const all: Record<string, AwsResource<object>> = { ...alarms };
  const rule = (ids: string[], operator: 'anyOf' | 'allOf') =>
    `(${ids.map((id) => `ALARM("${all[id].attr('arn')}")`).join(operator === 'anyOf' ? ' OR ' : ' AND ')})`;
  const composites: Record<string, AwsResource<object>> = {};
  for (const composite of plan.composites) {
    composites[composite.id] = new AwsResource<CompositeAlarmArgs>(scope, composite.id, 'aws_cloudwatch_composite_alarm', {
      alarm_name: composite.name,
      alarm_description: composite.description,
      alarm_rule: rule(composite.alarmIds, composite.operator),
      ...actions,
    });
    all[composite.id] = composites[composite.id];
  }
  const health = plan.serviceHealth;
  const serviceHealth = health && new AwsResource<CompositeAlarmArgs>(scope, health.id, 'aws_cloudwatch_composite_alarm', {
    alarm_name: health.name,
    alarm_description: health.description,
    alarm_rule: rule(health.alarmIds, 'anyOf'),
    ...actions,
  });

  const statusArns = [...plan.alarms.map((a) => alarms[a.id].attr('arn')), ...(serviceHealth ? [serviceHealth.attr('arn')] : [])];
  const dashboard = plan.dashboard && new AwsResource<DashboardArgs>(scope, 'Dashboard', 'aws_cloudwatch_dashboard', {
    dashboard_name: plan.dashboard.name,
    dashboard_body: JSON.stringify(dashboardBody(plan.dashboard, resources, statusArns)),
  });
  return { topicArn, topic: created?.topic, topicKey: created?.key, alarms, alarmNames, composites, serviceHealth, dashboard };
}

/** The topic CloudWatch alarms and Auto Scaling notifications both publish to, encrypted with its own key. */
function alarmTopic(scope: Construct, emails: string[], c: TfContext): { topic: AwsResource<object>; key: AwsResource<object> } {
  const key = serviceKey(scope, 'AlarmTopicKey', 'Encrypts the service alarm topic', c, alarmTopicUse(c));
  const topic = new AwsResource<SnsTopicArgs>(scope, 'AlarmTopic', 'aws_sns_topic', {
    name_prefix: c.namePrefixes.alarmTopic, display_name: 'Service alarms', kms_master_key_id: key.attr('arn'),
  });
  const arn = topic.attr('arn');
  // The statement aws-cdk-lib's `enforceSSL` writes: a topic policy replaces the default one, as in CloudFormation.
  new AwsResource<SnsTopicPolicyArgs>(scope, 'AlarmTopicPolicy', 'aws_sns_topic_policy', {
    arn,
    policy: policyDocument([{
      Sid: 'AllowPublishThroughSSLOnly',
      Effect: 'Deny',
      Principal: '*',
      Action: 'sns:Publish',
      Resource: arn,
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    }]),
  });
  emails.forEach((email, i) => new AwsResource<SnsTopicSubscriptionArgs>(scope, `AlarmTopicEmail${i + 1}`, 'aws_sns_topic_subscription', {
    topic_arn: arn, protocol: 'email', endpoint: email,
  }));
  return { topic, key };
}

/** Where CloudWatch keeps one metric of the plan. */
function located(ref: MetricRef, resources: MetricResources) {
  return { metricName: ref.metricName, ...metricDimensions(ref, resources) };
}

/** The metric arguments of an alarm: the single metric, or metric math as CloudFormation writes it (`expr_1`, labelled with the alarm id). */
function alarmMetric(spec: AlarmSpec, resources: MetricResources): Partial<MetricAlarmArgs> {
  if (!spec.expression) {
    const ref = spec.metrics.m;
    const { namespace, metricName, dimensions } = located(ref, resources);
    const simple = SIMPLE_STATISTICS.has(ref.statistic);
    return {
      namespace,
      metric_name: metricName,
      dimensions,
      period: spec.periodSeconds,
      statistic: simple ? ref.statistic : undefined,
      extended_statistic: simple ? undefined : ref.statistic,
    };
  }
  return {
    metric_query: [
      { id: 'expr_1', expression: spec.expression, label: spec.id, return_data: true },
      ...Object.entries(spec.metrics).map(([id, ref]) => {
        const { namespace, metricName, dimensions } = located(ref, resources);
        const metric = { namespace, metric_name: metricName, dimensions, period: spec.periodSeconds, stat: ref.statistic };
        return { id, return_data: false, metric };
      }),
    ],
  };
}

const WIDTH = 12;
const HEIGHT = 6;
const GRID_WIDTH = 24;
const RED = '#d62728';

/**
 * One line of a graph as aws-cdk-lib's MetricSet keeps it: `key` identifies the metric (its
 * label left out), and the same metric used twice (the request count of both error rates) is drawn once.
 */
interface Line {
  readonly key: string;
  readonly render: (tag: 'left' | 'right' | undefined, id: string | undefined) => unknown[];
  readonly children: Array<[string, Line]>;
}

interface Entry { readonly line: Line; id?: string; tag?: 'left' | 'right' }

/** Drops undefined properties, as JSON does, keeping the order aws-cdk-lib writes them in. */
const options = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

function statLine(ref: MetricRef, resources: MetricResources, period: number, label?: string): Line {
  const { namespace, metricName, dimensions } = located(ref, resources);
  const dims = Object.entries(dimensions).sort(([a], [b]) => a.localeCompare(b));
  const key = [namespace, metricName, ...dims.flat(), ref.statistic, String(period)].join('|');
  return {
    key,
    children: [],
    render: (tag, id) => [namespace, metricName, ...dims.flat(), options({
      label,
      id,
      visible: tag ? undefined : false,
      period: period !== 300 ? period : undefined,
      stat: ref.statistic !== 'Average' ? ref.statistic : undefined,
      yAxis: tag === 'right' ? 'right' : undefined,
    })],
  };
}

function seriesLine(s: SeriesSpec, resources: MetricResources, period: number): Line {
  if (!s.expression) return statLine(s.metrics.m, resources, period, s.label);
  const children = Object.entries(s.metrics).map(([id, ref]): [string, Line] => [id, statLine(ref, resources, period)]);
  const key = [s.expression, ...[...children].sort(([a], [b]) => (a < b ? -1 : 1)).flatMap(([id, line]) => [id, line.key])].join('|');
  const expression = s.expression;
  return {
    key,
    children,
    render: (tag, id) => [options({
      label: tag ? s.label ?? expression : s.label,
      visible: tag ? undefined : false,
      expression,
      period: period !== 300 ? period : undefined,
      yAxis: tag === 'right' ? 'right' : undefined,
      id,
    })],
  };
}

/** The `metrics` array of a graph, with aws-cdk-lib's MetricSet rules for ids and repeats. */
function graphMetrics(left: Line[], right: Line[]): unknown[][] {
  const entries: Entry[] = [];
  const byKey = new Map<string, Entry>();
  const byId = new Map<string, Entry>();
  const add = (line: Line, tag?: 'left' | 'right', id?: string) => {
    let entry = id === undefined ? undefined : byId.get(id);
    if (entry && entry.line.key !== line.key) throw new Error(`two different metrics share the id '${id}' in one graph`);
    if (!entry) {
      entry = byKey.get(line.key);
      if (entry?.id && id) entry = undefined;
    }
    if (!entry) {
      entry = { line };
      entries.push(entry);
      byKey.set(line.key, entry);
    }
    if (!entry.id && id) {
      entry.id = id;
      byId.set(id, entry);
    }
    entry.tag ??= tag;
    for (const [childId, child] of line.children) add(child, undefined, childId);
  };
  left.forEach((l) => add(l, 'left'));
  right.forEach((l) => add(l, 'right'));
  return entries.map((e) => e.line.render(e.tag, e.id));
}

/** A widget's JSON without its position. */
type Widget = { readonly width: number; readonly height: number; readonly json: (x: number, y: number) => object };

/**
 * The dashboard body aws-cdk-lib's Dashboard writes for the plan (GraphWidget, AlarmStatusWidget,
 * one Row per planned row), so both flavors show the same screen.
 */
function dashboardBody(plan: DashboardPlan, resources: MetricResources, alarmArns: string[]): object {
  const graph = (g: GraphSpec): Widget => {
    const lines = (series?: SeriesSpec[]) => (series ?? []).map((s) => seriesLine(s, resources, plan.periodSeconds));
    const metrics = graphMetrics(lines(g.left), lines(g.right));
    const annotations = g.leftAnnotations?.length
      ? { horizontal: g.leftAnnotations.map((a) => options({ value: a.value, label: a.label, color: a.critical ? RED : undefined, yAxis: 'left' })) }
      : undefined;
    const leftYAxis = g.leftMin !== undefined || g.leftMax !== undefined ? options({ min: g.leftMin, max: g.leftMax }) : undefined;
    return {
      width: WIDTH,
      height: HEIGHT,
      json: (x, y) => ({
        type: 'metric',
        width: WIDTH,
        height: HEIGHT,
        x,
        y,
        properties: options({
          view: 'timeSeries',
          title: g.title,
          region: resources.region,
          metrics: metrics.length > 0 ? metrics : undefined,
          annotations,
          yAxis: options({ left: leftYAxis }),
          period: plan.periodSeconds,
        }),
      }),
    };
  };
  const rows: Widget[][] = plan.rows.map((row) => row.map(graph));
  if (plan.alarmStatus && alarmArns.length > 0) {
    rows.push([{
      width: GRID_WIDTH,
      height: HEIGHT,
      json: (x, y) => ({ type: 'alarm', width: GRID_WIDTH, height: HEIGHT, x, y, properties: { title: 'Alarms', alarms: alarmArns } }),
    }]);
  }
  // Rows stack downwards; a row wider than the grid wraps under its own widgets.
  const widgets: object[] = [];
  let top = 0;
  for (const row of rows) {
    let x = 0;
    let y = 0;
    let height = 0;
    for (const w of row) {
      if (x + w.width > GRID_WIDTH) {
        y = height;
        x = 0;
      }
      widgets.push(w.json(x, top + y));
      height = Math.max(height, y + w.height);
      x += w.width;
    }
    top += height;
  }
  return { start: `-PT${plan.defaultIntervalHours}H`, widgets };
}
