/**
 * MultiRegionService, the CloudFormation flavor: its props, and the stacks it makes from the core's
 * multi-Region plan (one per Region and the switch stack).
 */
import * as fs from 'fs';
import * as path from 'path';
import { Annotations, CfnOutput, Duration, ISynthesisSession, Lazy, Names, Stack, Stage, Token, attachCustomSynthesis } from 'aws-cdk-lib';
import * as arcregionswitch from 'aws-cdk-lib/aws-arcregionswitch';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';
import { HighlyAvailableService, HighlyAvailableServiceProps, announce, serviceEnvironmentIn, toOptions } from '../highly-available-service';
import {
  RegionRouting, createActivationFunction, createCrossRegionExperiment, createGlobalCluster, createRegionAlarms, createRegionRouting,
  joinGlobalCluster, readGlobalWriterEndpoint,
} from './region-stack';
import { MultiRegionPlan, RegionMode, planMultiRegion, regionStackName, stackBaseName } from '../../core/region/plan';
import { MultiRegionReport, renderMultiRegionReportMarkdown } from '../../core/region/report';
import { SwitchPlanSpec, SwitchStepPlan } from '../../core/region/switch';
import { FLEET_TAG } from '../../core/tiers/user-data';
import { acknowledge } from '../private/acknowledge';
import { readAtDeploy } from '../private/sdk-call';

/** Properties of a {@link MultiRegionService}. */
export interface MultiRegionServiceProps {
  /**
   * The Regions, the primary first: it holds the database writer (and, in the standby modes, the
   * traffic). At least 2; exactly 2 in the standby modes.
   */
  readonly regions: string[];
  /** The account every Region's stack deploys to (the Regions name each other's resources by ARN). */
  readonly account: string;
  /**
   * How the Regions share the traffic and what each must carry when one is lost.
   * @default RegionMode.WARM_STANDBY
   */
  readonly mode?: RegionMode;
  /**
   * Warm standby only: the share of the peak the standby carries before the switch (statically
   * stable for an AZ loss), in (0, 1). The switch raises it to the full peak.
   * @default 0.5
   */
  readonly standbyShare?: number;
  /**
   * The recovery time objective: the plan must recover from the loss of a Region within it
   * (whole minutes, 1 minute to 7 days). It is also the ARC Region switch plan's objective.
   * @default Duration.minutes(15)
   */
  readonly recoveryTimeObjective?: Duration;
  /** The name clients use. Each Region's load balancer serves it over HTTPS with its own certificate. */
  readonly domainName: string;
  /** The public hosted zone holding `domainName` (its records and the certificates' validation). */
  readonly hostedZoneId: string;
  /** The hosted zone's name. */
  readonly hostedZoneName: string;
  /**
   * Time between two Route 53 health checks of a Region: 10 or 30 seconds.
   * @default Duration.seconds(10)
   */
  readonly healthCheckInterval?: Duration;
  /**
   * Consecutive failed Route 53 health checks before a Region is unhealthy, 1-10.
   * @default 3
   */
  readonly healthCheckFailureThreshold?: number;
  /**
   * Whether the clusters forward writes to the writer's Region while they are secondaries: set
   * on every cluster, the primary's included (it takes effect when a switch demotes it), with
   * session read consistency in every parameter group. In RegionMode.ACTIVE_ACTIVE each cluster's
   * readers also forward to their own writer, so every Region writes through its reader endpoint.
   * @default - true in RegionMode.ACTIVE_ACTIVE, false in the standby modes
   */
  readonly writeForwarding?: boolean;
  /**
   * Whether the primary gets an AWS FIS experiment that cuts its subnets off from the other Regions.
   * @default - as `service.faultInjection`
   */
  readonly crossRegionFaultInjection?: boolean;
  /**
   * The service every Region runs, as for {@link HighlyAvailableService}. Its capacity is what the
   * whole service needs at its peak: each Region is sized from it for its mode. Props that name a
   * resource of one Region (vpc, certificate, hostedZone, alarmTopic, accessLogsBucket, webAclArn)
   * cannot be given.
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
  recoveryTimeObjective: true,
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
 * The same service in two or more Regions, kept serving when one Region is lost: one stack per
 * Region (each a {@link HighlyAvailableService} sized for its mode), an Aurora global database,
 * health-checked Route 53 records, and a stack with the ARC Region switch plans. The stacks name
 * each other's resources by computed names and ARNs: no cross-Region reference, no custom resource.
 *
 * Create it at the root of an app (its stacks are its children).
 */
export class MultiRegionService extends Construct {
  /** Each Region's stack, by Region. */
  public readonly stacks: { [region: string]: Stack };
  /** Each Region's service, by Region. */
  public readonly services: { [region: string]: HighlyAvailableService };
  /** The stack of the Region switch plans (in the primary Region), when there are plans. */
  public readonly switchStack?: Stack;
  /** The ARC Region switch plans (one per pair of Regions). */
  public readonly switchPlans: arcregionswitch.CfnPlan[];
  /** The Aurora global database, with a database. */
  public readonly globalCluster?: rds.CfnGlobalCluster;
  /** Each Region's record for the service's name, by Region. */
  public readonly records: { [region: string]: route53.ARecord };
  /** Each Region's HTTPS health check of its load balancer, by Region. */
  public readonly healthChecks: { [region: string]: route53.HealthCheck };
  /** Each Region's activation function (the Region switch's first step), by Region. */
  public readonly activationFunctions: { [region: string]: lambda.CfnFunction };
  /** The alarms of the global layer, by Region, then by id (`GlobalReplicationLag`, `NotGlobalWriter`). */
  public readonly regionAlarms: { [region: string]: { [alarmId: string]: cloudwatch.Alarm } };
  /** The cross-Region connectivity experiment of the primary, if any. */
  public readonly crossRegionExperiment?: fis.CfnExperimentTemplate;
  /** The primary Region. */
  public readonly primaryRegion: string;
  /** The figures for the loss of a Region, per Region and for the whole (also written into the cloud assembly). */
  public readonly resilienceReport: MultiRegionReport;

