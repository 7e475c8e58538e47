/**
 * tf.MultiRegionService, the Terraform flavor: one configuration per Region and the switch
 * configuration, from the core's multi-Region plan.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { ACTIVATION_FUNCTION, activationEnvironment } from '../../core/region/activation';
import { MultiRegionPlan, RegionMode, planMultiRegion, regionStackName, stackBaseName } from '../../core/region/plan';
import { MultiRegionReport, renderMultiRegionReportMarkdown } from '../../core/region/report';
import {
  ActivationPlan, CrossRegionExperimentPlan, GlobalClusterPlan, RegionAlarmPlan, RoutingPlan, SwitchPlanSpec, SwitchStepPlan,
  crossRegionExperimentPermissions, splitFisTargets,
} from '../../core/region/switch';
import { EXPERIMENT_TEMPLATE, experimentTrustConditions } from '../../core/tiers/experiments';
import { KeyPolicyContext, cloudWatchLogsUse } from '../../core/tiers/keys';
import { FLEET_TAG } from '../../core/tiers/user-data';
import { policyDocument, serviceKey } from '../context';
import { HighlyAvailableService, toOptions } from '../highly-available-service';
import { ArchiveFile, LambdaFunctionArgs } from '../private/archive';
import { Fn, ISynthesisSession, TerraformResource, TerraformStack, Token, addCustomSynthesis, dependable } from '../private/cdktf';
import { AWS_PROVIDER, AwsDataSource, AwsResource, aws } from '../private/resource';
import { HighlyAvailableServiceProps } from '../props';
import { AwsProvider } from '../provider';
import { validatedCertificate } from '../tiers/load-balancing';

/** Properties of the Terraform flavor's {@link MultiRegionService}: those of the CloudFormation one, durations in seconds or minutes. */
export interface MultiRegionServiceProps {
  /** The Regions, the primary first. At least 2; exactly 2 in the standby modes. */
  readonly regions: string[];
  /** The account every Region's configuration deploys to. */
  readonly account: string;
  /**
   * How the Regions share the traffic.
   * @default RegionMode.WARM_STANDBY
   */
  readonly mode?: RegionMode;
  /**
   * Warm standby only: the share of the peak the standby carries before the switch, in (0, 1).
   * @default 0.5
   */
  readonly standbyShare?: number;
  /**
   * The recovery time objective, whole minutes (1 to 10080).
   * @default 15
   */
  readonly recoveryTimeObjectiveMinutes?: number;
  /** The name clients use. */
  readonly domainName: string;
  /** The public hosted zone holding `domainName`. */
  readonly hostedZoneId: string;
  /** The hosted zone's name. */
  readonly hostedZoneName: string;
  /**
   * Seconds between two Route 53 health checks of a Region: 10 or 30.
   * @default 10
   */
  readonly healthCheckInterval?: number;
  /**
   * Consecutive failed Route 53 health checks before a Region is unhealthy, 1-10.
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /**
   * Whether the clusters forward writes to the writer's Region while they are secondaries (every
   * cluster, the primary's included: it takes effect when a switch demotes it).
   * @default - true in RegionMode.ACTIVE_ACTIVE, false in the standby modes
   */
  readonly writeForwarding?: boolean;
  /**
   * Whether the primary gets the cross-Region connectivity experiment.
   * @default - as `service.faultInjection`
   */
  readonly crossRegionFaultInjection?: boolean;
  /**
   * The service every Region runs. Props that name something of one Region (vpcId, subnet ids,
   * availabilityZones, certificateArn, hostedZoneId, alarmTopicArn, accessLogsBucket, webAclArn,
   * machineImageId) cannot be given.
   * @default - the zero-config service in every Region
   */
  readonly service?: HighlyAvailableServiceProps;
}

/** Every prop of {@link MultiRegionServiceProps}, so that one it does not know is rejected at synth: tsc keeps this list exact. */
const KNOWN_PROPS: Record<keyof MultiRegionServiceProps, true> = {
  regions: true,
  account: true,
  mode: true,
  standbyShare: true,
  recoveryTimeObjectiveMinutes: true,
  domainName: true,
  hostedZoneId: true,
  hostedZoneName: true,
  healthCheckInterval: true,
  healthCheckFailureThreshold: true,
  writeForwarding: true,
  crossRegionFaultInjection: true,
  service: true,
};

