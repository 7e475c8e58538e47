/**
 * The fault injection tier: AWS FIS experiment templates that test what the report claims, each with
 * the prediction the plan makes for it, their targets, stop conditions and permissions.
 */
import { CachePlan, CACHE_TAG } from './cache';
import { DatabasePlan } from './database';
import { KeyPolicyContext, PolicyStatementJson } from './keys';
import { MonitoringPlan } from './monitoring';
import { OUTLIER_RULE } from './outlier-detection';
import { BURN_RATE_ALERTS } from './slo';
import { OutlierShiftPlan, ZonalShiftPlan } from './zonal-shift';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { shortName } from '../base/naming';
import { Validator } from '../base/validation';
import { ServiceOptions } from '../options/options';

/**
 * What an experiment action acts on, as the renderer resolves it to this service's resources only:
 * - `fleetInstance`: one running instance of the fleet;
 * - `fleetInstancesInAz`: every running instance of the fleet in the experiment's AZ (the action's filters name it);
 * - `fleet`: the Auto Scaling group;
 * - `subnetsInAz`: every subnet of the service's VPC in the impaired AZ;
 * - `zonalShiftResources`: the load balancer and the Auto Scaling group, for ARC zonal shift;
 * - `zonalShiftLoadBalancer`: the load balancer alone, where the group cannot take part in zonal shifts;
 * - `databaseCluster`: the Aurora cluster;
 * - `databaseInstance`: the Multi-AZ DB instance;
 * - `cacheReplicationGroup`: the cache's replication group, by its tag (FIS takes no ARN for this
 *   resource type), with the AZ whose nodes lose power as a target parameter.
 */
export type ExperimentTarget =
  'fleetInstance' | 'fleetInstancesInAz' | 'fleet' | 'subnetsInAz' | 'zonalShiftResources' | 'zonalShiftLoadBalancer' | 'databaseCluster' | 'databaseInstance'
  | 'cacheReplicationGroup';

/** One action of an experiment template. */
export interface ExperimentActionPlan {
  /** Key of the action in the template. */
  readonly name: string;
  /** The AWS FIS action id, e.g. `aws:ec2:terminate-instances`. */
  readonly actionId: string;
  readonly description: string;
  readonly target: ExperimentTarget;
  /** Parameters as FIS takes them: strings (durations in ISO 8601). */
  readonly parameters: Record<string, string>;
  /** Parameters of the action's target (how FIS identifies what it acts on), if the target takes any. */
  readonly targetParameters?: Record<string, string>;
  /** Filters the target adds to its kind's (the AZ of `fleetInstancesInAz`). */
  readonly targetFilters?: Array<{ readonly path: string; readonly values: string[] }>;
  /** Parameters whose value is one of this service's resources (an ARN the renderer writes). */
  readonly parameterRefs?: Record<string, ResourceRef>;
}

/** What the plan predicts an experiment will show: the hypothesis the run confirms or refutes. */
export interface ExperimentPrediction {
  /** Stable id of the experiment, e.g. `AzImpairment`. */
  readonly id: string;
  /** What the experiment does. */
  readonly description: string;
  /** The AWS FIS actions it runs. */
  readonly actions: string[];
  /** Instances serving while the fault lasts (at the minimum fleet, in the worst case). */
  readonly instancesLeft: number;
  /** Those as % of the minimum fleet. */
  readonly capacityLeftPercentOfMinimum: number;
  /** Those as % of the planned peak, with a demand plan. */
  readonly capacityLeftPercentOfPeak?: number;
  /** Seconds until the load balancer stops sending to the instances hit. */
  readonly detectionSeconds?: number;
  /** Seconds until the fleet is back to its minimum (lost instances replaced). */
  readonly recoverySeconds?: number;
  /** Seconds until the automatic zonal shift starts (with `outlierShift`), when the plan expects one. */
  readonly shiftAfterSeconds?: number;
  /** Seconds of database write unavailability during the failover it causes. */
  readonly databaseFailoverSeconds?: number;
  /**
   * AZ experiment: whether the database writer ends outside the impaired AZ wherever it was when the
   * experiment started (RDS picks a Multi-AZ instance's primary, and an earlier failover moves an
   * Aurora writer): the failover runs only when the writer is there, and promotes an instance elsewhere.
   */
  readonly writerOutsideImpairedAz?: boolean;
  /** Alarms expected to fire (ids). */
  readonly alarmsExpected: string[];
  /** Alarms that must stay quiet (ids): if one fires, the experiment refutes the plan. */
  readonly alarmsQuiet: string[];
  /** The prediction in words. */
  readonly summary: string;
}

/** One experiment template. */
export interface ExperimentPlan {
  /** Stable id: `InstanceLoss`, `AzImpairment` or `DatabaseFailover`. */
  readonly id: string;
  /** `<prefix>-<id>`: the template's Name tag, unique per service. */
  readonly name: string;
  readonly description: string;
  readonly actions: ExperimentActionPlan[];
  /**
   * What FIS does with a target that resolves to nothing when the experiment starts: `fail` the
   * experiment, or `skip` the actions on it (the AZ experiment's failover, whose target is the database
   * only while its writer is in the impaired AZ).
   */
  readonly emptyTargetResolutionMode: 'fail' | 'skip';
  readonly prediction: ExperimentPrediction;
}

/**
 * A value only the renderer can write, naming this service's resources: an ARN or name, or an
 * ARN pattern (`anyInstance`, `anyNetworkAcl`) that a condition narrows.
 */
export type ResourceRef =
  'any' | 'anyInstance' | 'anyNetworkAcl' | 'vpc' | 'subnetsInAz' | 'fleetName' | 'fleet' | 'loadBalancer'
  | 'databaseCluster' | 'databaseInstance' | 'cacheReplicationGroup' | 'cacheTagValue' | 'latencyDocument';

/** How FIS finds an action's target: its resource type, what to pick, and where to look. */
export interface ExperimentTargetSpec {
  /** The name an action gives its target, e.g. `Instances`. */
  readonly key: string;
  readonly resourceType: string;
  readonly selectionMode: 'ALL' | 'COUNT(1)';
  /** The resources, by ARN. */
  readonly resources?: ResourceRef[];
  /** Or the resources carrying these tags. */
  readonly resourceTags?: Record<string, ResourceRef>;
  readonly filters?: Array<{ readonly path: string; readonly values: string[] }>;
}

