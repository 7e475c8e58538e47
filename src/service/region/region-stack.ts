/**
 * Renders one Region of a multi-Region plan: its service and its part of the global layer (aws-cdk-lib).
 */
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { ACTIVATION_FUNCTION, activationEnvironment } from '../../core/region/activation';
import {
  ActivationPlan, CrossRegionExperimentPlan, GlobalClusterPlan, RegionAlarmPlan, RoutingPlan, crossRegionExperimentPermissions, splitFisTargets,
} from '../../core/region/switch';
import { EXPERIMENT_TEMPLATE, experimentTrustConditions } from '../../core/tiers/experiments';
import { HighlyAvailableService } from '../highly-available-service';
import { acknowledge } from '../private/acknowledge';
import { functionScaffold } from '../private/function-scaffold';
import { readAtDeploy } from '../private/sdk-call';
import { notifyingAlarm } from '../tiers/alarms';
import { addGlobalClusterRelease } from '../tiers/rollback-release';

/** The record and health checks of one Region. */
export interface RegionRouting {
  readonly record: route53.ARecord;
  /** The HTTPS health check of the Region's load balancer. */
  readonly endpointHealthCheck: route53.HealthCheck;
  /** The check the record carries: the endpoint's, or the calculated one that also follows the writer. */
  readonly recordHealthCheck: route53.HealthCheck;
}

/**
 * The Region's health-checked record for the service's name: an alias to its load balancer with an
 * HTTPS health check on the deep health path, failover or latency as planned. A primary record
 * that follows the writer carries a calculated check: the endpoint's AND a check on the
 * `NotGlobalWriter` alarm.
 */
export function createRegionRouting(scope: Construct, zone: route53.IHostedZone, routing: RoutingPlan, index: number, service: HighlyAvailableService,
  alarms: Record<string, cloudwatch.Alarm>): RegionRouting {
  const plan = routing.records[index];
  const hc = routing.healthCheck;
  const endpoint = new route53.HealthCheck(scope, 'EndpointHealthCheck', {
    type: route53.HealthCheckType.HTTPS,
    fqdn: service.loadBalancer.loadBalancerDnsName,
    port: hc.port,
    resourcePath: hc.path,
    requestInterval: Duration.seconds(hc.intervalSeconds),
    failureThreshold: hc.failureThreshold,
    enableSNI: hc.enableSni,
  });
  let recordCheck = endpoint;
  const writers = plan.writerChecks ?? [];
  if (writers.length > 0) {
    // One check per writer alarm; the record is healthy only while the endpoint is and none fires.
    const writerChecks = writers.map((w, n) => new route53.HealthCheck(scope, n === 0 ? 'WriterHealthCheck' : `WriterHealthCheck${w.id}`, {
      type: route53.HealthCheckType.CLOUDWATCH_METRIC,
      alarmIdentifier: { region: plan.region, name: alarms[w.id].alarmName },
      insufficientDataHealthStatus: route53.InsufficientDataHealthStatusEnum.HEALTHY,
    }));
    recordCheck = new route53.HealthCheck(scope, 'RecordHealthCheck', {
      type: route53.HealthCheckType.CALCULATED,
      childHealthChecks: [endpoint, ...writerChecks],
      healthThreshold: 1 + writerChecks.length,
    });
  }
  const record = new route53.ARecord(scope, 'Record', {
    zone,
    recordName: routing.domainName,
    target: route53.RecordTarget.fromAlias(new targets.LoadBalancerTarget(service.loadBalancer, { evaluateTargetHealth: true })),
    setIdentifier: plan.setIdentifier,
    failover: plan.failover && (plan.failover === 'PRIMARY' ? route53.Failover.PRIMARY : route53.Failover.SECONDARY),
    region: plan.latencyRegion,
    healthCheck: recordCheck,
  });
  return { record, endpointHealthCheck: endpoint, recordHealthCheck: recordCheck };
}

/** The Region's alarms of the global layer, on its cluster's metrics, notifying the Region's topic. */
export function createRegionAlarms(scope: Construct, plans: RegionAlarmPlan[], topic: import('aws-cdk-lib/aws-sns').ITopic): Record<string, cloudwatch.Alarm> {
  const action = new cwActions.SnsAction(topic);
  return Object.fromEntries(plans.map((p) => [p.id, notifyingAlarm(scope, p, new cloudwatch.Metric({
    namespace: p.namespace,
    metricName: p.metricName,
    dimensionsMap: p.dimensions,
    statistic: p.statistic,
    period: Duration.seconds(p.periodSeconds),
  }), action)]));
}