/**
 * The Terraform flavor of the multi-Region service: the same plan as the CloudFormation construct,
 * rendered as one Terraform configuration (cdktf stack) per Region, each with its `aws` provider
 * for that Region, plus one for the Region switch plans. Create it at the root of a cdktf app.
 * The configurations name each other's resources by computed names and ARNs, so they need no
 * remote state; apply the primary's first, then the others, then the switch (`cdktf deploy` follows
 * the stacks' dependencies).
 *
 * The switch configuration needs hashicorp/aws 6.66 or later (`aws_arcregionswitch_plan` arrived in
 * 6.29; its execution blocks are written as 6.66 has them); the Regions' configurations keep the
 * single-Region flavor's `~> 6.25`.
 */
export class MultiRegionService extends Construct {
  /** Each Region's configuration, by Region. */
  public readonly stacks: { [region: string]: TerraformStack };
  /** Each Region's service, by Region. */
  public readonly services: { [region: string]: HighlyAvailableService };
  /** The Region switch configuration (primary Region), when there are plans. */
  public readonly switchStack?: TerraformStack;
  /** The primary Region. */
  public readonly primaryRegion: string;
  /** The figures for the loss of a Region, per Region and for the whole (also written beside the configurations). */
  public readonly resilienceReport: MultiRegionReport;

  constructor(scope: Construct, id: string, props: MultiRegionServiceProps) {
    super(scope, id);
    const name = stackBaseName(id);
    const serviceProps = props.service ?? {};
    const maxAzs = serviceProps.maxAzs ?? 3;
    const plan = planMultiRegion({
      regions: props.regions,
      account: props.account,
      mode: props.mode,
      standbyShare: props.standbyShare,
      recoveryTimeObjectiveMinutes: props.recoveryTimeObjectiveMinutes,
      domainName: props.domainName,
      hostedZoneId: props.hostedZoneId,
      hostedZoneName: props.hostedZoneName,
      healthCheckIntervalSeconds: props.healthCheckInterval,
      healthCheckFailureThreshold: props.healthCheckFailureThreshold,
      writeForwarding: props.writeForwarding,
      crossRegionFaultInjection: props.crossRegionFaultInjection,
      service: toOptions(serviceProps),
      propKeys: { given: Object.keys(props), known: Object.keys(KNOWN_PROPS) },
      regionalServiceProps: (['vpcId', 'availabilityZones'] as const).filter((p) => serviceProps[p] !== undefined),
    }, {
      path: this.node.path,
      name,
      serviceId: SERVICE_ID,
      // As the Terraform service plans itself: AZs looked up when Terraform runs, as many as asked for.
      serviceEnvironment: (region, stackName) => ({
        path: `${this.node.path}/${stackName}/${SERVICE_ID}`,
        stackName,
        pathInStack: [SERVICE_ID],
        region,
        regionAvailabilityZones: Array.from({ length: Number.isInteger(maxAzs) && maxAzs > 0 ? maxAzs : 3 }, (_, i) => `\${data.aws_availability_zones.lookup.names[${i}]}`),
        availabilityZonesLookedUp: true,
        isUnresolved: (value) => typeof value === 'string' && value.includes('${'),
      }),
      isUnresolved: (value) => typeof value === 'string' && value.includes('${'),
    });
    this.primaryRegion = plan.primaryRegion;
    this.stacks = {};
    this.services = {};
    const primaryStackName = regionStackName(name, plan.primaryRegion);
    for (const [i, r] of plan.regions.entries()) {
      const stack = new TerraformStack(this, r.stackName);
      new AwsProvider(stack, 'aws', { region: r.region });
      if (i > 0) stack.addDependency(this.stacks[plan.primaryRegion]);
      this.stacks[r.region] = stack;
      const c = { partition: plan.partition, account: plan.account, region: r.region };
      const { certificateArn } = validatedCertificate(stack, plan.routing.domainName, plan.routing.hostedZoneId, r.ownsCertificateValidationRecord);
      const o = r.serviceOptions;
      // The primary's configuration creates the global database first: its writer endpoint goes into the secret.
      const global = r.stackName === primaryStackName && plan.globalCluster ? renderGlobalCluster(stack, plan.globalCluster) : undefined;
      // The global writer endpoint's address, read in this Region once its cluster is in the
      // global database: the instances' DATABASE_HOST in the standby modes.
      const writerEndpoint = plan.globalCluster && new AwsDataSource<GlobalClusterLookupArgs>(stack, 'GlobalWriterEndpoint', 'aws_rds_global_cluster', {
        identifier: plan.globalCluster.globalClusterIdentifier,
      });
      const service = new HighlyAvailableService(stack, SERVICE_ID, {
        ...serviceProps,
        domainName: o.domainName,
        certificateArn,
        hostedZoneId: undefined,
        capacity: o.capacity,
        minCapacity: o.minCapacity,
        maxCapacity: o.maxCapacity,
        globalDatabase: o.globalDatabase && writerEndpoint ? { ...o.globalDatabase, writerEndpointAddress: writerEndpoint.attr('endpoint') } : o.globalDatabase,
        probeRecords: o.probeRecords,
      });
      if (global) joinGlobalCluster(global, service);
      if (writerEndpoint) writerEndpoint.dependsOn = [dependable(clusterOf(service))];
      if (r.switchRaisesFleet) keepRaisedBounds(service);
      this.services[r.region] = service;
      const alarms = renderRegionAlarms(stack, r.alarms, service.alarmTopicArn);
      renderRegionRouting(stack, plan.routing, i, service, alarms);
      if (r.activation) renderActivation(stack, r.activation, service, c);
      if (r.stackName === primaryStackName && plan.experiment) renderCrossRegionExperiment(stack, plan.experiment, service, c);
    }
    if (plan.switchPlans.length > 0) {
      const switchStack = new TerraformStack(this, plan.switchStackName);
      new AwsProvider(switchStack, 'aws', { region: plan.primaryRegion });
      switchStack.addOverride('terraform.required_providers.aws', { source: AWS_PROVIDER.source, version: SWITCH_PROVIDER_VERSION });
      for (const stack of Object.values(this.stacks)) switchStack.addDependency(stack);
      plan.switchPlans.forEach((p, i) => renderSwitchPlan(switchStack, plan.switchPlans.length === 1 ? 'Switch' : `Switch${i + 1}`, p, plan.partition));
      this.switchStack = switchStack;
    }
    this.resilienceReport = plan.report;
    writeReport(this, this.stacks[plan.primaryRegion], plan);
  }
}