/** Each kind of target, as FIS resolves it to this service's resources only. */
export const EXPERIMENT_TARGETS: Record<ExperimentTarget, ExperimentTargetSpec> = {
  // Instances the group launched carry its name in a tag AWS sets; FIS picks one running instance.
  fleetInstance: {
    key: 'Instances',
    resourceType: 'aws:ec2:instance',
    selectionMode: 'COUNT(1)',
    resourceTags: { 'aws:autoscaling:groupName': 'fleetName' },
    filters: [{ path: 'State.Name', values: ['running'] }],
  },
  // The same tag, every running instance; the action adds the AZ's filter.
  fleetInstancesInAz: {
    key: 'Instances',
    resourceType: 'aws:ec2:instance',
    selectionMode: 'ALL',
    resourceTags: { 'aws:autoscaling:groupName': 'fleetName' },
    filters: [{ path: 'State.Name', values: ['running'] }],
  },
  fleet: { key: 'AutoScalingGroups', resourceType: 'aws:ec2:autoscaling-group', selectionMode: 'ALL', resources: ['fleet'] },
  subnetsInAz: { key: 'Subnets', resourceType: 'aws:ec2:subnet', selectionMode: 'ALL', resources: ['subnetsInAz'] },
  zonalShiftResources: {
    key: 'ManagedResources', resourceType: 'aws:arc:zonal-shift-managed-resource', selectionMode: 'ALL', resources: ['loadBalancer', 'fleet'],
  },
  zonalShiftLoadBalancer: {
    key: 'ManagedResources', resourceType: 'aws:arc:zonal-shift-managed-resource', selectionMode: 'ALL', resources: ['loadBalancer'],
  },
  databaseCluster: { key: 'Clusters', resourceType: 'aws:rds:cluster', selectionMode: 'ALL', resources: ['databaseCluster'] },
  databaseInstance: { key: 'DBInstances', resourceType: 'aws:rds:db', selectionMode: 'ALL', resources: ['databaseInstance'] },
  // FIS refuses ARNs for replication groups: it finds them by tag (unique to this service's cache).
  cacheReplicationGroup: {
    key: 'ReplicationGroups', resourceType: 'aws:elasticache:replicationgroup', selectionMode: 'ALL', resourceTags: { [CACHE_TAG]: 'cacheTagValue' },
  },
};

/** Resolves a reference to this service's resources: ARNs or names, as the renderer writes them. */
export type ResolveRef = (ref: ResourceRef) => string[];

/** A target of one action, with its resources written in. */
export interface ResolvedExperimentTarget {
  /** The name an action gives its target, e.g. `Instances`. */
  readonly key: string;
  readonly resourceType: string;
  readonly selectionMode: 'ALL' | 'COUNT(1)';
  readonly resourceArns?: string[];
  readonly resourceTags?: Record<string, string>;
  readonly filters?: Array<{ readonly path: string; readonly values: string[] }>;
  /** The target's parameters (the cache's AZ). */
  readonly parameters?: Record<string, string>;
}

/** What every template shares, whatever renders it. */
export const EXPERIMENT_TEMPLATE = {
  /** The service-health alarm stops an experiment. */
  stopConditionSource: 'aws:cloudwatch:alarm',
  /** The log schema with the targets' resolved ARNs. */
  logSchemaVersion: 2,
  /**
   * This account only; by default a target that resolves to nothing (a renamed group, an emptied AZ)
   * fails the run rather than skips it (an experiment's own `emptyTargetResolutionMode` says when not).
   */
  accountTargeting: 'single-account',
  emptyTargetResolutionMode: 'fail',
  roleDescription: 'Runs the service\'s AWS FIS experiments',
  logsKeyDescription: 'Encrypts the logs of the service\'s fault-injection experiments',
} as const;

/** One action's target with this service's resources written in; a tag's value is the ref's first. */
export function resolveExperimentTarget(action: Pick<ExperimentActionPlan, 'target' | 'targetParameters' | 'targetFilters'>, resolve: ResolveRef): ResolvedExperimentTarget {
  const spec = EXPERIMENT_TARGETS[action.target];
  return {
    key: spec.key,
    resourceType: spec.resourceType,
    selectionMode: spec.selectionMode,
    resourceArns: spec.resources?.flatMap(resolve),
    resourceTags: spec.resourceTags && Object.fromEntries(Object.entries(spec.resourceTags).map(([key, r]) => [key, resolve(r)[0]])),
    filters: action.targetFilters ? [...spec.filters ?? [], ...action.targetFilters] : spec.filters,
    parameters: action.targetParameters,
  };
}

/** An action's parameters with its references written in (a document's ARN). */
export function actionParameters(action: Pick<ExperimentActionPlan, 'parameters' | 'parameterRefs'>, resolve: ResolveRef): Record<string, string> {
  const refs = Object.entries(action.parameterRefs ?? {}).map(([key, r]) => [key, resolve(r)[0]]);
  return { ...action.parameters, ...Object.fromEntries(refs) };
}

/**
 * The references a renderer writes from where it renders, not from a resource: `*` and the ARN
 * patterns of EC2 instances and network ACLs that the role's conditions narrow.
 */
export function patternRefs(c: KeyPolicyContext): Record<'any' | 'anyInstance' | 'anyNetworkAcl', string[]> {
  const pattern = (resource: string) => [`arn:${c.partition}:ec2:${c.region}:${c.account}:${resource}/*`];
  return { any: ['*'], anyInstance: pattern('instance'), anyNetworkAcl: pattern('network-acl') };
}

/** FIS may assume the role only for experiments of this account and region (confused deputy). */
export function experimentTrustConditions(c: KeyPolicyContext): Record<string, Record<string, string>> {
  return {
    StringEquals: { 'aws:SourceAccount': c.account },
    ArnLike: { 'aws:SourceArn': `arn:${c.partition}:fis:${c.region}:${c.account}:experiment/*` },
  };
}

/**
 * The role's statements as IAM JSON, refs resolved. Conditions on one operator are merged; a
 * single value is written as a string, except for a set operator (`ForAllValues:`), which wants a list.
 */
export function experimentStatements(permissions: ExperimentPermission[], resolve: ResolveRef): PolicyStatementJson[] {
  return permissions.map((p) => {
    const conditions: Record<string, Record<string, string | string[]>> = {};
    for (const c of p.conditions ?? []) {
      const values = c.values.flatMap((value) => (typeof value === 'string' ? [value] : resolve(value.ref)));
      conditions[c.operator] = { ...conditions[c.operator], [c.key]: values.length === 1 && !c.operator.startsWith('ForAllValues') ? values[0] : values };
    }
    return { Effect: 'Allow', Action: p.actions, Resource: p.resources.flatMap(resolve), ...(p.conditions ? { Condition: conditions } : {}) };
  });
}

/** An IAM condition: operator, key, and literal values or references. */
export interface PermissionCondition {
  readonly operator: string;
  readonly key: string;
  readonly values: Array<string | { readonly ref: ResourceRef }>;
}