/** The Aurora global database, in the primary Region's stack; the primary cluster is created in it. */
export function createGlobalCluster(scope: Construct, plan: GlobalClusterPlan): rds.CfnGlobalCluster {
  const global = new rds.CfnGlobalCluster(scope, 'GlobalDatabase', {
    globalClusterIdentifier: plan.globalClusterIdentifier,
    engine: plan.engine,
    // The full version every member pins (a managed switchover needs them on one version).
    engineVersion: plan.engineVersion,
    storageEncrypted: plan.storageEncrypted,
    // Left to its release when the plan has one: no control requires it at create, and set in the template it would stop the rollback of a failed first create.
    deletionProtection: plan.release ? undefined : plan.deletionProtection,
  });
  return global;
}

/**
 * The address of the global writer endpoint, which "always points to the writer DB instance in the
 * current primary cluster" (RDS API reference, GlobalCluster.Endpoint), read in this Region once
 * its cluster has joined: the CloudFormation schema of AWS::RDS::GlobalCluster offers no string
 * attribute for it, and a secondary's stack cannot reference the primary's.
 */
export function readGlobalWriterEndpoint(scope: Construct, plan: GlobalClusterPlan, service: HighlyAvailableService): string {
  const stack = Stack.of(scope);
  const read = readAtDeploy(scope, 'GlobalWriterEndpoint', {
    service: 'RDS',
    action: 'describeGlobalClusters',
    parameters: { GlobalClusterIdentifier: plan.globalClusterIdentifier },
    region: stack.region,
    outputPath: 'GlobalClusters.0.Endpoint',
  }, [plan.globalClusterArn], 'reads one global database.');
  scope.node.findChild('GlobalWriterEndpoint').node.addDependency(service.database!.cluster!);
  return read;
}

/** The primary cluster is created in the global database: after it. The global cluster's release, when planned, runs on the primary service's function. */
export function joinGlobalCluster(global: rds.CfnGlobalCluster, primary: HighlyAvailableService, plan: GlobalClusterPlan): void {
  primary.database!.cluster!.node.addDependency(global);
  if (plan.release) {
    primary.rollbackReleases[plan.release.target] = addGlobalClusterRelease(Stack.of(global), primary, plan.release, global, plan.globalClusterArn);
  }
}

/**
 * The function the Region switch runs when it activates this Region: in the fleet's private
 * subnets, reaching only the AWS APIs over HTTPS, allowed to resize this fleet alone.
 */
export function createActivationFunction(scope: Construct, plan: ActivationPlan, service: HighlyAvailableService): lambda.CfnFunction {
  const group = service.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const { securityGroup, logGroup, role } = functionScaffold(scope, 'Activation', {
    vpc: service.vpc,
    title: 'Region activation function',
    logRetentionDays: ACTIVATION_FUNCTION.logRetentionDays,
    logsKeyDescription: 'Encrypts the logs of the Region activation function',
    roleDescription: 'Runs the Region activation function of the service',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['autoscaling:UpdateAutoScalingGroup'], resources: [group.attrAutoScalingGroupArn] }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['autoscaling:DescribeAutoScalingGroups', 'elasticloadbalancing:DescribeTargetHealth'], resources: ['*'],
  }));
  // What Lambda needs to attach the function to the VPC (the actions of AWSLambdaVPCAccessExecutionRole).
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    resources: ['*'],
  }));
  logGroup.grantWrite(role);
  // L1: the function names its role and log group; it must wait for the role's policy (the network
  // interface permissions), which nothing references, and only for it (no redundant DependsOn).
  const fn = new lambda.CfnFunction(scope, 'Activation', {
    functionName: plan.functionName,
    description: `Raises the fleet to ${plan.targetMinCapacity} instances and waits for as many healthy targets (ARC Region switch)`,
    runtime: ACTIVATION_FUNCTION.runtime,
    handler: ACTIVATION_FUNCTION.handler,
    code: { zipFile: ACTIVATION_FUNCTION.code },
    timeout: plan.timeoutSeconds,
    memorySize: ACTIVATION_FUNCTION.memoryMiB,
    role: role.roleArn,
    vpcConfig: {
      subnetIds: service.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      securityGroupIds: [securityGroup.securityGroupId],
    },
    loggingConfig: { logGroup: logGroup.logGroupName },
    environment: { variables: activationEnvironment(plan, service.autoScalingGroup.autoScalingGroupName, service.targetGroup.targetGroupArn) },
  });
  fn.node.addDependency(role.node.findChild('DefaultPolicy'));
  const policy = role.node.findChild('DefaultPolicy');
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
    'autoscaling:DescribeAutoScalingGroups and elasticloadbalancing:DescribeTargetHealth have no resource-level permissions, nor have '
    + 'the network-interface actions Lambda takes to attach a function to its VPC; the one action that changes the service, '
    + 'UpdateAutoScalingGroup, names this fleet.');
  return fn;
}