const SERVICE_ID = 'Service';

/**
 * The provider range of the switch configuration: the bindings the schema of
 * `aws_arcregionswitch_plan` was checked against (test/tf/aws-provider-schema-switch.json) are for 6.66.
 */
export const SWITCH_PROVIDER_VERSION = '~> 6.66';

// Argument interfaces of the resources this file writes, named and typed as the provider's schema has them.
export interface HealthCheckArgs {
  readonly type: 'HTTPS' | 'CALCULATED' | 'CLOUDWATCH_METRIC';
  readonly fqdn?: string;
  readonly port?: number;
  readonly resource_path?: string;
  readonly request_interval?: number;
  readonly failure_threshold?: number;
  readonly enable_sni?: boolean;
  readonly child_healthchecks?: string[];
  readonly child_health_threshold?: number;
  readonly cloudwatch_alarm_name?: string;
  readonly cloudwatch_alarm_region?: string;
  readonly insufficient_data_health_status?: 'Healthy';
  readonly tags?: Record<string, string>;
}
export interface RoutingRecordArgs {
  readonly zone_id: string;
  readonly name: string;
  readonly type: 'A';
  readonly set_identifier: string;
  readonly health_check_id: string;
  readonly alias: { readonly name: string; readonly zone_id: string; readonly evaluate_target_health: boolean };
  readonly failover_routing_policy?: { readonly type: 'PRIMARY' | 'SECONDARY' };
  readonly latency_routing_policy?: { readonly region: string };
}
export interface GlobalClusterArgs {
  readonly global_cluster_identifier: string;
  readonly engine: string;
  readonly engine_version: string;
  readonly storage_encrypted: boolean;
  readonly deletion_protection: boolean;
}
export interface RegionAlarmArgs {
  readonly alarm_name: string;
  readonly alarm_description: string;
  readonly namespace: string;
  readonly metric_name: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: string;
  readonly period: number;
  readonly evaluation_periods: number;
  readonly datapoints_to_alarm: number;
  readonly threshold: number;
  readonly comparison_operator: string;
  readonly treat_missing_data: string;
  readonly alarm_actions: string[];
  readonly ok_actions: string[];
}
export interface GlobalClusterLookupArgs { readonly identifier: string }
export interface AutoScalingGroupsLookupArgs {
  readonly region: string;
  readonly filter: Array<{ readonly name: string; readonly values: string[] }>;
}
export interface SwitchPlanArgs {
  readonly name: string;
  readonly description: string;
  readonly execution_role: string;
  readonly recovery_approach: string;
  readonly regions: string[];
  readonly primary_region: string;
  readonly recovery_time_objective_minutes: number;
  readonly associated_alarms?: Array<{ readonly map_block_key: string; readonly alarm_type: string; readonly resource_identifier: string }>;
  readonly workflow: Array<{
    readonly workflow_target_action: string;
    readonly workflow_description: string;
    readonly step: Array<Record<string, unknown>>;
  }>;
}