  constructor(scope: Construct, id: string, props: MultiRegionServiceProps) {
    super(scope, id);
    const name = stackBaseName(id);
    const serviceProps = props.service ?? {};
    this.stacks = {};
    // A Region's stack is created when the plan first asks for its AZs, after the Region list is checked.
    const stackFor = (region: string): Stack => {
      this.stacks[region] ??= new Stack(this, region, { stackName: regionStackName(name, region), env: { account: props.account, region } });
      return this.stacks[region];
    };
    const plan = planMultiRegion({
      regions: props.regions,
      account: props.account,
      mode: props.mode,
      standbyShare: props.standbyShare,
      recoveryTimeObjectiveMinutes: props.recoveryTimeObjective?.toMinutes({ integral: false }),
      domainName: props.domainName,
      hostedZoneId: props.hostedZoneId,
      hostedZoneName: props.hostedZoneName,
      healthCheckIntervalSeconds: props.healthCheckInterval?.toSeconds({ integral: false }),
      healthCheckFailureThreshold: props.healthCheckFailureThreshold,
      writeForwarding: props.writeForwarding,
      crossRegionFaultInjection: props.crossRegionFaultInjection,
      service: toOptions(serviceProps),
      propKeys: { given: Object.keys(props), known: Object.keys(KNOWN_PROPS) },
      regionalServiceProps: serviceProps.vpc !== undefined ? ['vpc'] : [],
    }, {
      path: this.node.path,
      name,
      serviceId: SERVICE_ID,
      serviceEnvironment: (region) => serviceEnvironmentIn(stackFor(region), [SERVICE_ID]),
      isUnresolved: (value) => Token.isUnresolved(value),
    });
    this.primaryRegion = plan.primaryRegion;

    this.services = {};
    this.records = {};
    this.healthChecks = {};
    this.activationFunctions = {};
    this.regionAlarms = {};
    let globalCluster: rds.CfnGlobalCluster | undefined;
    plan.regions.forEach((r, i) => {
      const stack = stackFor(r.region);
      if (i > 0) stack.addStackDependency(stackFor(plan.primaryRegion), 'the secondary cluster joins the global database the primary stack creates');
      const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: plan.routing.hostedZoneId, zoneName: plan.routing.hostedZoneName });
      const certificate = new acm.Certificate(stack, 'Certificate', { domainName: plan.routing.domainName, validation: acm.CertificateValidation.fromDns(zone) });
      const o = r.serviceOptions;
      // The primary's stack creates the global database first: its writer endpoint goes into the secret.
      const global = i === 0 && plan.globalCluster ? createGlobalCluster(stack, plan.globalCluster) : undefined;
      if (global) globalCluster = global;
      // The global writer endpoint's address, read in this Region once its cluster is in the
      // global database (below): the instances' DATABASE_HOST in the standby modes.
      let writerEndpoint: string | undefined;
      const writerEndpointAddress = Lazy.string({ produce: () => writerEndpoint });
      const service = new HighlyAvailableService(stack, SERVICE_ID, {
        ...serviceProps,
        domainName: o.domainName,
        certificate,
        hostedZone: undefined,
        capacity: o.capacity,
        minCapacity: o.minCapacity,
        maxCapacity: o.maxCapacity,
        globalDatabase: o.globalDatabase && { ...o.globalDatabase, writerEndpointAddress },
        probeRecords: o.probeRecords,
      });
      if (global) joinGlobalCluster(global, service, plan.globalCluster!);
      if (plan.globalCluster) writerEndpoint = readGlobalWriterEndpoint(stack, plan.globalCluster, service);
      this.services[r.region] = service;
      const alarms = createRegionAlarms(stack, r.alarms, service.alarmTopic);
      this.regionAlarms[r.region] = alarms;
      const routing: RegionRouting = createRegionRouting(stack, zone, plan.routing, i, service, alarms);
      this.records[r.region] = routing.record;
      this.healthChecks[r.region] = routing.endpointHealthCheck;
      if (r.activation) this.activationFunctions[r.region] = createActivationFunction(stack, r.activation, service);
      for (const w of plan.warnings) Annotations.of(stack).addWarningV2(w.id, w.message);
    });
    this.globalCluster = globalCluster;
    const primary = this.services[plan.primaryRegion];
    const primaryStack = stackFor(plan.primaryRegion);
    if (plan.experiment) this.crossRegionExperiment = createCrossRegionExperiment(primaryStack, plan.experiment, primary);

