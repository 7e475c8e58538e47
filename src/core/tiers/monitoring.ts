/**
 * The monitoring tier: every tier's alarms with their physical names, the composite service-health
 * alarm and the dashboard's rows.
 */
import { AlarmSpec, CompositeAlarmSpec, MetricRef, MetricSource, applyOverrides, defaultAlarms, errorRateExpression, healthyHostsNeeded } from './alarms';
import { DatabasePlan } from './database';
import { FleetPlan } from './fleet';
import { LoadBalancingPlan } from './load-balancing';
import { NetworkPlan } from './network';
import { Validator } from '../base/validation';
import { ServiceOptions } from '../options/options';

/** An alarm with its physical name. */
export interface NamedAlarmSpec extends AlarmSpec {
  /** `<prefix>-<id>`: unique per service and account, stable. */
  readonly name: string;
}

/** A composite alarm with its physical name. */
export interface NamedCompositeAlarmSpec extends CompositeAlarmSpec {
  /** `<prefix>-<id>`. */
  readonly name: string;
}

/** The composite alarm over the critical ones. */
export interface ServiceHealthPlan {
  readonly id: 'ServiceHealth';
  readonly name: string;
  readonly description: string;
  /** Ids of the alarms it is OR-ed from. */
  readonly alarmIds: string[];
}

/** One line on a graph: a metric, or metric math over named metrics. */
export interface SeriesSpec {
  readonly label?: string;
  readonly metrics: Record<string, MetricRef>;
  readonly expression?: string;
}

/** A graph widget. */
export interface GraphSpec {
  readonly title: string;
  readonly left: SeriesSpec[];
  readonly right?: SeriesSpec[];
  readonly leftAnnotations?: Array<{ readonly value: number; readonly label: string; readonly critical?: boolean }>;
  readonly leftMin?: number;
  readonly leftMax?: number;
}

/** The dashboard: rows of graphs, then the state of every alarm. */
export interface DashboardPlan {
  readonly name: string;
  readonly defaultIntervalHours: number;
  readonly periodSeconds: number;
  readonly rows: GraphSpec[][];
  /** Whether the last row shows the state of every alarm. */
  readonly alarmStatus: boolean;
}

/** Alarms, the composite, what stops a rollout, the dashboard, and where notifications go. */
export interface MonitoringPlan {
  /** Whether the service creates its (KMS-encrypted) topic, else the user gave one. */
  readonly createTopic: boolean;
  /** Addresses subscribed to a created topic. */
  readonly alarmEmails: string[];
  readonly alarms: NamedAlarmSpec[];
  /**
   * Composites over the alarms (the AZs' outlier alarms, the objectives' burn-rate pairs), in an
   * order where each comes after the alarms it is made of.
   */
  readonly composites: NamedCompositeAlarmSpec[];
  readonly serviceHealth?: ServiceHealthPlan;
  /** Ids of the alarms that stop an instance refresh and roll it back. */
  readonly rolloutAlarmIds: string[];
  /** Healthy hosts below which the service is worse off than after an AZ loss (or below its planned peak). */
  readonly healthyHostsNeeded: number;
  readonly dashboard?: DashboardPlan;
}

const ASG = MetricSource.AUTO_SCALING_GROUP;
const metric = (source: MetricSource, metricName: string, statistic: string, availabilityZone?: string): MetricRef =>
  ({ source, metricName, statistic, availabilityZone });
const single = (ref: MetricRef, label?: string): SeriesSpec => ({ label, metrics: { m: ref } });
const rate = (errorsId: string, errors: string, label: string): SeriesSpec => ({
  label,
  metrics: { [errorsId]: metric(MetricSource.LOAD_BALANCER, errors, 'Sum'), requests: metric(MetricSource.LOAD_BALANCER, 'RequestCount', 'Sum') },
  expression: errorRateExpression(errorsId),
});

