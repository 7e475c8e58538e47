import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkTerraformJson } from './schema-check';
import { renderNetwork } from '../../src/tf/network';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { AwsProviderBlock, aws } from '../../src/tf/private/resource';
import { plainPlan } from '../core/plain';

// The network tier of the Terraform flavor (in progress: not exported yet), rendered from the same
// plan as the CloudFormation flavor's and checked offline against the hashicorp/aws schema.
const plan = plainPlan();
// cdktf's test app writes into a folder of its own: one per file, removed after.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const config = (() => {
  const stack = new TerraformStack(Testing.app({ outdir }), 'Shop');
  new AwsProviderBlock(stack, 'aws', { region: 'eu-west-1' });
  const context = {
    partition: aws.partition(stack, 'Partition').attr('partition'),
    account: aws.callerIdentity(stack, 'Account').attr('account_id'),
    region: aws.region(stack, 'Region').attr('region'),
  };
  renderNetwork(stack, plan.network, context);
  return JSON.parse(Testing.synth(stack));
})();
const resources = (type: string): any[] => Object.values(config.resource[type] ?? {});

test('the configuration passes the offline schema check and pins the provider it was checked against', () => {
  expect(checkTerraformJson(config)).toEqual([]);
  expect(config.terraform.required_providers.aws).toEqual({ source: 'hashicorp/aws', version: '~> 6.25' });
});

test('the same network as the CloudFormation flavor: the plan\'s subnets, a NAT gateway per AZ, private subnets routed through their own AZ\'s', () => {
  const subnets = resources('aws_subnet');
  expect(subnets.map((s) => [s.cidr_block, s.availability_zone]).sort())
    .toEqual(plan.network.subnets.map((s) => [s.cidr, plan.network.availabilityZones[s.azIndex]]).sort());
  expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  expect(resources('aws_nat_gateway')).toHaveLength(3);
  expect(resources('aws_route_table')).toHaveLength(9);
  const natRoutes = resources('aws_route').filter((r) => r.nat_gateway_id);
  expect(new Set(natRoutes.map((r) => r.nat_gateway_id)).size).toBe(3);
  expect(resources('aws_route').filter((r) => r.gateway_id)).toHaveLength(3);
});

test('flow logs of all traffic to a log group encrypted with a key only AWS services may grant on', () => {
  const [flowLog] = resources('aws_flow_log');
  expect(flowLog).toEqual(expect.objectContaining({ traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs' }));
  const [logGroup] = resources('aws_cloudwatch_log_group');
  expect(logGroup).toEqual(expect.objectContaining({ retention_in_days: 365, kms_key_id: '${aws_kms_key.FlowLogsKey.arn}' }));
  const policy = JSON.parse(resources('aws_kms_key')[0].policy);
  expect(policy.Statement.map((s: any) => s.Sid)).toEqual([undefined, 'GrantsOnlyForAwsServices', 'AllowCloudWatchLogs']);
  expect(policy.Statement[2].Principal.Service).toBe('logs.${data.aws_region.Region.region}.amazonaws.com');
});