    this.switchPlans = [];
    if (plan.switchPlans.length > 0) {
      const switchStack = new Stack(this, 'switch', { stackName: plan.switchStackName, env: { account: props.account, region: plan.primaryRegion } });
      for (const stack of Object.values(this.stacks)) switchStack.addStackDependency(stack, 'the switch plans name every Region\'s function, cluster and alarm');
      this.switchStack = switchStack;
      plan.switchPlans.forEach((p, i) => this.switchPlans.push(createSwitchPlan(switchStack, plan.switchPlans.length === 1 ? 'Switch' : `Switch${i + 1}`, p)));
    }
    this.resilienceReport = plan.report;
    writeReport(this, plan, this.stacks[plan.primaryRegion]);
  }
}

/** The id of the service construct in each Region's stack. */
const SERVICE_ID = 'Service';

/**
 * The ARN of each Region's group, read in that Region by its fleet tag when the switch stack
 * deploys: ARC's EC2 Auto Scaling block takes ARNs, which hold an id no other Region's template can
 * compute (a cross-Region read needs a custom resource; the Lambda it runs is aws-cdk-lib's).
 */
function groupArns(scope: Construct, id: string, groups: NonNullable<SwitchStepPlan['groups']>): string[] {
  return groups.map((g) => readAtDeploy(scope, `${id}Group-${g.region}`, {
    service: 'AutoScaling',
    action: 'describeAutoScalingGroups',
    parameters: { Filters: [{ Name: `tag:${FLEET_TAG}`, Values: [g.fleetTag] }] },
    region: g.region,
    outputPath: 'AutoScalingGroups.0.AutoScalingGroupARN',
  }, ['*'], 'has no resource-level permission.'));
}

/** One ARC execution block's configuration, by the step's kind. */
function executionBlock(scope: Construct, id: string, s: SwitchStepPlan): arcregionswitch.CfnPlan.ExecutionBlockConfigurationProperty {
  switch (s.kind) {
    case 'scaleFleet':
      return {
        ec2AsgCapacityIncreaseConfig: {
          asgs: groupArns(scope, id, s.groups!).map((arn) => ({ arn })),
          targetPercent: s.targetPercent,
          capacityMonitoringApproach: s.capacityMonitoringApproach,
          ungraceful: { minimumSuccessPercentage: s.ungracefulMinimumSuccessPercentage! },
          timeoutMinutes: s.timeoutMinutes,
        },
      };
    case 'activateFleet':
      return {
        customActionLambdaConfig: {
          lambdas: s.functions!.map((f) => ({ arn: f.arn })),
          regionToRun: 'activatingRegion',
          retryIntervalMinutes: s.retryIntervalMinutes!,
          timeoutMinutes: s.timeoutMinutes,
        },
      };
    case 'globalDatabase':
      return {
        globalAuroraConfig: {
          behavior: s.behavior!,
          ungraceful: { ungraceful: s.ungraceful! },
          globalClusterIdentifier: s.globalClusterIdentifier!,
          databaseClusterArns: s.clusterArns!,
          timeoutMinutes: s.timeoutMinutes,
        },
      };
  }
}