export interface MonitoringInputs {
  readonly namePrefix: string;
  readonly region: string;
  readonly network: NetworkPlan;
  readonly loadBalancing: LoadBalancingPlan;
  readonly fleet: FleetPlan;
  readonly database?: DatabasePlan;
  /** Alarms, composites and dashboard rows of the optional tiers (web ACL, cache, proxy, outlier detection, objectives). */
  readonly tiers?: Array<{ readonly alarms: AlarmSpec[]; readonly composites?: CompositeAlarmSpec[]; readonly dashboardRow: GraphSpec[] }>;
}

/** The full alarm set with stable names and derived thresholds, the composite, the rollout's alarms, the dashboard. */
export function planMonitoring(o: ServiceOptions, inputs: MonitoringInputs, v: Validator): MonitoringPlan {
  const { network, loadBalancing: lb, fleet, database } = inputs;
  const seen = new Set<string>();
  for (const email of o.alarmEmails ?? []) {
    if (v.isUnresolved(email)) continue;
    if (!v.check(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email), `alarmEmails must hold email addresses such as oncall@example.com, received '${email}'`)) continue;
    // RFC 5321 4.5.3.1: a mailbox's local part holds at most 64 octets and a path 256 (254 for the
    // address between its brackets): a longer address cannot receive the subscription's confirmation.
    const local = email.slice(0, email.lastIndexOf('@'));
    v.check(local.length <= 64 && email.length <= 254,
      `alarmEmails must hold deliverable addresses (at most 64 characters before the @ and 254 in all, RFC 5321), received one of ${email.length} characters with ${local.length} before the @`);
    // One subscription per address: a second is the same SNS subscription (aws-cdk-lib refuses a second subscription of one id).
    v.check(!seen.has(email), `alarmEmails must list each address once, received '${email}' twice`);
    seen.add(email);
  }
  const basis = {
    availabilityZones: network.availabilityZones.length,
    minCapacity: fleet.minCapacity,
    healthCheck: lb.healthCheck,
    healthCheckGracePeriodSeconds: fleet.healthCheckGracePeriodSeconds,
    database,
  };
  const context = { availabilityZoneNames: network.availabilityZones, instancesNeededAtPeak: fleet.instancesNeededAtPeak };
  const enabled = o.alarms ?? true;
  if (!enabled) v.check(o.alarmOverrides === undefined, 'alarmOverrides needs the alarm set; received it with alarms: false');
  const tiers = inputs.tiers ?? [];
  const specs = enabled ? applyOverrides([...defaultAlarms(basis, context), ...tiers.flatMap((t) => t.alarms)], o.alarmOverrides, v) : [];
  const alarms = specs.map((spec) => ({ ...spec, name: `${inputs.namePrefix}-${spec.id}` }));
  const critical = alarms.filter((a) => a.critical);
  // A composite keeps the alarms left after the overrides; one left with none is dropped.
  const known = new Set(alarms.map((a) => a.id));
  const composites: NamedCompositeAlarmSpec[] = [];
  for (const c of enabled ? tiers.flatMap((t) => t.composites ?? []) : []) {
    const alarmIds = c.alarmIds.filter((id) => known.has(id));
    if (alarmIds.length === 0) continue;
    composites.push({ ...c, alarmIds, name: `${inputs.namePrefix}-${c.id}` });
    known.add(c.id);
  }
  const healthIds = [...critical.map((a) => a.id), ...composites.filter((c) => c.critical).map((c) => c.id)];
  // The rollout names its alarms: none may watch the fleet it is replacing.
  if (critical.some((a) => Object.values(a.metrics).some((m) => m.source === ASG))) {
    throw new Error('a critical alarm watches the fleet itself; the rollout could not name it before the fleet exists');
  }
  const needed = healthyHostsNeeded(basis, context);
  return {
    createTopic: !o.alarmTopic,
    alarmEmails: o.alarmTopic ? [] : [...(o.alarmEmails ?? [])],
    alarms,
    composites,
    serviceHealth: healthIds.length > 0 ? {
      id: 'ServiceHealth',
      name: `${inputs.namePrefix}-ServiceHealth`,
      // True in both flavors: both stop an instance refresh on it; only CloudFormation's stack
      // update then rolls back (Terraform's refresh has no auto_rollback).
      description: `The service is failing its users: ${healthIds.join(' or ')}. `
        + 'It also stops a rollout in progress (CloudFormation then rolls the update back).',
      alarmIds: healthIds,
    } : undefined,
    rolloutAlarmIds: critical.map((a) => a.id),
    healthyHostsNeeded: needed,
    dashboard: (o.dashboard ?? true) ? planDashboard(inputs, needed, alarms.length > 0) : undefined,
  };
}