/** One statement of the experiments' role. */
export interface ExperimentPermission {
  readonly actions: string[];
  readonly resources: ResourceRef[];
  readonly conditions?: PermissionCondition[];
}

/**
 * The report's figures an experiment's prediction restates (the report computes them from the plan
 * before the experiments are planned; these are the ones the predictions read).
 */
export interface PredictionFigures {
  readonly detectionSeconds: number;
  readonly replacementSeconds: number;
  readonly longestReplacementSeconds: number;
  readonly warmReplacementSeconds?: number;
  readonly instancesAfterAzLoss: number;
  readonly capacityAfterAzLossPercentOfMinimum: number;
  readonly capacityAfterAzLossPercentOfPeak?: number;
  readonly databaseFailoverSeconds: number;
}

/** AWS FIS experiment templates that test what the report claims. */
export interface FaultInjectionPlan {
  /** The alarm whose ALARM state stops every experiment: the service's health. */
  readonly stopAlarmId: string;
  /** Index (into the service's AZs) of the AZ the AZ-impairment experiment impairs. */
  readonly availabilityZoneIndex: number;
  /** Its name (or a reference to it). */
  readonly availabilityZone: string;
  readonly durationSeconds: number;
  /** Retention of the experiments' encrypted log group. */
  readonly logRetentionDays: number;
  /** The log group (the record of what was tested, and when) outlives the service, with its key. */
  readonly logsRetained: boolean;
  readonly experiments: ExperimentPlan[];
  /** The role's statements: each destructive action names this service's resources. */
  readonly permissions: ExperimentPermission[];
  /** The Command document the gray-failure experiment runs on the AZ's instances, with it. */
  readonly latencyDocument?: LatencyDocumentPlan;
}

/** An SSM Command document of the service's own (AWS::SSM::Document, aws_ssm_document). */
export interface LatencyDocumentPlan {
  /** `<prefix>-AppPortLatency`, within the API's 3-128 of `[a-zA-Z0-9_.-]`, never starting with aws, amazon or amzn. */
  readonly name: string;
  readonly documentType: 'Command';
  readonly documentFormat: 'JSON';
  /** The document, as JSON (schema 2.2). */
  readonly content: Record<string, unknown>;
}

/** What the experiments are planned from. */
export interface FaultInjectionInputs {
  readonly namePrefix: string;
  readonly availabilityZones: string[];
  /** Whether the AZ names are placeholders until the CDK CLI looks them up (see `ServiceEnvironment.lookupPending`). */
  readonly lookupPending?: boolean;
  readonly minCapacity: number;
  readonly database?: DatabasePlan;
  readonly cache?: CachePlan;
  readonly monitoring: MonitoringPlan;
  readonly zonalShift: ZonalShiftPlan;
  readonly report: PredictionFigures;
  /** What the gray-failure experiment is planned from; none without the per-AZ outlier alarms. */
  readonly grayFailure?: GrayFailureInputs;
}

/** The slice of the plan the gray-failure experiment reads. */
export interface GrayFailureInputs {
  /** The port the instances serve on (the load balancer's requests and its health checks). */
  readonly appPort: number;
  readonly healthCheckTimeoutSeconds: number;
  /** What the AZs' latency outlier alarms count as slow. */
  readonly latencyThresholdSeconds: number;
  /** Whether the per-AZ metrics see the instances' AZ (cross-zone load balancing off). */
  readonly seesInstanceAz: boolean;
  /** The P99ResponseTime alarm's threshold. */
  readonly p99ThresholdSeconds: number;
  /** The latency objective's threshold and error budget (% of requests), with one. */
  readonly latencyObjective?: { readonly thresholdSeconds: number; readonly budgetPercent: number };
  /** The automatic zonal shift, when opted in. */
  readonly outlierShift?: Pick<OutlierShiftPlan, 'expiresIn'>;
}

/**
 * Experiments on by default: they are templates, nothing runs until someone starts one. Each
 * stops on the service-health alarm, so without it (alarms: false) there are none, and asking
 * for them is an error.
 */
export function planFaultInjection(o: ServiceOptions, inputs: FaultInjectionInputs, v: Validator): FaultInjectionPlan | undefined {
  const stopAlarmId = inputs.monitoring.serviceHealth?.id;
  if (o.faultInjection === false || (o.faultInjection === undefined && stopAlarmId === undefined)) {
    v.check(o.faultInjectionAvailabilityZone === undefined && o.faultInjectionDurationSeconds === undefined,
      `faultInjectionAvailabilityZone and faultInjectionDurationSeconds configure the experiments; received them with ${o.faultInjection === false ? 'faultInjection: false' : 'alarms: false (no experiments without a stop condition)'}`);
    return undefined;
  }
  if (!v.check(stopAlarmId !== undefined,
    'faultInjection needs the service-health alarm as the experiments\' stop condition; received it with alarms: false (or with every critical alarm turned off)')) {
    return undefined;
  }
  const azs = inputs.availabilityZones;
  const wanted = o.faultInjectionAvailabilityZone;
  let azIndex = 0;
  if (wanted !== undefined && v.known(wanted) && !inputs.lookupPending) {
    if (azs.some((az) => v.isUnresolved(az))) {
      // The experiment names the AZ's subnets at synth: their AZs must be known then.
      v.fail(`faultInjectionAvailabilityZone needs the service's AZs known at synth (give the stack an env with a region); received '${wanted}' in an environment-agnostic stack`);
    } else {
      azIndex = azs.indexOf(wanted);
      v.check(azIndex >= 0, `faultInjectionAvailabilityZone must be one of the service's AZs (${azs.join(', ')}), received '${wanted}'`);
      azIndex = Math.max(azIndex, 0);
    }
  }
  const durationSeconds = o.faultInjectionDurationSeconds ?? DEFAULTS.faultInjection.durationSeconds;
  const [minDuration, maxDuration] = LIMITS.faultInjectionDurationSeconds;
  if (v.integer('faultInjectionDuration', durationSeconds, minDuration, maxDuration, 'seconds') && v.known(durationSeconds)) {
    v.check(durationSeconds % 60 === 0, `faultInjectionDuration must be whole minutes, received ${durationSeconds} seconds`);
  }
  const plan = { ...inputs, stopAlarmId: stopAlarmId!, azIndex, az: wanted !== undefined && !inputs.lookupPending ? wanted : azs[azIndex], duration: `PT${Math.round(durationSeconds / 60)}M` };
  const experiments = [instanceLoss(plan), azImpairment(plan, durationSeconds)];
  const gray = inputs.grayFailure && azGrayFailure(plan, inputs.grayFailure, durationSeconds);
  if (gray) experiments.push(gray);
  const failover = databaseFailover(plan);
  if (failover) experiments.push(failover);
  return {
    stopAlarmId: stopAlarmId!,
    availabilityZoneIndex: azIndex,
    availabilityZone: plan.az,
    durationSeconds,
    logRetentionDays: DEFAULTS.faultInjection.logRetentionDays,
    logsRetained: true,
    experiments,
    permissions: experimentPermissions(new Set(experiments.flatMap((e) => e.actions.map((a) => a.target)))),
    latencyDocument: gray ? latencyDocument(inputs.namePrefix) : undefined,
  };
}