function renderRegionAlarms(scope: Construct, plans: RegionAlarmPlan[], topicArn: string): Record<string, TerraformResource> {
  return Object.fromEntries(plans.map((p) => [p.id, new AwsResource<RegionAlarmArgs>(scope, p.id, 'aws_cloudwatch_metric_alarm', {
    alarm_name: p.name,
    alarm_description: p.description,
    namespace: p.namespace,
    metric_name: p.metricName,
    dimensions: p.dimensions,
    statistic: p.statistic,
    period: p.periodSeconds,
    evaluation_periods: p.evaluationPeriods,
    datapoints_to_alarm: p.datapointsToAlarm,
    threshold: p.threshold,
    comparison_operator: p.comparison,
    treat_missing_data: p.treatMissingData,
    alarm_actions: [topicArn],
    ok_actions: [topicArn],
  })]));
}

function renderRegionRouting(
  scope: Construct, routing: RoutingPlan, index: number, service: HighlyAvailableService, alarms: Record<string, TerraformResource>,
): void {
  const plan = routing.records[index];
  const hc = routing.healthCheck;
  const check = (id: string, a: HealthCheckArgs) => new AwsResource<HealthCheckArgs>(scope, id, 'aws_route53_health_check', a);
  const endpoint = check('EndpointHealthCheck', {
    type: 'HTTPS',
    fqdn: service.loadBalancerDnsName,
    port: hc.port,
    resource_path: hc.path,
    request_interval: hc.intervalSeconds,
    failure_threshold: hc.failureThreshold,
    enable_sni: hc.enableSni,
    tags: { Name: `${routing.domainName} ${plan.region}` },
  });
  let recordCheck = endpoint;
  const writers = plan.writerChecks ?? [];
  if (writers.length > 0) {
    // One check per writer alarm; the record is healthy only while the endpoint is and none fires.
    const writerChecks = writers.map((w, n) => {
      const writer = check(n === 0 ? 'WriterHealthCheck' : `WriterHealthCheck${w.id}`, {
        type: 'CLOUDWATCH_METRIC',
        cloudwatch_alarm_name: w.alarmName,
        cloudwatch_alarm_region: plan.region,
        insufficient_data_health_status: w.insufficientDataHealthStatus,
      });
      // The check reads the alarm by name: after it (a bare reference, as Terraform's JSON syntax requires).
      writer.dependsOn = [dependable(alarms[w.id])];
      return writer;
    });
    recordCheck = check('RecordHealthCheck', {
      type: 'CALCULATED', child_healthchecks: [endpoint.attr('id'), ...writerChecks.map((w) => w.attr('id'))], child_health_threshold: 1 + writerChecks.length,
    });
  }
  new AwsResource<RoutingRecordArgs>(scope, 'Record', 'aws_route53_record', {
    zone_id: routing.hostedZoneId,
    name: routing.domainName,
    type: routing.recordType,
    set_identifier: plan.setIdentifier,
    health_check_id: recordCheck.attr('id'),
    alias: { name: service.loadBalancerDnsName, zone_id: service.loadBalancer.getStringAttribute('zone_id'), evaluate_target_health: true },
    failover_routing_policy: plan.failover && { type: plan.failover },
    latency_routing_policy: plan.latencyRegion !== undefined ? { region: plan.latencyRegion } : undefined,
  });
}

