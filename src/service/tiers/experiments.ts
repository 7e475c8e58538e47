/**
 * Renders the fault injection tier's AWS FIS experiment templates, their role and log group (aws-cdk-lib).
 */
import { ArnFormat, Aws, CfnOutput, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { ServiceDatabase } from './database';
import {
  actionParameters, EXPERIMENT_TARGETS, EXPERIMENT_TEMPLATE, ExperimentActionPlan, ExperimentPermission, experimentStatements,
  experimentTrustConditions, FaultInjectionPlan, patternRefs, resolveExperimentTarget, ResourceRef,
} from '../../core/tiers/experiments';
import { acknowledge } from '../private/acknowledge';
import { logsKey } from '../private/keys';

export interface ExperimentResources {
  readonly vpc: ec2.IVpc;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly database?: ServiceDatabase;
  readonly cache?: elasticache.CfnReplicationGroup;
  /** The value of the cache's tag by which FIS finds it (the plan's `cache.tags`). */
  readonly cacheTagValue?: string;
  /** The alarm that stops every experiment. */
  readonly stopAlarm: cloudwatch.IAlarm;
}

export interface Experiments {
  readonly templates: { [id: string]: fis.CfnExperimentTemplate };
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
  /** The Command document the gray-failure experiment runs, with it. */
  readonly latencyDocument?: ssm.CfnDocument;
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

  // The gray-failure experiment's own document. A new version on a change of content: a document
  // with a fixed name cannot be replaced (CloudFormation would create the new one first).
  const doc = plan.latencyDocument;
  const latencyDocument = doc && new ssm.CfnDocument(scope, 'LatencyDocument', {
    name: doc.name, documentType: doc.documentType, documentFormat: doc.documentFormat, content: doc.content, updateMethod: 'NewVersion',
  });
  const documentArn = doc && stack.formatArn({ service: 'ssm', resource: 'document', resourceName: latencyDocument!.ref });

  // Pseudo parameters rather than the stack's own region and account: the same ARN patterns (and
  // cdk-nag finding ids to acknowledge) in every stack.
  const patterns = patternRefs({ partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID });
  const refs: Record<ResourceRef, () => string[]> = {
    any: () => patterns.any,
    anyInstance: () => patterns.anyInstance,
    anyNetworkAcl: () => patterns.anyNetworkAcl,
    vpc: () => [stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: r.vpc.vpcId })],
    subnetsInAz: () => subnetArns,
    fleetName: () => [r.autoScalingGroup.autoScalingGroupName],
    fleet: () => [groupArn],
    loadBalancer: () => [r.loadBalancer.loadBalancerArn],
    databaseCluster: () => [r.database!.cluster!.clusterArn],
    databaseInstance: () => [r.database!.instance!.instanceArn],
    cacheReplicationGroup: () => [cacheArn!],
    cacheTagValue: () => [r.cacheTagValue!],
    latencyDocument: () => [documentArn!],
  };
  const role = experimentRole(scope, plan.permissions, refs);
  const target = (action: ExperimentActionPlan): fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty => {
    const t = resolveExperimentTarget(action, (ref) => refs[ref]());
    return {
      resourceType: t.resourceType,
      resourceArns: t.resourceArns,
      resourceTags: t.resourceTags,
      filters: t.filters,
      parameters: t.parameters,
      selectionMode: t.selectionMode,
    };
  };

  const logGroup = new logs.LogGroup(scope, 'ExperimentLogs', {
    retention: plan.logRetentionDays as logs.RetentionDays,
    removalPolicy: plan.logsRetained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    encryptionKey: logsKey(scope, 'ExperimentLogsKey', EXPERIMENT_TEMPLATE.logsKeyDescription),
  });

  const templates: { [id: string]: fis.CfnExperimentTemplate } = {};
  for (const e of plan.experiments) {
    const template = new fis.CfnExperimentTemplate(scope, `${e.id}Experiment`, {
      description: e.description,
      roleArn: role.roleArn,
      stopConditions: [{ source: EXPERIMENT_TEMPLATE.stopConditionSource, value: r.stopAlarm.alarmArn }],
      targets: Object.fromEntries(e.actions.map((a) => [a.name, target(a)])),
      actions: Object.fromEntries(e.actions.map((a) => [a.name, {
        actionId: a.actionId,
        description: a.description,
        parameters: Object.keys(a.parameters).length || a.parameterRefs ? actionParameters(a, (ref) => refs[ref]()) : undefined,
        targets: { [EXPERIMENT_TARGETS[a.target].key]: a.name },
      }])),
      logConfiguration: {
        logSchemaVersion: EXPERIMENT_TEMPLATE.logSchemaVersion, cloudWatchLogsConfiguration: { LogGroupArn: logGroup.logGroupArn },
      },
      experimentOptions: {
        accountTargeting: EXPERIMENT_TEMPLATE.accountTargeting, emptyTargetResolutionMode: e.emptyTargetResolutionMode,
      },
      tags: { Name: e.name },
    });
    templates[e.id] = template;
    new CfnOutput(scope, `${e.id}ExperimentId`, { value: template.attrId, description: `AWS FIS experiment template: ${e.description}` });
  }
  return { templates, role, logGroup, latencyDocument };
}

/** The experiments' role: the plan's statements, with this service's resources written in. */
function experimentRole(scope: Construct, permissions: ExperimentPermission[], refs: Record<ResourceRef, () => string[]>): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'ExperimentRole', {
    description: EXPERIMENT_TEMPLATE.roleDescription,
    assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
      conditions: experimentTrustConditions({ partition: stack.partition, account: stack.account, region: stack.region }),
    }),
  });
  for (const statement of experimentStatements(permissions, (ref) => refs[ref]())) {
    role.addToPrincipalPolicy(iam.PolicyStatement.fromJson(statement));
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