/** One screen for the whole service: traffic, errors, latency, health per AZ, fleet against plan, database, alarms. */
function planDashboard(inputs: MonitoringInputs, needed: number, alarmStatus: boolean): DashboardPlan {
  const { network, fleet, database } = inputs;
  const tg = (name: string, statistic: string, az?: string) => metric(MetricSource.TARGET_GROUP, name, statistic, az);
  const rows: GraphSpec[][] = [
    [
      { title: 'Traffic (requests per minute)', left: [single(metric(MetricSource.LOAD_BALANCER, 'RequestCount', 'Sum'))] },
      {
        title: 'Errors (% of requests)',
        left: [rate('elb5xx', 'HTTPCode_ELB_5XX_Count', 'Load balancer 5xx %'), rate('target5xx', 'HTTPCode_Target_5XX_Count', 'Target 5xx %')],
        leftMin: 0,
      },
    ],
    [
      { title: 'Latency (s)', left: ['p50', 'p90', 'p99'].map((p) => single(tg('TargetResponseTime', p), p)), leftMin: 0 },
      {
        title: 'Healthy hosts per AZ',
        left: network.availabilityZones.map((az, i) => single(tg('HealthyHostCount', 'Minimum', az), `AZ ${i + 1}`)),
        leftAnnotations: [{ value: 1, label: 'none left in an AZ', critical: true }],
        leftMin: 0,
      },
    ],
    [
      {
        title: 'Fleet size against plan',
        left: [
          single(metric(ASG, 'GroupInServiceInstances', 'Minimum'), 'in service'),
          single(metric(ASG, 'GroupDesiredCapacity', 'Maximum'), 'desired'),
        ],
        leftAnnotations: [
          { value: fleet.minCapacity, label: `planned minimum ${fleet.minCapacity}` },
          { value: fleet.maxCapacity, label: `maximum ${fleet.maxCapacity}` },
          { value: needed, label: `needed ${needed}`, critical: true },
        ],
        leftMin: 0,
      },
      {
        title: 'Healthy and unhealthy hosts',
        left: [single(tg('HealthyHostCount', 'Minimum'), 'healthy'), single(tg('UnHealthyHostCount', 'Maximum'), 'unhealthy')],
        leftMin: 0,
      },
    ],
  ];
  if (database) {
    const db = (name: string, statistic: string) => single(metric(MetricSource.DATABASE, name, statistic));
    rows.push([
      { title: 'Database CPU (%) and connections', left: [db('CPUUtilization', 'Maximum')], right: [db('DatabaseConnections', 'Maximum')], leftMin: 0, leftMax: 100 },
      {
        title: 'Database memory and replication',
        left: [db('FreeableMemory', 'Minimum')],
        right: database.aurora && database.readers > 0 ? [db('AuroraReplicaLagMaximum', 'Maximum')] : [],
      },
    ]);
  }
  rows.push(...inputs.tiers?.filter((t) => t.dashboardRow.length > 0).map((t) => t.dashboardRow) ?? []);
  return {
    // Dashboards are global to the account: the region keeps one stack's services in two regions apart.
    name: `${inputs.namePrefix}-${inputs.region}`,
    defaultIntervalHours: 3,
    periodSeconds: 60,
    rows,
    alarmStatus,
  };
}