/**
 * The Aurora global database, in the primary's configuration. Its engine version is the full one
 * every member pins: the provider keeps a configured version only in the API's full form, so a
 * major alone would show a change on every plan (internal/service/rds/global_cluster.go,
 * resourceGlobalClusterRead). Its `endpoint` is the global writer endpoint.
 */
function renderGlobalCluster(scope: Construct, plan: GlobalClusterPlan): AwsResource<GlobalClusterArgs> {
  return new AwsResource<GlobalClusterArgs>(scope, 'GlobalDatabase', 'aws_rds_global_cluster', {
    global_cluster_identifier: plan.globalClusterIdentifier,
    engine: plan.engine,
    engine_version: plan.engineVersion,
    storage_encrypted: plan.storageEncrypted,
    deletion_protection: plan.deletionProtection,
  });
}

/** The primary cluster is created in the global database: after it (a bare reference in depends_on). */
function joinGlobalCluster(global: AwsResource<GlobalClusterArgs>, primary: HighlyAvailableService): void {
  const cluster = clusterOf(primary);
  cluster.dependsOn = [...(cluster.dependsOn ?? []), dependable(global)];
}

function clusterOf(service: HighlyAvailableService): TerraformResource {
  return service.node.findAll().find((x): x is TerraformResource => x instanceof TerraformResource && x.terraformResourceType === 'aws_rds_cluster')!;
}

/**
 * The Region switch raises the group (ARC's EC2 Auto Scaling block, the activation function): the
 * next apply must not set its bounds back while the Region serves (Terraform resets every argument
 * outside lifecycle.ignore_changes). Change the configured bounds of a running group by CLI.
 */
function keepRaisedBounds(service: HighlyAvailableService): void {
  const group = service.node.findAll().find((x): x is TerraformResource => x instanceof TerraformResource && x.terraformResourceType === 'aws_autoscaling_group')!;
  const ignored = new Set([...(group.lifecycle?.ignoreChanges as string[] | undefined ?? []), 'min_size', 'max_size', 'desired_capacity']);
  group.lifecycle = { ...group.lifecycle, ignoreChanges: [...ignored] };
}

