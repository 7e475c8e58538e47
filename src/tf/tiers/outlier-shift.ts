/**
 * Renders the automatic zonal shift (opt-in `outlierShift`) as Terraform resources: the function,
 * its EventBridge rule, target and permission, its role, log group and network access.
 */
import { Construct } from 'constructs';
import { cloudWatchLogsUse } from '../../core/tiers/keys';
import { OUTLIER_SHIFT_FUNCTION, OutlierShiftEventPattern, OutlierShiftPlan, outlierShiftEnvironment, outlierShiftStatements } from '../../core/tiers/zonal-shift';
import { policyDocument, retainKey, serviceKey, TfContext } from '../context';
import { ArchiveFile, LambdaFunctionArgs } from '../private/archive';
import { AwsResource, aws } from '../private/resource';

// Argument interfaces of the resources this tier writes, named and typed as the provider's schema has them.
export interface EventRuleArgs {
  readonly name: string;
  readonly description: string;
  /** JSON text. */
  readonly event_pattern: string;
  readonly state: 'ENABLED';
}
export interface EventTargetArgs { readonly rule: string; readonly target_id: string; readonly arn: string }
export interface LambdaPermissionArgs {
  readonly statement_id: string;
  readonly action: 'lambda:InvokeFunction';
  readonly function_name: string;
  readonly principal: 'events.amazonaws.com';
  readonly source_arn: string;
}

/** What the function acts on and reads, as Terraform references. */
export interface TfOutlierShiftRefs {
  readonly namePrefix: string;
  readonly vpcId: string;
  readonly privateSubnetIds: string[];
  readonly loadBalancerArn: string;
  readonly fleetArn: string;
  readonly fleetName: string;
  readonly targetGroupArn: string;
  readonly topicArn: string;
  /** The topic's key ARN, when the service made the topic. */
  readonly topicKeyArn?: string;
  /** The outlier alarms' ARNs, by alarm id. */
  readonly alarmArns: Record<string, string>;
}

/** The same function, rule and permissions as the CloudFormation flavor (src/service/tiers/outlier-shift.ts). */
export function renderOutlierShift(scope: Construct, plan: OutlierShiftPlan, r: TfOutlierShiftRefs, c: TfContext): AwsResource<object> {
  const zip = new ArchiveFile(scope, 'OutlierShiftCode', {
    type: 'zip', output_path: `\${path.module}/${plan.functionName}.zip`, source: [{ content: OUTLIER_SHIFT_FUNCTION.code, filename: 'index.py' }],
  });
  const securityGroup = aws.securityGroup(scope, 'OutlierShiftSecurityGroup', {
    vpc_id: r.vpcId, description: 'Outlier shift function: HTTPS to the AWS APIs only', name_prefix: `${plan.functionName}-`,
  });
  aws.egressRule(scope, 'OutlierShiftHttpsOut', {
    security_group_id: securityGroup.attr('id'), ip_protocol: 'tcp', from_port: 443, to_port: 443, cidr_ipv4: '0.0.0.0/0', description: 'AWS APIs over HTTPS',
  });
  const key = serviceKey(scope, 'OutlierShiftLogsKey', 'Encrypts the logs of the outlier shift function', c, [cloudWatchLogsUse(c)]);
  retainKey(key);
  const logGroup = aws.logGroup(scope, 'OutlierShiftLogs', { retention_in_days: OUTLIER_SHIFT_FUNCTION.logRetentionDays, kms_key_id: key.attr('arn'), skip_destroy: true });
  const role = aws.iamRole(scope, 'OutlierShiftRole', {
    name_prefix: `${plan.functionName.slice(0, 37)}-`,
    description: 'Runs the outlier shift function of the service',
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  const shifted = plan.resources.map((x) => (x === 'loadBalancer' ? r.loadBalancerArn : r.fleetArn));
  const policy = aws.iamRolePolicy(scope, 'OutlierShiftRolePolicy', {
    role: role.attr('id'),
    policy: policyDocument(outlierShiftStatements({
      shifted,
      outlierAlarms: Object.values(plan.outlierAlarmIds).flat().map((id) => r.alarmArns[id]),
      topic: r.topicArn,
      topicKey: r.topicKeyArn,
      // The provider's log group ARN has no `:*`.
      logStreams: `${logGroup.attr('arn')}:*`,
    })),
  });
  const fn = new AwsResource<LambdaFunctionArgs>(scope, 'OutlierShift', 'aws_lambda_function', {
    function_name: plan.functionName,
    description: plan.functionDescription,
    role: role.attr('arn'),
    runtime: OUTLIER_SHIFT_FUNCTION.runtime,
    handler: OUTLIER_SHIFT_FUNCTION.handler,
    filename: zip.attr('output_path'),
    source_code_hash: zip.attr('output_base64sha256'),
    timeout: OUTLIER_SHIFT_FUNCTION.timeoutSeconds,
    memory_size: OUTLIER_SHIFT_FUNCTION.memoryMiB,
    vpc_config: { subnet_ids: r.privateSubnetIds, security_group_ids: [securityGroup.attr('id')] },
    logging_config: { log_format: 'Text', log_group: logGroup.attr('name') },
    environment: {
      variables: outlierShiftEnvironment(plan, {
        alarmNamePrefix: r.namePrefix,
        loadBalancerArn: r.loadBalancerArn,
        shiftedArns: shifted,
        groupName: r.fleetName,
        targetGroupArn: r.targetGroupArn,
        topicArn: r.topicArn,
      }),
    },
  }, [policy]);
  const pattern: OutlierShiftEventPattern = plan.eventPattern;
  const rule = new AwsResource<EventRuleArgs>(scope, 'OutlierShiftRule', 'aws_cloudwatch_event_rule', {
    name: plan.ruleName, description: plan.ruleDescription, event_pattern: JSON.stringify(pattern), state: 'ENABLED',
  });
  new AwsResource<EventTargetArgs>(scope, 'OutlierShiftTarget', 'aws_cloudwatch_event_target', {
    rule: rule.attr('name'), target_id: 'OutlierShift', arn: fn.attr('arn'),
  });
  new AwsResource<LambdaPermissionArgs>(scope, 'OutlierShiftInvoke', 'aws_lambda_permission', {
    statement_id: 'OutlierShiftRule', action: 'lambda:InvokeFunction', function_name: fn.attr('function_name'), principal: 'events.amazonaws.com', source_arn: rule.attr('arn'),
  });
  return fn;
}