const ref = (r: ResourceRef) => ({ ref: r });

/**
 * What the experiments' role may do, by the targets its actions use (from the FIS action
 * reference). Destructive actions name this service's resources, or FIS's own network ACLs by
 * their tag; what has no resource-level permission is gathered in a last statement on `*`.
 */
export function experimentPermissions(used: Set<ExperimentTarget>): ExperimentPermission[] {
  const permissions: ExperimentPermission[] = [];
  const lookups = ['tag:GetResources'];
  if (used.has('fleetInstance')) {
    permissions.push({
      actions: ['ec2:TerminateInstances'],
      resources: ['anyInstance'],
      conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/aws:autoscaling:groupName', values: [ref('fleetName')] }],
    });
    lookups.push('ec2:DescribeInstances');
  }
  if (used.has('fleetInstancesInAz')) {
    // aws:ssm:send-command (FIS actions reference): SendCommand on the document and on the
    // instances, each in its own statement so that the tag condition applies to the instances only.
    permissions.push(
      { actions: ['ssm:SendCommand'], resources: ['latencyDocument'] },
      {
        actions: ['ssm:SendCommand'],
        resources: ['anyInstance'],
        conditions: [{ operator: 'StringEquals', key: 'aws:ResourceTag/aws:autoscaling:groupName', values: [ref('fleetName')] }],
      },
    );
    // ListCommands and CancelCommand take no resource (Service Authorization Reference, Systems Manager).
    lookups.push('ssm:ListCommands', 'ssm:CancelCommand');
    if (!lookups.includes('ec2:DescribeInstances')) lookups.push('ec2:DescribeInstances');
  }
  if (used.has('fleet')) {
    permissions.push({
      actions: ['ec2:InjectApiError'],
      resources: ['any'],
      conditions: [
        { operator: 'StringEquals', key: 'ec2:FisActionId', values: ['aws:ec2:asg-insufficient-instance-capacity-error'] },
        { operator: 'ForAllValues:ArnEquals', key: 'ec2:FisTargetArns', values: [ref('fleet')] },
      ],
    });
    lookups.push('autoscaling:DescribeAutoScalingGroups');
  }
  if (used.has('subnetsInAz')) {
    // FIS clones a subnet's network ACL, denies all in the clone and swaps it in; it tags what it creates.
    const fisMade = (key: string): PermissionCondition => ({ operator: 'StringEquals', key, values: ['true'] });
    permissions.push(
      { actions: ['ec2:CreateNetworkAcl'], resources: ['anyNetworkAcl'], conditions: [fisMade('aws:RequestTag/managedByFIS')] },
      { actions: ['ec2:CreateNetworkAcl'], resources: ['vpc'] },
      {
        actions: ['ec2:CreateTags'],
        resources: ['anyNetworkAcl'],
        conditions: [
          { operator: 'StringEquals', key: 'ec2:CreateAction', values: ['CreateNetworkAcl'] }, fisMade('aws:RequestTag/managedByFIS'),
        ],
      },
      { actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: ['anyNetworkAcl', 'vpc'], conditions: [fisMade('ec2:ResourceTag/managedByFIS')] },
      { actions: ['ec2:ReplaceNetworkAclAssociation'], resources: ['subnetsInAz', 'anyNetworkAcl'] },
    );
    lookups.push('ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries');
  }
  if (used.has('zonalShiftResources') || used.has('zonalShiftLoadBalancer')) {
    const shifted: ResourceRef[] = used.has('zonalShiftResources') ? ['loadBalancer', 'fleet'] : ['loadBalancer'];
    permissions.push({
      actions: ['arc-zonal-shift:StartZonalShift', 'arc-zonal-shift:GetManagedResource'],
      resources: ['any'],
      conditions: [{ operator: 'StringEquals', key: 'arc-zonal-shift:ResourceIdentifier', values: shifted.map(ref) }],
    });
    // A shift is updated and cancelled by its id, which exists only once FIS has started it.
    lookups.push('arc-zonal-shift:UpdateZonalShift', 'arc-zonal-shift:CancelZonalShift', 'arc-zonal-shift:ListManagedResources', 'autoscaling:DescribeTags');
  }
  if (used.has('databaseCluster')) {
    permissions.push({ actions: ['rds:FailoverDBCluster'], resources: ['databaseCluster'] });
    lookups.push('rds:DescribeDBClusters');
  }
  if (used.has('cacheReplicationGroup')) {
    permissions.push({ actions: ['elasticache:InterruptClusterAzPower'], resources: ['cacheReplicationGroup'] });
    lookups.push('elasticache:DescribeReplicationGroups');
  }
  if (used.has('databaseInstance')) {
    permissions.push({ actions: ['rds:RebootDBInstance'], resources: ['databaseInstance'] });
    lookups.push('rds:DescribeDBInstances');
  }
  // Vended log delivery to the experiments' log group.
  lookups.push('logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups');
  permissions.push({ actions: lookups, resources: ['any'] });
  return permissions;
}

interface Basis extends FaultInjectionInputs {
  readonly stopAlarmId: string;
  readonly azIndex: number;
  readonly az: string;
  /** ISO 8601 duration of the AZ impairment. */
  readonly duration: string;
}

function experiment(b: Basis, id: string, description: string, actions: ExperimentActionPlan[],
  prediction: Omit<ExperimentPrediction, 'id' | 'description' | 'actions'>, emptyTargetResolutionMode: 'fail' | 'skip' = 'fail'): ExperimentPlan {
  return {
    id,
    name: `${b.namePrefix}-${id}`,
    description,
    actions,
    emptyTargetResolutionMode,
    prediction: { id, description, actions: actions.map((a) => a.actionId), ...prediction },
  };
}

/** The outside-in canary's alarm (tiers/probes.ts), which a cut AZ's node in DNS can fire. */
const PROBE_ALARM_ID = 'ProbeSuccess';

/** The alarms that say users are failing: the composite and what it is OR-ed from. */
function criticalAlarms(b: Basis): string[] {
  return [b.stopAlarmId, ...b.monitoring.serviceHealth!.alarmIds];
}