function renderActivation(scope: Construct, plan: ActivationPlan, service: HighlyAvailableService, c: KeyPolicyContext): void {
  const zip = new ArchiveFile(scope, 'ActivationCode', {
    type: 'zip', output_path: `\${path.module}/${plan.functionName}.zip`, source: [{ content: ACTIVATION_FUNCTION.code, filename: 'index.js' }],
  });
  const securityGroup = aws.securityGroup(scope, 'ActivationSecurityGroup', {
    vpc_id: service.vpcId, description: 'Region activation function: HTTPS to the AWS APIs only', name_prefix: `${plan.functionName}-`,
  });
  aws.egressRule(scope, 'ActivationHttpsOut', {
    security_group_id: securityGroup.attr('id'), ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', description: 'AWS APIs over HTTPS',
  });
  const key = serviceKey(scope, 'ActivationLogsKey', 'Encrypts the logs of the Region activation function', c, [cloudWatchLogsUse(c)]);
  const logGroup = aws.logGroup(scope, 'ActivationLogs', { retention_in_days: ACTIVATION_FUNCTION.logRetentionDays, kms_key_id: key.attr('arn'), skip_destroy: true });
  const role = aws.iamRole(scope, 'ActivationRole', {
    name_prefix: `${plan.functionName.slice(0, 37)}-`,
    description: 'Runs the Region activation function of the service',
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  const policy = aws.iamRolePolicy(scope, 'ActivationRolePolicy', {
    role: role.attr('id'),
    policy: policyDocument([
      { Effect: 'Allow', Action: 'autoscaling:UpdateAutoScalingGroup', Resource: service.autoScalingGroup.getStringAttribute('arn') },
      { Effect: 'Allow', Action: ['autoscaling:DescribeAutoScalingGroups', 'elasticloadbalancing:DescribeTargetHealth'], Resource: '*' },
      {
        Effect: 'Allow',
        Action: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
          'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
        Resource: '*',
      },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: `${logGroup.attr('arn')}:*` },
    ]),
  });
  new AwsResource<LambdaFunctionArgs>(scope, 'Activation', 'aws_lambda_function', {
    function_name: plan.functionName,
    description: `Raises the fleet to ${plan.targetMinCapacity} instances and waits for as many healthy targets (ARC Region switch)`,
    role: role.attr('arn'),
    runtime: ACTIVATION_FUNCTION.runtime,
    handler: ACTIVATION_FUNCTION.handler,
    filename: zip.attr('output_path'),
    source_code_hash: zip.attr('output_base64sha256'),
    timeout: plan.timeoutSeconds,
    memory_size: ACTIVATION_FUNCTION.memoryMiB,
    vpc_config: { subnet_ids: service.privateSubnetIds, security_group_ids: [securityGroup.attr('id')] },
    logging_config: { log_format: 'Text', log_group: logGroup.attr('name') },
    environment: { variables: activationEnvironment(plan, service.autoScalingGroupName, service.targetGroupArn) },
  }, [policy]);
}

function renderCrossRegionExperiment(scope: Construct, plan: CrossRegionExperimentPlan, service: HighlyAvailableService, c: KeyPolicyContext): void {
  const role = aws.iamRole(scope, 'CrossRegionExperimentRole', {
    name_prefix: 'cross-region-fis-',
    description: 'Runs the cross-Region connectivity experiment of the service',
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'fis.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: experimentTrustConditions(c) }]),
  });
  aws.iamRolePolicy(scope, 'CrossRegionExperimentRolePolicy', {
    role: role.attr('id'),
    policy: policyDocument([
      ...crossRegionExperimentPermissions(c.partition, c.account, c.region),
      { Effect: 'Allow', Action: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], Resource: '*' },
    ]),
  });
  const subnets = [...service.publicSubnetIds, ...service.privateSubnetIds, ...service.isolatedSubnetIds];
  const split = splitFisTargets('Subnets', subnets.map((s) => `arn:${c.partition}:ec2:${c.region}:${c.account}:subnet/${s}`), plan.actions);
  new AwsResource(scope, 'CrossRegionExperiment', 'aws_fis_experiment_template', {
    description: plan.description,
    role_arn: role.attr('arn'),
    stop_condition: [{ source: EXPERIMENT_TEMPLATE.stopConditionSource, value: `arn:${c.partition}:cloudwatch:${c.region}:${c.account}:alarm:${plan.stopAlarmName}` }],
    action: split.actions.map((a) => ({
      name: a.name,
      action_id: a.actionId,
      description: `Drops traffic from the primary subnets to ${a.region}`,
      parameter: [{ key: 'duration', value: `PT${plan.durationSeconds / 60}M` }, { key: 'region', value: a.region }],
      target: { key: 'Subnets', value: a.target },
    })),
    target: split.targets.map((t) => ({ name: t.name, resource_type: 'aws:ec2:subnet', selection_mode: 'ALL', resource_arns: t.resources })),
    experiment_options: {
      account_targeting: EXPERIMENT_TEMPLATE.accountTargeting, empty_target_resolution_mode: EXPERIMENT_TEMPLATE.emptyTargetResolutionMode,
    },
    tags: { Name: plan.name },
  });
}

/**
 * The ARN of each Region's group, read in that Region by its fleet tag when Terraform plans the
 * switch configuration (hashicorp/aws 6 takes a `region` on every data source): ARC's EC2 Auto
 * Scaling block takes ARNs, which hold an id no other configuration can compute.
 */
function groupArns(scope: Construct, id: string, groups: NonNullable<SwitchStepPlan['groups']>): string[] {
  return groups.map((g) => new AwsDataSource<AutoScalingGroupsLookupArgs>(scope, `${id}Group-${g.region}`, 'aws_autoscaling_groups', {
    region: g.region,
    filter: [{ name: `tag:${FLEET_TAG}`, values: [g.fleetTag] }],
  }).getListAttribute('arns')).map((arns) => Token.asString(Fn.element(arns, 0)));
}

