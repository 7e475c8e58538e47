/**
 * Renders the release on rollback (aws-cdk-lib): one function, and one custom resource per
 * protected resource that depends only on it; each protected resource depends on the function.
 */
import { Aws, CfnResource, CustomResource, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ServiceDatabase } from './database';
import { RELEASE_RESOURCE_TYPE, ROLLBACK_RELEASE_FUNCTION, ReleaseTarget, RollbackRelease, RollbackReleasePlan } from '../../core/tiers/rollback-release';
import { acknowledge } from '../private/acknowledge';
import { functionScaffold } from '../private/function-scaffold';

/** The resources a release may act on. */
export interface RollbackReleaseTargets {
  readonly vpc: ec2.IVpc;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly database?: ServiceDatabase;
}

/** The part of an L1's TagManager a release uses. */
interface TagSetter {
  setTag(key: string, value: string, priority?: number, applyToLaunchedInstances?: boolean): void;
}

/** How each kind of target is named: its L1, the value its release is given, the action and ARN pattern its permission names. */
interface TargetBinding {
  readonly resource: CfnResource & { readonly tags: TagSetter };
  readonly name: string;
  readonly action: string;
  readonly arnPattern: string;
  /**
   * The condition key that reads the resource's tag: aws:ResourceTag for Elastic Load Balancing
   * (the AWS Load Balancer Controller's own policy conditions ModifyLoadBalancerAttributes on it,
   * aws-cdk-lib aws-eks alb-iam_policy) and Auto Scaling; RDS's own rds:cluster-tag and rds:db-tag
   * (RDS User Guide, "Policy condition keys for Amazon RDS").
   */
  readonly tagCondition: (key: string) => string;
}

const RELEASE_IDS: Record<ReleaseTarget, string> = {
  loadBalancer: 'LoadBalancer',
  databaseCluster: 'DatabaseCluster',
  databaseInstance: 'DatabaseInstance',
  autoScalingGroup: 'AutoScalingGroup',
  globalCluster: 'GlobalCluster',
};