/**
 * The FIS experiment that drops traffic from the primary's subnets to the other Regions, stopped by
 * the primary's service-health alarm, run by a role that may change only route tables and prefix
 * lists FIS tags, and this VPC's subnets' associations.
 */
export function createCrossRegionExperiment(
  scope: Construct, plan: CrossRegionExperimentPlan, service: HighlyAvailableService,
): fis.CfnExperimentTemplate {
  const stack = Stack.of(scope);
  const subnets = [...service.vpc.publicSubnets, ...service.vpc.privateSubnets, ...service.vpc.isolatedSubnets];
  const role = new iam.Role(scope, 'CrossRegionExperimentRole', {
    description: 'Runs the cross-Region connectivity experiment of the service',
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
      conditions: experimentTrustConditions({ partition: stack.partition, account: stack.account, region: stack.region }),
    }),
  });
  // Pseudo parameters, as for the service's own experiments: the same ARN patterns in every stack.
  for (const statement of crossRegionExperimentPermissions(Aws.PARTITION, Aws.ACCOUNT_ID, Aws.REGION)) {
    role.addToPrincipalPolicy(iam.PolicyStatement.fromJson(statement));
  }
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'], resources: ['*'],
  }));
  const policy = role.node.findChild('DefaultPolicy');
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
    'Lookups FIS resolves the route tables with and log delivery set-up, which have no resource-level permissions.');
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:route-table/*]',
    'FIS creates the route tables it swaps in during the experiment; creating, changing and deleting them is limited by condition to those FIS tags managedByFIS.');
  for (const type of ['prefix-list', 'vpc', 'subnet']) {
    acknowledge(policy, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:${type}/*]`,
      'FIS creates a managed prefix list of the other Region\'s ranges and a route table in the VPC, limited by tag condition, and associates it with the targeted subnets.');
  }
  const logGroup = service.experimentLogGroup;
  const split = splitFisTargets('Subnets', subnets.map((s) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId })), plan.actions);
  const template = new fis.CfnExperimentTemplate(scope, 'CrossRegionExperiment', {
    description: plan.description,
    roleArn: role.roleArn,
    stopConditions: [{ source: EXPERIMENT_TEMPLATE.stopConditionSource, value: service.serviceHealthAlarm!.alarmArn }],
    targets: Object.fromEntries(split.targets.map((t) => [t.name, { resourceType: 'aws:ec2:subnet', resourceArns: t.resources, selectionMode: 'ALL' }])),
    actions: Object.fromEntries(split.actions.map((a) => [a.name, {
      actionId: a.actionId,
      description: `Drops traffic from the primary subnets to ${a.region}`,
      parameters: { duration: `PT${plan.durationSeconds / 60}M`, region: a.region },
      targets: { Subnets: a.target },
    }])),
    logConfiguration: logGroup && {
      logSchemaVersion: EXPERIMENT_TEMPLATE.logSchemaVersion, cloudWatchLogsConfiguration: { LogGroupArn: logGroup.logGroupArn },
    },
    experimentOptions: {
      accountTargeting: EXPERIMENT_TEMPLATE.accountTargeting, emptyTargetResolutionMode: EXPERIMENT_TEMPLATE.emptyTargetResolutionMode,
    },
    tags: { Name: plan.name },
  });
  return template;
}