/** One step's block, by the step's kind: the attribute of aws_arcregionswitch_plan's step that holds it. */
function executionBlock(scope: Construct, id: string, s: SwitchStepPlan): Record<string, unknown> {
  switch (s.kind) {
    case 'scaleFleet':
      return {
        ec2_asg_capacity_increase_config: [{
          asg: groupArns(scope, id, s.groups!).map((arn) => ({ arn })),
          target_percent: s.targetPercent,
          capacity_monitoring_approach: s.capacityMonitoringApproach,
          ungraceful: [{ minimum_success_percentage: s.ungracefulMinimumSuccessPercentage }],
          timeout_minutes: s.timeoutMinutes,
        }],
      };
    case 'activateFleet':
      return {
        custom_action_lambda_config: [{
          lambda: s.functions!.map((f) => ({ arn: f.arn })),
          region_to_run: 'activatingRegion',
          retry_interval_minutes: s.retryIntervalMinutes,
          timeout_minutes: s.timeoutMinutes,
        }],
      };
    case 'globalDatabase':
      return {
        global_aurora_config: [{
          behavior: s.behavior,
          ungraceful: [{ ungraceful: s.ungraceful }],
          global_cluster_identifier: s.globalClusterIdentifier,
          database_cluster_arns: s.clusterArns,
          timeout_minutes: s.timeoutMinutes,
        }],
      };
  }
}

function renderSwitchPlan(scope: Construct, id: string, p: SwitchPlanSpec, partition: string): void {
  const role = aws.iamRole(scope, `${id}Role`, {
    name_prefix: `${p.executionRoleName.slice(0, 37)}-`,
    description: `Runs the ARC Region switch plan ${p.name}`,
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'arc-region-switch.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  const managed = p.managedPolicies.map((name, n) => aws.iamRolePolicyAttachment(scope, `${id}RoleManaged${n === 0 ? '' : n + 1}`, {
    role: role.attr('name'), policy_arn: `arn:${partition}:iam::aws:policy/${name}`,
  }));
  const policy = aws.iamRolePolicy(scope, `${id}RolePolicy`, { role: role.attr('id'), policy: policyDocument(p.permissions) });
  // ARC evaluates the plan when it is created, with the role: after the role's permissions exist.
  new AwsResource<SwitchPlanArgs>(scope, id, 'aws_arcregionswitch_plan', {
    name: p.name,
    description: p.description,
    execution_role: role.attr('arn'),
    recovery_approach: p.recoveryApproach,
    regions: p.regions,
    primary_region: p.primaryRegion,
    recovery_time_objective_minutes: p.recoveryTimeObjectiveMinutes,
    associated_alarms: p.associatedAlarms.length
      ? p.associatedAlarms.map((a) => ({ map_block_key: a.key, alarm_type: 'applicationHealth', resource_identifier: a.alarmArn }))
      : undefined,
    workflow: p.workflows.map((w) => ({
      workflow_target_action: w.action,
      workflow_description: w.description,
      step: w.steps.map((s) => ({
        name: s.name,
        description: s.description,
        execution_block_type: s.blockType,
        ...executionBlock(scope, id, s),
      })),
    })),
  }, [policy, ...managed]);
}

/** Writes the multi-Region report beside the primary's configuration, as JSON and Markdown. */
function writeReport(scope: Construct, stack: TerraformStack, plan: MultiRegionPlan): void {
  // cdktf runs the custom synthesis of the constructs in its stacks.
  addCustomSynthesis(new Construct(stack, 'MultiRegionReport'), {
    onSynthesize(session: ISynthesisSession) {
      const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      fs.writeFileSync(path.join(dir, `${plan.name}.multi-region-resilience.json`), JSON.stringify(plan.report, undefined, 2) + '\n');
      fs.writeFileSync(path.join(dir, `${plan.name}.multi-region-resilience.md`), renderMultiRegionReportMarkdown(scope.node.path, plan.report, plan.diagram));
      // Said where it went, as each Region's service says of its own report, when run in a terminal.
      if (process.stderr.isTTY && process.env.CDKTF_OUTDIR === undefined) {
        process.stderr.write(`${scope.node.path}: multi-Region resilience report and diagram in ${path.relative(process.cwd(), path.join(dir, `${plan.name}.multi-region-resilience.md`))}\n`);
      }
    },
  });
}