function existing(b: Basis, ids: string[]): string[] {
  const known = new Set(b.monitoring.alarms.map((a) => a.id));
  return ids.filter((id) => known.has(id));
}

function percent(part: number, whole: number): number {
  return Math.round(1000 * part / whole) / 10;
}

/** Terminates one instance: the load balancer routes around it and the group replaces it, nobody is paged. */
function instanceLoss(b: Basis): ExperimentPlan {
  const left = b.minCapacity - 1;
  const enough = left >= b.monitoring.healthyHostsNeeded;
  const r = b.report;
  return experiment(b, 'InstanceLoss', 'Terminates one running instance of the fleet.', [{
    name: 'TerminateOneInstance',
    actionId: 'aws:ec2:terminate-instances',
    description: 'Terminate one running instance of the fleet',
    target: 'fleetInstance',
    parameters: {},
  }], {
    instancesLeft: left,
    capacityLeftPercentOfMinimum: percent(left, b.minCapacity),
    detectionSeconds: r.detectionSeconds,
    // From the warm pool when there is one (the alarms still wait out a cold replacement).
    recoverySeconds: r.warmReplacementSeconds ?? r.replacementSeconds,
    // The fleet alarms wait out one replacement, so none fires for a replaced instance.
    alarmsExpected: enough ? [] : existing(b, ['HealthyHostsBelowNeed']),
    alarmsQuiet: enough ? criticalAlarms(b).concat(existing(b, ['UnhealthyHosts', 'InServiceBelowMinimum'])) : [],
    summary: enough
      ? `${left} of ${b.minCapacity} instances keep serving; the load balancer stops routing to the lost one within ${r.detectionSeconds} s ` +
        `and the group replaces it in about ${r.warmReplacementSeconds ?? r.replacementSeconds} s${r.warmReplacementSeconds !== undefined ? ' from its warm pool' : ''}. No alarm fires.`
      : `${left} instances are fewer than the ${b.monitoring.healthyHostsNeeded} the service needs: HealthyHostsBelowNeed fires and stops the experiment.`,
  });
}

/**
 * Cuts one AZ off: its subnets lose their network and the fleet cannot launch there. With zonal
 * autoshift the load balancer and the fleet shift away from it, as ARC would; without it nothing
 * shifts (the runbook's step), as in production. When the database writer is there when the
 * experiment starts (FIS finds out: RDS picks a Multi-AZ instance's primary, and an earlier failover
 * moves an Aurora writer), the database fails over too, as it would when the AZ loses power, following
 * AWS's AZ power interruption scenario; with the writer elsewhere that action is skipped.
 */
function azImpairment(b: Basis, durationSeconds: number): ExperimentPlan {
  const r = b.report;
  const azNumber = b.azIndex + 1;
  const actions: ExperimentActionPlan[] = [
    {
      name: 'DisruptNetwork',
      actionId: 'aws:network:disrupt-connectivity',
      description: `Deny all traffic in and out of the service's subnets in AZ ${azNumber}`,
      target: 'subnetsInAz',
      parameters: { scope: 'all', duration: b.duration },
    },
    {
      name: 'FailLaunches',
      actionId: 'aws:ec2:asg-insufficient-instance-capacity-error',
      description: `Fail the fleet's launches in AZ ${azNumber} for lack of capacity`,
      target: 'fleet',
      parameters: { availabilityZoneIdentifiers: b.az, percentage: '100', duration: b.duration },
    },
  ];
  const autoshift = b.zonalShift.autoshift !== undefined;
  if (autoshift) {
    actions.push({
      name: 'ShiftAway',
      actionId: 'aws:arc:start-zonal-autoshift',
      description: b.zonalShift.fleet
        ? `Shift the load balancer's and the fleet's traffic away from AZ ${azNumber}`
        : `Shift the load balancer's traffic away from AZ ${azNumber}`,
      // Only resources registered with zonal shift: a group without its impairment policy would fail the start.
      target: b.zonalShift.fleet ? 'zonalShiftResources' : 'zonalShiftLoadBalancer',
      // ENABLED would do as well: the service's autoshift configurations are on.
      parameters: { availabilityZoneIdentifier: b.az, duration: b.duration, zonalAutoshiftStatus: 'ANY' },
    });
  }
  const db = b.database;
  const failover = db && failoverAction(db, b.az);
  if (failover) actions.push(failover);
  const writerOutside = db && writerLeaves(db, b.azIndex);
  const cacheNodeHere = b.cache?.nodeAzs.indexOf(b.azIndex) ?? -1;
  if (cacheNodeHere >= 0) {
    actions.push({
      name: 'InterruptCacheNodes',
      actionId: 'aws:elasticache:replicationgroup-interrupt-az-power',
      description: `Cut the power of the cache's node in AZ ${azNumber}`,
      target: 'cacheReplicationGroup',
      parameters: { duration: b.duration },
      // Which AZ's nodes lose power: FIS needs it on the target.
      targetParameters: { availabilityZoneIdentifier: b.az },
    });
  }

  const survives = r.capacityAfterAzLossPercentOfPeak === undefined || r.capacityAfterAzLossPercentOfPeak >= 100;
  const probed = b.monitoring.alarms.some((a) => a.id === PROBE_ALARM_ID);
  // The zonal alarms wait out the longest replacement: they fire only if the impairment outlasts it.
  const zonalFires = durationSeconds >= Math.ceil(r.longestReplacementSeconds / 60) * 60;
  const expected = zonalFires ? existing(b, [`HealthyHostsAz${azNumber}`, 'UnhealthyHosts']) : [];
  const peak = r.capacityAfterAzLossPercentOfPeak !== undefined ? ` (${r.capacityAfterAzLossPercentOfPeak} % of the planned peak)` : '';
  const parts = [
    `At least ${r.instancesAfterAzLoss} of ${b.minCapacity} instances keep serving from the other AZs${peak}.`,
    autoshift
      ? (b.zonalShift.fleet
        ? `Traffic shifts away from AZ ${azNumber} at once, as autoshift would (AWS's own scenario starts it 5 minutes in); the group leaves the instances there alone (${b.zonalShift.impairedZoneHealthCheck}).`
        : `The load balancer's traffic shifts away from AZ ${azNumber} at once, as autoshift would; the group, which takes no part in zonal shifts, keeps replacing instances there that fail their checks.`)
      : `Nothing shifts by itself (the service has no zonal autoshift): the load balancer stops routing to AZ ${azNumber}'s instances after ${r.detectionSeconds} s of failed health checks, ` +
        `but its node in AZ ${azNumber} stays in DNS and clients that resolve to it time out until someone runs the runbook's zonal shift${b.zonalShift.enabled ? '' : ' (zonalShift is off: there is none)'}.`,
    expected.length ? `${expected.join(' and ')} fire: the zonal signal, not a page${autoshift ? '' : ', and the runbook\'s cue'}.` : 'The impairment ends before the zonal alarms would fire.',
    failover && writerOutside
      ? `If the database writer is in AZ ${azNumber} when the experiment starts, it fails over to an instance in another AZ (about ${r.databaseFailoverSeconds} s without writes); elsewhere it stays, and the failover is skipped.`
      : '',
    failover && !writerOutside
      ? `If the database writer is in AZ ${azNumber} when the experiment starts, it fails over, but Aurora may promote a reader that shares AZ ${azNumber} (same promotion tier): writes can stop while the AZ is cut off.`
      : '',
    db && !failover && !writerOutside ? `The database writer is in AZ ${azNumber} and has no reader to fail over to: writes stop while the AZ is cut off.` : '',
    db ? 'Clients that resolve the reader endpoint or the proxy to an address in the cut AZ time out on connect: connect with a timeout and retry.' : '',
    cacheNodeHere === 0 ? `The cache primary is in AZ ${azNumber}: a replica is promoted (about ${b.cache!.failoverSeconds} s without cache writes, an estimate).` : '',
    cacheNodeHere > 0 ? `The cache loses its replica in AZ ${azNumber}; the primary keeps serving.` : '',
    // The canary resolves the load balancer's name like any client: without a shift it reaches the cut node now and then.
    probed && !autoshift
      ? `The outside-in canary is such a client: its runs that reach AZ ${azNumber}'s node time out, and 3 in a row fire ProbeSuccess, `
        + 'which stops the experiment through the service-health alarm (what users see; the runbook\'s zonal shift ends it).'
      : '',
    survives ? `The service-health alarm stays quiet${probed && !autoshift ? ' but for ProbeSuccess' : ''}.` : 'At peak the other AZs cannot carry the load: run it off-peak, or plan with surviveAzLoss.',
  ];
  return experiment(b, 'AzImpairment',
    `Cuts AZ ${azNumber} off for ${durationSeconds / 60} minutes: network of the service's subnets, launches, ${autoshift ? 'zonal autoshift, ' : ''}` +
    `${failover ? 'database failover when the writer is there' : 'no database failover'}${cacheNodeHere >= 0 ? ', cache node power' : ''}.`, actions, {
      instancesLeft: r.instancesAfterAzLoss,
      capacityLeftPercentOfMinimum: r.capacityAfterAzLossPercentOfMinimum,
      capacityLeftPercentOfPeak: r.capacityAfterAzLossPercentOfPeak,
      detectionSeconds: r.detectionSeconds,
      databaseFailoverSeconds: failover ? r.databaseFailoverSeconds : undefined,
      writerOutsideImpairedAz: writerOutside,
      alarmsExpected: expected,
      alarmsQuiet: survives ? criticalAlarms(b).filter((id) => !(probed && !autoshift && (id === PROBE_ALARM_ID || id === b.stopAlarmId))) : [],
      summary: parts.filter((p) => p).join(' '),
    }, failover ? 'skip' : 'fail');
}