/** An ARN pattern in pseudo parameters: the same text in every stack (and in the acknowledgement). */
const arn = (service: string, resource: string) => `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
const NAG_ARN = (pattern: string) => pattern.replace(Aws.PARTITION, '<AWS::Partition>').replace(Aws.REGION, '<AWS::Region>').replace(Aws.ACCOUNT_ID, '<AWS::AccountId>');

function bind(target: Exclude<ReleaseTarget, 'globalCluster'>, t: RollbackReleaseTargets): TargetBinding {
  switch (target) {
    case 'loadBalancer':
      return {
        resource: t.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer,
        name: t.loadBalancer.loadBalancerArn,
        action: 'elasticloadbalancing:ModifyLoadBalancerAttributes',
        arnPattern: arn('elasticloadbalancing', 'loadbalancer/app/*'),
        tagCondition: (key) => `aws:ResourceTag/${key}`,
      };
    case 'databaseCluster':
      return {
        resource: t.database!.cluster!.node.defaultChild as CfnResource as TargetBinding['resource'],
        name: t.database!.cluster!.clusterIdentifier,
        action: 'rds:ModifyDBCluster',
        arnPattern: arn('rds', 'cluster:*'),
        tagCondition: (key) => `rds:cluster-tag/${key}`,
      };
    case 'databaseInstance':
      return {
        resource: t.database!.instance!.node.defaultChild as CfnResource as TargetBinding['resource'],
        name: t.database!.instance!.instanceIdentifier,
        action: 'rds:ModifyDBInstance',
        arnPattern: arn('rds', 'db:*'),
        tagCondition: (key) => `rds:db-tag/${key}`,
      };
    case 'autoScalingGroup':
      return {
        resource: t.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup,
        name: t.autoScalingGroup.autoScalingGroupName,
        action: 'autoscaling:UpdateAutoScalingGroup',
        arnPattern: arn('autoscaling', 'autoScalingGroup:*:autoScalingGroupName/*'),
        tagCondition: (key) => `aws:ResourceTag/${key}`,
      };
  }
}

/**
 * The function (in the VPC's private subnets, as Control Tower CT.LAMBDA.PR.3 asks, reaching the
 * AWS APIs through the NAT gateways), its role, and one release per planned target.
 *
 * The role names each resource by the tag it carries (its stack's id and its logical id), not by
 * its ARN: a policy with the ARN would depend on the resource, and the function on the policy, so
 * the function would exist only after the resources it must release; whatever failed in between
 * would leave them protected. Each protected resource depends on the function instead, so the
 * function, its permissions and its route out exist before any of them, and are deleted after them.
 */
export function createRollbackRelease(scope: Construct, plan: RollbackReleasePlan, t: RollbackReleaseTargets): Record<string, CustomResource> {
  const stack = Stack.of(scope);
  const subnets = t.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  const { securityGroup, logGroup, role } = functionScaffold(scope, 'RollbackRelease', {
    vpc: t.vpc,
    title: 'Release on rollback function',
    logRetentionDays: ROLLBACK_RELEASE_FUNCTION.logRetentionDays,
    logsKeyDescription: 'Encrypts the logs of the release on rollback function',
    roleDescription: 'Turns the service\'s deletion protection off when its failed first create rolls back',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['cloudformation:DescribeStacks'], resources: [stack.stackId] }));
  // The global cluster's release is the MultiRegionService's to add (addGlobalClusterRelease).
  const bindings = plan.releases.flatMap((r) => (r.target === 'globalCluster' ? [] : [{ release: r, binding: bind(r.target, t) }]));
  for (const { binding } of bindings) {
    const tagValue = Fn.join('/', [stack.stackId, stack.getLogicalId(binding.resource)]);
    // Not on the instances the group launches: the tag names the group.
    binding.resource.tags.setTag(plan.tagKey, tagValue, 100, false);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: [binding.action],
      resources: [binding.arnPattern],
      conditions: { StringEquals: { [binding.tagCondition(plan.tagKey)]: tagValue } },
    }));
  }
  // What Lambda needs to attach the function to the VPC (the actions of AWSLambdaVPCAccessExecutionRole).
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
      'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
    resources: ['*'],
  }));
  logGroup.grantWrite(role);
  const policy = role.node.findChild('DefaultPolicy');
  const fn = new lambda.CfnFunction(scope, 'RollbackRelease', {
    description: 'Turns a deletion protection of the service off only while its failed first create rolls back (stack ROLLBACK_IN_PROGRESS)',
    runtime: ROLLBACK_RELEASE_FUNCTION.runtime,
    handler: ROLLBACK_RELEASE_FUNCTION.handler,
    code: { zipFile: ROLLBACK_RELEASE_FUNCTION.code },
    timeout: ROLLBACK_RELEASE_FUNCTION.timeoutSeconds,
    memorySize: ROLLBACK_RELEASE_FUNCTION.memoryMiB,
    role: role.roleArn,
    vpcConfig: { subnetIds: subnets.subnetIds, securityGroupIds: [securityGroup.securityGroupId] },
    loggingConfig: { logGroup: logGroup.logGroupName },
  });
  // Its permissions and its route to the AWS APIs exist before it, and so are deleted after every release.
  fn.node.addDependency(policy, subnets.internetConnectivityEstablished);
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
    'The network-interface actions Lambda takes to attach a function to its VPC have no resource-level permissions; each action that '
    + 'changes the service names its one resource by the tag only that resource carries.');
  for (const { binding } of bindings) {
    acknowledge(policy, `AwsSolutions-IAM5[Resource::${NAG_ARN(binding.arnPattern)}]`,
      `${binding.action} is limited by condition to the one resource tagged with this stack's id and its logical id: naming its ARN would make the `
      + 'release function wait for the resource, so a failure before the function existed would leave the resource protected.');
  }
  acknowledge(fn, 'AwsSolutions-L1',
    `${ROLLBACK_RELEASE_FUNCTION.runtime} is the newest Python runtime Lambda accepts (the Runtime enum of its API model, botocore 1.43.11); `
    + 'aws-cdk-lib already names python3.15, which Lambda does not accept yet.');
  const releases: Record<string, CustomResource> = {};
  for (const { release, binding } of bindings) {
    // The protected resource waits for the function: the release can be made, and run, whatever fails after it.
    if (release.sets === undefined) binding.resource.node.addDependency(fn);
    releases[release.target] = new CustomResource(scope, `RollbackRelease${RELEASE_IDS[release.target]}`, {
      serviceToken: fn.attrArn,
      serviceTimeout: Duration.seconds(ROLLBACK_RELEASE_FUNCTION.serviceTimeoutSeconds),
      resourceType: RELEASE_RESOURCE_TYPE,
      properties: { Target: release.target, Resource: binding.name, ...(release.sets ? { DeletionProtection: release.sets } : {}) },
    });
  }
  return releases;
}

/**
 * The release of a MultiRegionService's global database, in the primary Region's stack, run by that
 * Region's service's release function: it sets the global cluster's protection once the cluster
 * exists (the template leaves it out) and turns it off only in a failed first create's rollback.
 * The role names the global cluster by its ARN, which its fixed identifier makes known at synth
 * (no dependency on it).
 */
export function addGlobalClusterRelease(
  scope: Construct, service: Construct, release: RollbackRelease, global: CfnResource & { readonly ref: string }, globalClusterArn: string,
): CustomResource {
  const fn = service.node.findChild('RollbackRelease') as lambda.CfnFunction;
  const role = service.node.findChild('RollbackReleaseRole') as iam.Role;
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['rds:ModifyGlobalCluster'], resources: [globalClusterArn] }));
  return new CustomResource(scope, `RollbackRelease${RELEASE_IDS[release.target]}`, {
    serviceToken: fn.attrArn,
    serviceTimeout: Duration.seconds(ROLLBACK_RELEASE_FUNCTION.serviceTimeoutSeconds),
    resourceType: RELEASE_RESOURCE_TYPE,
    properties: { Target: release.target, Resource: global.ref, DeletionProtection: release.sets },
  });
}
