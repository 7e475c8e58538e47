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
import { EXPERIMENT_TARGETS, ExperimentPermission, ExperimentTarget, FaultInjectionPlan, ResourceRef } from '../core/experiments';

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
  if (subnets.length === 0 && plan.experiments.some((e) => e.actions.some((a) => a.target === 'subnetsInAz'))) {
    throw new Error(`the VPC has no subnet in ${plan.availabilityZone}, the AZ the AZ-impairment experiment impairs`);
  }

  // Pseudo parameters rather than the stack's own region and account: the same ARN patterns (and
  // cdk-nag finding ids to acknowledge) in every stack.
  const pattern = (resource: string) => `arn:${Aws.PARTITION}:ec2:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}/*`;
  const refs: Record<ResourceRef, () => string[]> = {
    any: () => ['*'],
    anyInstance: () => [pattern('instance')],
    anyNetworkAcl: () => [pattern('network-acl')],
    vpc: () => [stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: r.vpc.vpcId })],
    subnetsInAz: () => subnetArns,
    fleetName: () => [r.autoScalingGroup.autoScalingGroupName],
    fleet: () => [groupArn],
    loadBalancer: () => [r.loadBalancer.loadBalancerArn],
    databaseCluster: () => [r.database!.cluster!.clusterArn],
    databaseInstance: () => [r.database!.instance!.instanceArn],
    cacheReplicationGroup: () => [cacheArn!],
  };
  const role = experimentRole(scope, plan.permissions, refs);
  const target = (kind: ExperimentTarget): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty => {
    const spec = EXPERIMENT_TARGETS[kind];
    return {
      resourceType: spec.resourceType,
      resourceArns: spec.resources?.flatMap((ref) => refs[ref]()),
      resourceTags: spec.resourceTags && Object.fromEntries(Object.entries(spec.resourceTags).map(([key, ref]) => [key, refs[ref]()[0]])),
      filters: spec.filters,
      selectionMode: spec.selectionMode,
    };
  };

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
      targets: Object.fromEntries(e.actions.map((a) => [a.name, target(a.target)])),
      actions: Object.fromEntries(e.actions.map((a) => [a.name, {
        actionId: a.actionId,
        description: a.description,
        parameters: Object.keys(a.parameters).length ? a.parameters : undefined,
        targets: { [EXPERIMENT_TARGETS[a.target].key]: a.name },
      }])),
      logConfiguration: { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: logGroup.logGroupArn } },
      experimentOptions: { accountTargeting: 'single-account', emptyTargetResolutionMode: 'fail' },
      tags: { Name: e.name },
    });
    templates[e.id] = template;
    new CfnOutput(scope, `${e.id}ExperimentId`, { value: template.attrId, description: `AWS FIS experiment template: ${e.description}` });
  }
  return { templates, role, logGroup };
}

/** The experiments' role: the plan's statements, with this service's resources written in. */
function experimentRole(scope: Construct, permissions: ExperimentPermission[], refs: Record<ResourceRef, () => string[]>): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'ExperimentRole', {
    description: 'Runs the service\'s AWS FIS experiments',
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' }) },
      },
    }),
  });
  for (const p of permissions) {
    const conditions: Record<string, Record<string, string | string[]>> = {};
    for (const c of p.conditions ?? []) {
      const values = c.values.flatMap((value) => (typeof value === 'string' ? [value] : refs[value.ref]()));
      conditions[c.operator] = { ...conditions[c.operator], [c.key]: values.length === 1 && !c.operator.startsWith('ForAllValues') ? values[0] : values };
    }
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: p.actions,
      resources: p.resources.flatMap((resource) => refs[resource]()),
      conditions: p.conditions ? conditions : undefined,
    }));
  }
  const policy = role.node.findChild('DefaultPolicy');
  const uses = (resource: ResourceRef) => permissions.some((p) => p.resources.includes(resource));
  if (uses('anyInstance')) {
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:instance/*]',
      'The fleet\'s instances come and go; the statement is limited to the instances tagged with this service\'s Auto Scaling group.');
  }
  if (uses('anyNetworkAcl')) {
    acknowledge(policy, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>:network-acl/*]',
      'FIS creates the network ACL it swaps in during the experiment, and the subnets\' own ACLs are not known here; ' +
      'creating, changing and deleting ACLs is limited to those FIS tagged, and swapping them to this service\'s subnets in the impaired AZ.');
  }
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
    'Only actions without resource-level permissions: lookups FIS resolves targets with, log delivery set-up, ' +
    'ec2:InjectApiError limited by condition to this service\'s group, zonal shifts limited by condition to its load balancer and group, ' +
    'and updating or cancelling the shift FIS started.');
  return role;
}