/**
 * Whether the writer ends outside AZ `az` wherever it was when the AZ experiment started: a writer
 * elsewhere stays (the failover is skipped); a writer there is replaced by the instance Aurora picks,
 * the lowest promotion tier, any of them among equals. A Multi-AZ DB instance's standby is always in
 * another AZ. Aurora readers that Aurora Auto Scaling adds are placed by Aurora, not counted here.
 */
export function writerLeaves(db: DatabasePlan, az: number): boolean {
  if (!db.aurora) return true;
  const instances = [{ az: db.writerAz, tier: db.promotionTiers.writer }, ...db.readerAzs.map((a) => ({ az: a, tier: db.promotionTiers.reader }))];
  if (instances.length === 1) return db.writerAz !== az;
  return instances.every((writer, i) => {
    if (writer.az !== az) return true;
    const others = instances.filter((_, j) => j !== i);
    const best = Math.min(...others.map((o) => o.tier));
    return others.filter((o) => o.tier === best).every((o) => o.az !== az);
  });
}

/** Fails the database over to its standby or a reader; an Aurora writer without readers has nothing to fail over to. */
function databaseFailover(b: Basis): ExperimentPlan | undefined {
  const db = b.database;
  const action = db && failoverAction(db);
  if (!action) return undefined;
  const seconds = b.report.databaseFailoverSeconds;
  return experiment(b, 'DatabaseFailover', db!.aurora ? 'Fails the Aurora cluster over to a reader.' : 'Reboots the Multi-AZ DB instance with a failover to its standby.', [action], {
    instancesLeft: b.minCapacity,
    capacityLeftPercentOfMinimum: 100,
    databaseFailoverSeconds: seconds,
    alarmsExpected: [],
    // The critical alarms need 3 minutes of errors; a failover is over well before that.
    alarmsQuiet: criticalAlarms(b),
    summary: `Writes stop for about ${seconds} s while ${db!.aurora ? 'a reader is promoted' : 'the standby takes over'}; ` +
      'clients reconnect to the same endpoint. The service-health alarm stays quiet.',
  });
}

/**
 * The failover action; with `writerIn`, only when the writer is in that AZ as the experiment starts:
 * FIS resolves the target by the writer's AZ then (FIS User Guide, "Targets", resource-type parameters).
 */
function failoverAction(db: DatabasePlan, writerIn?: string): ExperimentActionPlan | undefined {
  if (db.aurora && db.readers === 0) return undefined;
  return db.aurora
    ? {
      name: 'FailOverDatabase',
      actionId: 'aws:rds:failover-db-cluster',
      description: writerIn ? 'Fail the Aurora cluster over to a reader when its writer is in the impaired AZ' : 'Fail the Aurora cluster over to a reader',
      target: 'databaseCluster',
      parameters: {},
      targetParameters: writerIn ? { writerAvailabilityZoneIdentifiers: writerIn } : undefined,
    }
    : {
      name: 'FailOverDatabase',
      actionId: 'aws:rds:reboot-db-instances',
      description: writerIn ? 'Reboot the DB instance with a failover to its standby when its primary is in the impaired AZ' : 'Reboot the DB instance with a failover to its standby',
      target: 'databaseInstance',
      parameters: { forceFailover: 'true' },
      targetParameters: writerIn ? { availabilityZoneIdentifiers: writerIn } : undefined,
    };
}