/** One ARC Region switch plan with its execution role. */
function createSwitchPlan(scope: Construct, id: string, p: SwitchPlanSpec): arcregionswitch.CfnPlan {
  const role = new iam.Role(scope, `${id}Role`, {
    roleName: p.executionRoleName,
    description: `Runs the ARC Region switch plan ${p.name}`,
    assumedBy: new iam.ServicePrincipal('arc-region-switch.amazonaws.com'),
    managedPolicies: p.managedPolicies.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
  });
  for (const name of p.managedPolicies) {
    acknowledge(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${name}]`,
      'The policy AWS maintains for a Region switch plan\'s execution role (plan reads, plan evaluation, DescribeAlarms on *, which composite alarms need); copying it inline would freeze it.');
  }
  for (const statement of p.permissions) role.addToPrincipalPolicy(iam.PolicyStatement.fromJson(statement));
  const policy = role.node.findChild('DefaultPolicy');
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
    'rds:DescribeGlobalClusters, rds:DescribeDBClusters and autoscaling:DescribeAutoScalingGroups are granted on * as in AWS\'s sample policies for the Aurora and EC2 Auto Scaling blocks (DescribeAutoScalingGroups has no resource-level permission).');
  for (const statement of p.permissions.filter((x) => x.Action === 'autoscaling:UpdateAutoScalingGroup')) {
    for (const arn of [statement.Resource].flat()) {
      acknowledge(policy, `AwsSolutions-IAM5[Resource::${arn}]`,
        'UpdateAutoScalingGroup is limited by condition to the groups that carry the service\'s fleet tag; their names and ids are not known to this stack.');
    }
  }
  const plan = new arcregionswitch.CfnPlan(scope, id, {
    name: p.name,
    description: p.description,
    executionRole: role.roleArn,
    recoveryApproach: p.recoveryApproach,
    regions: p.regions,
    primaryRegion: p.primaryRegion,
    recoveryTimeObjectiveMinutes: p.recoveryTimeObjectiveMinutes,
    associatedAlarms: p.associatedAlarms.length
      ? Object.fromEntries(p.associatedAlarms.map((a) => [a.key, { alarmType: 'applicationHealth', resourceIdentifier: a.alarmArn }]))
      : undefined,
    workflows: p.workflows.map((w) => ({
      workflowTargetAction: w.action,
      workflowDescription: w.description,
      steps: w.steps.map((s) => ({
        name: s.name,
        description: s.description,
        executionBlockType: s.blockType,
        executionBlockConfiguration: executionBlock(scope, id, s),
      })),
    })),
  });
  // ARC evaluates the plan when it is created, with the role: after the role's permissions exist.
  plan.node.addDependency(policy);
  new CfnOutput(scope, `${id}PlanArn`, { value: plan.attrArn, description: `ARC Region switch plan ${p.name} (${p.regions.join(', ')})` });
  return plan;
}

/** Writes the multi-Region report into the cloud assembly, as JSON and Markdown. */
function writeReport(scope: Construct, plan: MultiRegionPlan, primary: Stack): void {
  const name = `${Names.uniqueId(scope)}.multi-region-resilience`;
  // Said at synth, on the primary Region's stack (`cdk synth` prints a stack's info messages).
  const outdir = Stage.of(scope)?.outdir;
  if (outdir !== undefined) {
    announce(primary, `Multi-Region resilience report and diagram: ${path.relative(process.cwd(), path.join(outdir, `${name}.md`))} (and ${name}.json beside it)`);
  }
  attachCustomSynthesis(scope, {
    onSynthesize(session: ISynthesisSession) {
      fs.writeFileSync(path.join(session.outdir, `${name}.json`), JSON.stringify(plan.report, undefined, 2) + '\n');
      fs.writeFileSync(path.join(session.outdir, `${name}.md`), renderMultiRegionReportMarkdown(scope.node.path, plan.report, plan.diagram));
    },
  });
}
