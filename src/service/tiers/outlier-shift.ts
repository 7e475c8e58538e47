/**
 * Renders the automatic zonal shift (opt-in `outlierShift`): the function, its EventBridge rule on
 * the AZs' ImpairedAz composites, its role, log group and network access (aws-cdk-lib).
 */
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { OUTLIER_SHIFT_FUNCTION, OutlierShiftPlan, outlierShiftEnvironment, outlierShiftStatements } from '../../core/tiers/zonal-shift';
import { acknowledge } from '../private/acknowledge';
import { functionScaffold } from '../private/function-scaffold';

/** What the function acts on and reads. */
export interface OutlierShiftResources {
  readonly vpc: ec2.IVpc;
  readonly namePrefix: string;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly alarmTopic: sns.ITopic;
  /** The topic's key, when the service made the topic. */
  readonly alarmTopicKey?: kms.IKey;
  /** The service's alarms by id: the outlier alarms the function reads. */
  readonly alarmsById: { [id: string]: cloudwatch.Alarm };
}

/** The rendered parts. */
export interface OutlierShift {
  readonly function: lambda.CfnFunction;
  readonly rule: events.CfnRule;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;
}

/**
 * The function runs in the fleet's private subnets (Control Tower CT.LAMBDA.PR.3), reaching only
 * the AWS APIs over HTTPS; EventBridge may invoke it for its rule alone (CT.LAMBDA.PR.2).
 */
export function createOutlierShift(scope: Construct, plan: OutlierShiftPlan, r: OutlierShiftResources): OutlierShift {
  const group = r.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const shifted = plan.resources.map((x) => (x === 'loadBalancer' ? r.loadBalancer.loadBalancerArn : group.attrAutoScalingGroupArn));
  const { securityGroup, logGroup, role } = functionScaffold(scope, 'OutlierShift', {
    vpc: r.vpc,
    title: 'Outlier shift function',
    logRetentionDays: OUTLIER_SHIFT_FUNCTION.logRetentionDays,
    logsKeyDescription: 'Encrypts the logs of the outlier shift function',
    roleDescription: 'Runs the outlier shift function of the service',
  });
  const outlierAlarms = Object.values(plan.outlierAlarmIds).flat().map((id) => r.alarmsById[id].alarmArn);
  // The L2 log group's ARN already ends with `:*` (its streams).
  for (const statement of outlierShiftStatements({
    shifted, outlierAlarms, topic: r.alarmTopic.topicArn, topicKey: r.alarmTopicKey?.keyArn, logStreams: logGroup.logGroupArn,
  })) {
    role.addToPrincipalPolicy(iam.PolicyStatement.fromJson(statement));
  }
  const policy = role.node.findChild('DefaultPolicy');
  acknowledge(policy, 'AwsSolutions-IAM5[Resource::*]',
    'StartZonalShift and GetManagedResource are limited by the arc-zonal-shift:ResourceIdentifier condition to this load balancer and group; '
    + 'ListZonalShifts, DescribeTargetHealth, DescribeAutoScalingGroups, DescribeAvailabilityZones and the network-interface actions Lambda takes '
    + 'to attach a function to its VPC have no resource-level permissions.');
  const fn = new lambda.CfnFunction(scope, 'OutlierShift', {
    functionName: plan.functionName,
    description: plan.functionDescription,
    runtime: OUTLIER_SHIFT_FUNCTION.runtime,
    handler: OUTLIER_SHIFT_FUNCTION.handler,
    code: { zipFile: OUTLIER_SHIFT_FUNCTION.code },
    timeout: OUTLIER_SHIFT_FUNCTION.timeoutSeconds,
    memorySize: OUTLIER_SHIFT_FUNCTION.memoryMiB,
    role: role.roleArn,
    vpcConfig: {
      subnetIds: r.vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds,
      securityGroupIds: [securityGroup.securityGroupId],
    },
    loggingConfig: { logGroup: logGroup.logGroupName },
    environment: {
      variables: outlierShiftEnvironment(plan, {
        alarmNamePrefix: r.namePrefix,
        loadBalancerArn: r.loadBalancer.loadBalancerArn,
        shiftedArns: shifted,
        groupName: r.autoScalingGroup.autoScalingGroupName,
        targetGroupArn: r.targetGroup.targetGroupArn,
        topicArn: r.alarmTopic.topicArn,
      }),
    },
  });
  // Nothing references the role's policy (the network interface permissions): wait for it.
  fn.node.addDependency(policy);
  acknowledge(fn, 'AwsSolutions-L1',
    `${OUTLIER_SHIFT_FUNCTION.runtime} (supported until June 2029) rather than the newest Python runtime aws-cdk-lib lists: cfn-lint 1.51 does not know it, `
    + 'and the same function deploys with the Terraform flavor, whose pinned provider (hashicorp/aws 6.25) validates the runtime against the SDK list of its day.');
  const rule = new events.CfnRule(scope, 'OutlierShiftRule', {
    name: plan.ruleName,
    description: plan.ruleDescription,
    eventPattern: plan.eventPattern,
    state: 'ENABLED',
    targets: [{ id: 'OutlierShift', arn: fn.attrArn }],
  });
  new lambda.CfnPermission(scope, 'OutlierShiftInvoke', {
    action: 'lambda:InvokeFunction',
    functionName: fn.attrArn,
    principal: 'events.amazonaws.com',
    sourceArn: rule.attrArn,
  });
  return { function: fn, rule, role, logGroup };
}
