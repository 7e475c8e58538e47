import { ArnFormat, Aws, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ServiceDatabase } from './database';
import { acknowledge } from './private/acknowledge';
import { logsKey } from './private/keys';
import { ExperimentTarget, FaultInjectionPlan } from '../core/experiments';

export interface ExperimentResources {
  readonly vpc: ec2.IVpc;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly database?: ServiceDatabase;
  readonly cache?: elasticache.CfnReplicationGroup;
  /** The alarm that stops every experiment. */
  readonly stopAlarm: cloudwatch.IAlarm;
}

export interface Experiments {
  readonly templates: { [id: string]: fis.CfnExperimentTemplate };
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/** What FIS names each kind of target in an action's `targets`. */
const TARGET_KEYS: Record<ExperimentTarget, string> = {
  fleetInstance: 'Instances',
  fleet: 'AutoScalingGroups',
  subnetsInAz: 'Subnets',
  zonalShiftResources: 'ManagedResources',
  databaseCluster: 'Clusters',
  databaseInstance: 'DBInstances',
  cacheReplicationGroup: 'ReplicationGroups',
};

/**
 * The AWS FIS experiment templates of the plan, run by one role whose permissions reach only this
 * service's resources, each stopped by the service-health alarm and logged to an encrypted log group.
 */
export function createExperiments(scope: Construct, plan: FaultInjectionPlan, r: ExperimentResources): Experiments {
  const stack = Stack.of(scope);
  const group = r.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const groupArn = group.attrAutoScalingGroupArn;
  const subnets = [...r.vpc.publicSubnets, ...r.vpc.privateSubnets, ...r.vpc.isolatedSubnets]
    .filter((s) => s.availabilityZone === plan.availabilityZone);
  const cacheArn = r.cache && stack.formatArn({
    service: 'elasticache', resource: 'replicationgroup', resourceName: r.cache.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
  const subnetArns = subnets.map((s) => stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: s.subnetId }));

  const targets: Record<ExperimentTarget, () => fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty> = {
    // Instances the group launched carry its name in a tag AWS sets; FIS picks one running instance.
    fleetInstance: () => ({
      resourceType: 'aws:ec2:instance',
      resourceTags: { 'aws:autoscaling:groupName': r.autoScalingGroup.autoScalingGroupName },
      filters: [{ path: 'State.Name', values: ['running'] }],
      selectionMode: 'COUNT(1)',
    }),
    fleet: () => ({ resourceType: 'aws:ec2:autoscaling-group', resourceArns: [groupArn], selectionMode: 'ALL' }),
    subnetsInAz: () => ({ resourceType: 'aws:ec2:subnet', resourceArns: subnetArns, selectionMode: 'ALL' }),
    zonalShiftResources: () => ({
      resourceType: 'aws:arc:zonal-shift-managed-resource', resourceArns: [r.loadBalancer.loadBalancerArn, groupArn], selectionMode: 'ALL',
    }),
    databaseCluster: () => ({ resourceType: 'aws:rds:cluster', resourceArns: [r.database!.cluster!.clusterArn], selectionMode: 'ALL' }),
    databaseInstance: () => ({ resourceType: 'aws:rds:db', resourceArns: [r.database!.instance!.instanceArn], selectionMode: 'ALL' }),
    cacheReplicationGroup: () => ({ resourceType: 'aws:elasticache:replicationgroup', resourceArns: [cacheArn!], selectionMode: 'ALL' }),
  };

  const used = new Set(plan.experiments.flatMap((e) => e.actions.map((a) => a.target)));
  const role = experimentRole(scope, used, { ...r, groupArn, subnetArns, cacheArn });

  const logGroup = new logs.LogGroup(scope, 'ExperimentLogs', {
    retention: plan.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
    encryptionKey: logsKey(scope, 'ExperimentLogsKey', 'Encrypts the logs of the service\'s fault-injection experiments'),
  });

  const templates: { [id: string]: fis.CfnExperimentTemplate } = {};
  for (const e of plan.experiments) {
    const template = new fis.CfnExperimentTemplate(scope, `${e.id}Experiment`, {
      description: e.description,
      roleArn: role.roleArn,
      stopConditions: [{ source: 'aws:cloudwatch:alarm', value: r.stopAlarm.alarmArn }],
      targets: Object.fromEntries(e.actions.map((a) => [a.name, targets[a.target]()])),
      actions: Object.fromEntries(e.actions.map((a) => [a.name, {
        actionId: a.actionId,
        description: a.description,
        parameters: Object.keys(a.parameters).length ? a.parameters : undefined,
        targets: { [TARGET_KEYS[a.target]]: a.name },
      }])),
      logConfiguration: { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: logGroup.logGroupArn } },
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: e.name },
    });
    templates[e.id] = template;
    new CfnOutput(scope, `${e.id}ExperimentId`, { value: template.attrId, description: `AWS FIS experiment template: ${e.description}` });
  }
  if (subnets.length === 0 && used.has('subnetsInAz')) {
    throw new Error(`the VPC has no subnet in ${plan.availabilityZone}, the AZ the AZ-impairment experiment impairs`);
  }
  return { templates, role, logGroup };
}