/**
 * The gray-failure experiment's choices. The delay is injected only on what the instances send from
 * the app port (the load balancer's responses and its health checks' answers): the instances' own
 * calls (database, cache, Systems Manager's agent, which must stay able to cancel the command) are
 * not slowed, so the fault is "this AZ answers slowly", no more. The health checks share the port:
 * a check on a new connection waits for the delayed SYN-ACK and the delayed answer, twice the
 * delay, which the plan keeps below the health check's timeout (with headroom for the app), so the
 * checks keep passing: a gray failure, not an AZ down.
 */
export const GRAY_FAILURE = {
  /** Above the slow threshold by this much, so that every request of the AZ counts as slow. */
  marginMilliseconds: 250,
  /** What the app itself may take to answer a health check. */
  healthCheckHeadroomMilliseconds: 500,
  documentSuffix: '-AppPortLatency',
  /** The command's time limit: FIS's longest action (12 hours) and a margin. */
  commandTimeoutSeconds: 43_500,
  /** Systems Manager reserves these name prefixes (CreateDocument, Name). */
  reservedPrefix: /^(aws|amazon|amzn)/i,
} as const;

/** The delay the experiment injects, and whether the latency alarms count the AZ's requests as slow. */
export function grayFailureDelay(g: Pick<GrayFailureInputs, 'latencyThresholdSeconds' | 'healthCheckTimeoutSeconds'>): { delayMilliseconds: number; slow: boolean } {
  const wanted = Math.round(g.latencyThresholdSeconds * 1000) + GRAY_FAILURE.marginMilliseconds;
  const ceiling = Math.floor((g.healthCheckTimeoutSeconds * 1000 - GRAY_FAILURE.healthCheckHeadroomMilliseconds) / 2);
  const delayMilliseconds = Math.max(1, Math.min(wanted, ceiling));
  return { delayMilliseconds, slow: delayMilliseconds > g.latencyThresholdSeconds * 1000 };
}

/**
 * The document's name: the service's prefix (shortened, with its hash) and the suffix, led by `svc-`
 * when the prefix starts with a prefix AWS reserves (a stack named AwsShop would).
 */
export function latencyDocumentName(namePrefix: string): string {
  const suffix = GRAY_FAILURE.documentSuffix;
  if (!GRAY_FAILURE.reservedPrefix.test(namePrefix)) return `${shortName(namePrefix, 128 - suffix.length)}${suffix}`;
  return `svc-${shortName(namePrefix, 128 - suffix.length - 4)}${suffix}`;
}

/**
 * Our own Command document rather than AWS's AWSFIS-Run-Network-Latency: that document delays every
 * packet of the interface its `Interface` parameter names, `eth0` by default, while Amazon Linux 2023
 * names a Nitro instance's interface `ens5` (AL2023 User Guide, "Networking service"), so it fails
 * there unless told, and a user's image may name it otherwise again. This one finds the interface of
 * the default route, delays only the app port's packets (see {@link GRAY_FAILURE}), and removes the
 * delay when it ends, when FIS cancels it (stop condition), and, by a systemd timer, even if its
 * process is killed. `tc` is in AL2023's iproute-tc package, installed when missing. Parameters are
 * digits only (allowedPattern): Systems Manager pastes them into the script.
 */
export function latencyDocument(namePrefix: string): LatencyDocumentPlan {
  const digits = (description: string) => ({ type: 'String', description, allowedPattern: '^[0-9]{1,5}$' });
  return {
    name: latencyDocumentName(namePrefix),
    documentType: 'Command',
    documentFormat: 'JSON',
    content: {
      schemaVersion: '2.2',
      description: 'Delays the packets an instance sends from one port (its answers to the load balancer) for a while: a gray failure for AWS FIS',
      parameters: {
        DurationSeconds: digits('How long the delay lasts, in seconds'),
        DelayMilliseconds: digits('The delay added to each packet sent from the port, in milliseconds'),
        Port: digits('The port whose packets are delayed (the app port)'),
      },
      mainSteps: [{
        action: 'aws:runShellScript',
        name: 'DelayAppPort',
        precondition: { StringEquals: ['platformType', 'Linux'] },
        inputs: { timeoutSeconds: String(GRAY_FAILURE.commandTimeoutSeconds), runCommand: LATENCY_SCRIPT },
      }],
    },
  };
}

/** The script's lines; `{{ Name }}` is a document parameter. */
export const LATENCY_SCRIPT: string[] = [
  '#!/bin/bash',
  'set -eu',
  'DURATION={{ DurationSeconds }}',
  'DELAY={{ DelayMilliseconds }}',
  'PORT={{ Port }}',
  'if ! command -v tc >/dev/null 2>&1; then dnf install -y iproute-tc || yum install -y iproute-tc; fi',
  'TC=$(command -v tc)',
  '# The interface of the default route (ens5 on Amazon Linux 2023, eth0 elsewhere): never assumed.',
  'IFACE=$(ip -o -4 route show default | awk \'{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }\')',
  'if [ -z "$IFACE" ]; then echo "no default route: cannot tell which interface to slow" >&2; exit 1; fi',
  'echo "delaying packets from port $PORT on $IFACE by $DELAY ms for $DURATION s"',
  '# Removed by a timer even if this process is killed; by the trap when it ends or is cancelled.',
  'systemd-run --on-active=$((DURATION + 60)) --unit="app-port-latency-cleanup-$$" "$TC" qdisc del dev "$IFACE" root || true',
  'cleanup() { "$TC" qdisc del dev "$IFACE" root 2>/dev/null || true; }',
  'trap cleanup EXIT',
  'trap "exit 143" TERM INT',
  '"$TC" qdisc replace dev "$IFACE" root handle 1: prio bands 4 priomap 1 2 2 2 1 2 0 0 1 1 1 1 1 1 1 1',
  '"$TC" qdisc add dev "$IFACE" parent 1:4 handle 40: netem delay "${DELAY}ms"',
  '"$TC" filter add dev "$IFACE" protocol ip parent 1: prio 1 u32 match ip sport "$PORT" 0xffff flowid 1:4',
  'sleep "$DURATION" &',
  'wait $!',
];

/**
 * Slows every instance of one AZ without failing its health checks (see {@link GRAY_FAILURE}), and
 * predicts what notices it. The AZ takes 1/k of the requests; every one of them becomes slow:
 * - with cross-zone load balancing off, the AZ holds all the slow requests: OutlierLatencyAz<n>
 *   and ImpairedAz<n> fire after 3 of 5 one-minute points, and with `outlierShift` the function
 *   shifts the AZ away seconds later;
 * - with it on, every node sends 1/k of its requests to the AZ: each AZ's metrics show the same
 *   slow share, no AZ is an outlier, nothing shifts;
 * - either way 1/k of all requests is above 1 % slow: P99ResponseTime fires at the same time when
 *   the delay is above its threshold, and with it ServiceHealth, which stops the experiment; the
 *   latency objective's fast burn fires once its 1-hour window has burned 14.4 times the budget.
 */
