import { Duration } from 'aws-cdk-lib';
import { checkTerraformJson } from './schema-check';
import { OUTLIER_SHIFT_FUNCTION, outlierShiftStatements } from '../../src/core/tiers/zonal-shift';
import { toOptions as cfnOptions } from '../../src/service/highly-available-service';
import { awsReferences } from '../../src/tf/context';
import { toOptions as tfOptions } from '../../src/tf/highly-available-service';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { AwsProvider } from '../../src/tf/provider';
import { renderOutlierShift } from '../../src/tf/tiers/outlier-shift';
import { plainPlan, plainProblems } from '../core/plain';
import { testTfApp } from '../util';

// The automatic zonal shift in Terraform, rendered alone from a plain plan (the service's other
// tiers stood in for by literal references): cheap, and what the parity test cannot see, the
// arguments of each resource. The full service with it goes through deploys.test.ts and parity.
const plan = plainPlan({ outlierShift: true, crossZoneLoadBalancing: false });
const shift = plan.outlierShift!;
const stack = new TerraformStack(testTfApp(), 'Shop');
new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
const c = { ...awsReferences(stack), namePrefix: plan.namePrefix, namePrefixes: plan.namePrefixes, access: plan.access };
const alarmArns = Object.fromEntries(Object.values(shift.outlierAlarmIds).flat().map((id) => [id, `\${aws_cloudwatch_metric_alarm.${id}.arn}`]));
renderOutlierShift(stack, shift, {
  namePrefix: plan.namePrefix,
  vpcId: '${aws_vpc.Vpc.id}',
  privateSubnetIds: ['${aws_subnet.PrivateSubnet1.id}', '${aws_subnet.PrivateSubnet2.id}'],
  loadBalancerArn: '${aws_lb.LoadBalancer.arn}',
  fleetArn: '${aws_autoscaling_group.Fleet.arn}',
  fleetName: '${aws_autoscaling_group.Fleet.name}',
  targetGroupArn: '${aws_lb_target_group.TargetGroup.arn}',
  topicArn: '${aws_sns_topic.AlarmTopic.arn}',
  topicKeyArn: '${aws_kms_key.AlarmTopicKey.arn}',
  alarmArns,
}, c);
const config = JSON.parse(Testing.synth(stack));
const one = (type: string) => Object.values<any>(config.resource[type])[0];

test('passes the offline schema check, its zip hashicorp/archive\'s', () => {
  // The references to the service's other tiers are the only unknowns.
  expect(checkTerraformJson(config).filter((p) => !/which is not declared in this configuration$/.test(p))).toEqual([]);
  expect(config.terraform.required_providers.archive).toEqual({ source: 'hashicorp/archive', version: '~> 2.7' });
  const [zip] = Object.values<any>(config.data.archive_file);
  expect(zip.source).toEqual([{ content: OUTLIER_SHIFT_FUNCTION.code, filename: 'index.py' }]);
});

test('the function: the plan\'s name and runtime, in the private subnets, its own log group, waiting for its role\'s policy', () => {
  const fn = one('aws_lambda_function');
  expect(fn).toEqual(expect.objectContaining({
    function_name: shift.functionName,
    runtime: 'python3.13',
    handler: 'index.handler',
    timeout: 60,
    vpc_config: { subnet_ids: ['${aws_subnet.PrivateSubnet1.id}', '${aws_subnet.PrivateSubnet2.id}'], security_group_ids: ['${aws_security_group.OutlierShiftSecurityGroup.id}'] },
    logging_config: { log_format: 'Text', log_group: '${aws_cloudwatch_log_group.OutlierShiftLogs.name}' },
    depends_on: ['aws_iam_role_policy.OutlierShiftRolePolicy'],
  }));
  expect(fn.environment.variables).toEqual(expect.objectContaining({
    EXPIRES_IN: '1h', SHIFTED_RESOURCES: '${aws_lb.LoadBalancer.arn},${aws_autoscaling_group.Fleet.arn}', ALARM_NAME_PREFIX: plan.namePrefix,
  }));
  expect(one('aws_cloudwatch_log_group')).toEqual(expect.objectContaining({ retention_in_days: 365, skip_destroy: true }));
  expect(one('aws_kms_key').lifecycle).toEqual({ prevent_destroy: true });
});

test('the rule: the ImpairedAz composites entering ALARM; only the rule may invoke the function', () => {
  const rule = one('aws_cloudwatch_event_rule');
  expect(rule).toEqual(expect.objectContaining({ name: shift.ruleName, state: 'ENABLED' }));
  expect(JSON.parse(rule.event_pattern)).toEqual({
    'source': ['aws.cloudwatch'],
    'detail-type': ['CloudWatch Alarm State Change'],
    'detail': { alarmName: [1, 2, 3].map((n) => `${plan.namePrefix}-ImpairedAz${n}`), state: { value: ['ALARM'] } },
  });
  expect(one('aws_cloudwatch_event_target')).toEqual(expect.objectContaining({
    rule: '${aws_cloudwatch_event_rule.OutlierShiftRule.name}', arn: '${aws_lambda_function.OutlierShift.arn}',
  }));
  expect(one('aws_lambda_permission')).toEqual(expect.objectContaining({
    principal: 'events.amazonaws.com', source_arn: '${aws_cloudwatch_event_rule.OutlierShiftRule.arn}', function_name: '${aws_lambda_function.OutlierShift.function_name}',
  }));
});

test('the role: the core\'s statements, with the load balancer and group, the alarms, the topic and its key written in', () => {
  const policy = JSON.parse(one('aws_iam_role_policy').policy);
  expect(policy.Statement).toEqual(outlierShiftStatements({
    shifted: ['${aws_lb.LoadBalancer.arn}', '${aws_autoscaling_group.Fleet.arn}'],
    outlierAlarms: Object.values(alarmArns),
    topic: '${aws_sns_topic.AlarmTopic.arn}',
    topicKey: '${aws_kms_key.AlarmTopicKey.arn}',
    logStreams: '${aws_cloudwatch_log_group.OutlierShiftLogs.arn}:*',
  }));
});

test('each flavor\'s duration reaches the plan in minutes, and a bad one fails naming the prop', () => {
  // CloudFormation: a Duration; Terraform: minutes.
  expect(plainPlan(cfnOptions({ outlierShift: true, outlierShiftDuration: Duration.hours(3) })).outlierShift!.expiresIn).toBe('3h');
  expect(plainPlan(tfOptions({ outlierShift: true, outlierShiftDuration: 45 })).outlierShift!.expiresIn).toBe('45m');
  expect(plainProblems(cfnOptions({ outlierShift: true, outlierShiftDuration: Duration.seconds(30) })))
    .toEqual(['outlierShiftDuration must be a whole number between 1 and 4320 minutes, received 0.5']);
  expect(plainProblems(tfOptions({ outlierShift: true, outlierShiftDuration: 4321 })))
    .toEqual(['outlierShiftDuration must be between 1 and 4320 minutes, received 4321 minutes']);
  expect(plainProblems(tfOptions({ outlierShiftDuration: 30 })))
    .toEqual(['outlierShiftDuration configures the automatic zonal shift; received it without outlierShift: true']);
});