interface RoleScope extends ExperimentResources {
  readonly groupArn: string;
  readonly subnetArns: string[];
  readonly cacheArn?: string;
}

/** The experiments' role: each statement names this service's resources, or FIS's own network ACLs. */
function experimentRole(scope: Construct, used: Set<ExperimentTarget>, r: RoleScope): iam.Role {
  const stack = Stack.of(scope);
  // Pseudo parameters rather than the stack's own region and account: the same ARNs (and cdk-nag
  // finding ids to acknowledge) in every stack.
  const arn = (service: string, resource: string, resourceName: string) =>
    `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}/${resourceName}`;
  const role = new iam.Role(scope, 'ExperimentRole', {
    description: 'Runs the service\'s AWS FIS experiments',
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' }) },
      },
    }),
  });
  const allow = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }));
  const policy = () => role.node.findChild('DefaultPolicy');
  const lookups = ['tag:GetResources'];

  if (used.has('fleetInstance')) {
    allow(['ec2:TerminateInstances'], [arn('ec2', 'instance', '*')],
      { StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': r.autoScalingGroup.autoScalingGroupName } });
    acknowledge(policy(), 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
      'The fleet\'s instances come and go; the statement is limited to the instances tagged with this service\'s Auto Scaling group.');
    lookups.push('ec2:DescribeInstances');
  }
  if (used.has('fleet')) {
    allow(['ec2:InjectApiError'], ['*'], {
      'StringEquals': { 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' },
      'ForAllValues:ArnEquals': { 'ec2:FisTargetArns': [r.groupArn] },
    });
    lookups.push('autoscaling:DescribeAutoScalingGroups');
  }
  if (used.has('subnetsInAz')) {
    // FIS clones a subnet's network ACL, denies all in the clone and swaps it in; it tags what it creates.
    const acls = arn('ec2', 'network-acl', '*');
    const vpc = arn('ec2', 'vpc', r.vpc.vpcId);
    const fisMade = { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } };
    allow(['ec2:CreateNetworkAcl'], [acls], fisMade);
    allow(['ec2:CreateNetworkAcl'], [vpc]);
    allow(['ec2:CreateTags'], [acls], { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', 'aws:RequestTag/managedByFIS': 'true' } });
    allow(['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], [acls, vpc], { StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } });
    allow(['ec2:ReplaceNetworkAclAssociation'], [...r.subnetArns, acls]);
    acknowledge(policy(), 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-acl/*]',
      'FIS creates the network ACL it swaps in during the experiment, and the subnets\' own ACLs are not known here; ' +
      'creating, changing and deleting ACLs is limited to those FIS tagged, and swapping them to this service\'s subnets in the impaired AZ.');
    lookups.push('ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeNetworkAcls', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries');
  }
  if (used.has('zonalShiftResources')) {
    allow(['arc-zonal-shift:StartZonalShift', 'arc-zonal-shift:GetManagedResource'], ['*'],
      { StringEquals: { 'arc-zonal-shift:ResourceIdentifier': [r.loadBalancer.loadBalancerArn, r.groupArn] } });
    // A shift is updated and cancelled by its id, which exists only once FIS has started it.
    lookups.push('arc-zonal-shift:UpdateZonalShift', 'arc-zonal-shift:CancelZonalShift', 'arc-zonal-shift:ListManagedResources', 'autoscaling:DescribeTags');
  }
  if (used.has('databaseCluster')) {
    allow(['rds:FailoverDBCluster'], [r.database!.cluster!.clusterArn]);
    lookups.push('rds:DescribeDBClusters');
  }
  if (used.has('cacheReplicationGroup')) {
    allow(['elasticache:InterruptClusterAzPower'], [r.cacheArn!]);
    lookups.push('elasticache:DescribeReplicationGroups');
  }
  if (used.has('databaseInstance')) {
    allow(['rds:RebootDBInstance'], [r.database!.instance!.instanceArn]);
    lookups.push('rds:DescribeDBInstances');
  }
  // Vended log delivery to the experiments' log group.
  lookups.push('logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups');
  allow(lookups, ['*']);
  acknowledge(policy(), 'AwsSolutions-IAM5[Resource::*]',
    'Only actions without resource-level permissions: lookups FIS resolves targets with, log delivery set-up, ' +
    'ec2:InjectApiError limited by condition to this service\'s group, zonal shifts limited by condition to its load balancer and group, ' +
    'and updating or cancelling the shift FIS started.');
  return role;
}