const BURN_FAST = BURN_RATE_ALERTS[0];
const OUTLIER_MIN_REQUESTS = OUTLIER_RULE.minimumRequestsPerMinute;

function azGrayFailure(b: Basis, g: GrayFailureInputs, durationSeconds: number): ExperimentPlan {
  const azNumber = b.azIndex + 1;
  const k = b.availabilityZones.length;
  const { delayMilliseconds, slow } = grayFailureDelay(g);
  const slowSharePercent = Math.round(1000 / k) / 10;
  // Alarms of 3 of 5 one-minute points: the third slow minute, plus up to a minute until ELB publishes it.
  const alarmSeconds = 4 * 60;
  const long = durationSeconds >= alarmSeconds;
  const known = new Set([...b.monitoring.alarms.map((a) => a.id), ...b.monitoring.composites.map((c) => c.id), b.stopAlarmId]);
  const has = (id: string) => known.has(id);
  const outlier = slow && g.seesInstanceAz && long && has(`OutlierLatencyAz${azNumber}`);
  const p99 = long && delayMilliseconds > g.p99ThresholdSeconds * 1000 && has('P99ResponseTime');
  // The fast burn's long window (1 h) reaches 14.4 times the budget after this many minutes of 1/k slow.
  const o = g.latencyObjective;
  const burnMinutes = o && delayMilliseconds > o.thresholdSeconds * 1000
    ? Math.max(BURN_FAST.shortMinutes, Math.ceil(BURN_FAST.longMinutes * BURN_FAST.burnRate * o.budgetPercent / slowSharePercent)) : undefined;
  const burn = burnMinutes !== undefined && burnMinutes * 60 <= durationSeconds && has('SloLatencyFastBurn');
  const paged = p99 || burn;
  const shift = outlier && g.outlierShift !== undefined;
  const expected = [
    ...(outlier ? [`OutlierLatencyAz${azNumber}`, `ImpairedAz${azNumber}`] : []),
    ...(p99 ? ['P99ResponseTime'] : []),
    ...(burn ? ['SloLatencyFastBurn'] : []),
    ...(paged ? [b.stopAlarmId] : []),
  ];
  const quiet = [
    ...b.availabilityZones.flatMap((_, i) => [`OutlierFaultsAz${i + 1}`, ...(i === b.azIndex ? [] : [`OutlierLatencyAz${i + 1}`, `ImpairedAz${i + 1}`])]),
    ...(outlier ? [] : [`OutlierLatencyAz${azNumber}`, `ImpairedAz${azNumber}`]),
    `HealthyHostsAz${azNumber}`, 'UnhealthyHosts', 'Target5xxRate',
    ...(paged ? [] : criticalAlarms(b)),
  ].filter(has).filter((id, i, all) => all.indexOf(id) === i && !expected.includes(id));
  const minutes = durationSeconds / 60;
  const parts = [
    `Every instance of AZ ${azNumber} answers ${delayMilliseconds} ms late on port ${g.appPort} for ${minutes} min; ` +
    `its health checks, at most ${2 * delayMilliseconds} ms late on a new connection, stay within their ${g.healthCheckTimeoutSeconds} s timeout and keep passing.`,
    slow
      ? `About ${slowSharePercent} % of the requests (AZ ${azNumber}'s share) become slower than ${g.latencyThresholdSeconds} s, the outlier alarms' threshold.`
      : `The delay stays below the outlier alarms' ${g.latencyThresholdSeconds} s (twice it must fit in the health check's timeout): no request counts as slow, and no latency alarm fires.`,
    !long ? 'The experiment ends before any alarm of 3 of 5 minutes can fire.' : '',
    long && slow && g.seesInstanceAz
      ? (outlier ? `With cross-zone load balancing off, AZ ${azNumber}'s node sends only to its own instances: it holds all the slow requests, and OutlierLatencyAz${azNumber} then ImpairedAz${azNumber} fire after 3-4 min (with at least ${OUTLIER_MIN_REQUESTS} requests a minute in the AZ).` : '')
      : '',
    long && slow && !g.seesInstanceAz
      ? `With cross-zone load balancing on, every load balancer node sends about ${slowSharePercent} % of its requests to AZ ${azNumber}'s instances: every AZ's metrics show the same slow share, no AZ is an outlier` +
        `${g.outlierShift ? ', and the automatic shift does not start' : ''}. Turn crossZoneLoadBalancing off (AZ independence) for the AZ alarms to see it.`
      : '',
    shift ? `The outlier shift function starts a zonal shift away from AZ ${azNumber} within seconds of ImpairedAz${azNumber}, for ${g.outlierShift!.expiresIn}: the slow requests stop.` : '',
    p99 ? `P99ResponseTime fires at the same time (${slowSharePercent} % slow is far above 1 %), and with it ${b.stopAlarmId}, which stops the experiment and removes the delay` +
      `${shift ? '; the shift stays until it expires or someone cancels it (the runbook)' : ''}.` : '',
    burn ? `The latency objective's fast burn fires after about ${burnMinutes} min${p99 ? '' : `, and with it ${b.stopAlarmId}, which stops the experiment`}.` : '',
    !paged && long ? `${b.stopAlarmId} stays quiet: the experiment runs its ${minutes} min.` : '',
  ];
  return experiment(b, 'AzGrayFailure',
    `Slows AZ ${azNumber}'s instances by ${delayMilliseconds} ms on the app port for ${minutes} minutes, their health checks passing (a gray failure).`, [{
      name: 'DelayAppPort',
      actionId: 'aws:ssm:send-command',
      description: `Delay what AZ ${azNumber}'s instances send from port ${g.appPort} by ${delayMilliseconds} ms`,
      target: 'fleetInstancesInAz',
      targetFilters: [{ path: 'Placement.AvailabilityZone', values: [b.az] }],
      parameters: {
        documentParameters: JSON.stringify({
          DurationSeconds: String(durationSeconds), DelayMilliseconds: String(delayMilliseconds), Port: String(g.appPort),
        }),
        duration: b.duration,
      },
      parameterRefs: { documentArn: 'latencyDocument' },
    }], {
      instancesLeft: b.minCapacity,
      capacityLeftPercentOfMinimum: 100,
      detectionSeconds: outlier ? alarmSeconds : undefined,
      shiftAfterSeconds: shift ? alarmSeconds : undefined,
      alarmsExpected: expected,
      alarmsQuiet: quiet,
      summary: parts.filter((p) => p).join(' '),
    });
}
