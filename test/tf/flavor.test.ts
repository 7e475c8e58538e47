import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { lbFromPlan } from './plan-context';
import { checkTerraformJson } from './schema-check';
import { awsReferences } from '../../src/tf/context';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { AwsProvider } from '../../src/tf/provider';
import { renderLoadBalancing } from '../../src/tf/tiers/load-balancing';
import { renderNetwork } from '../../src/tf/tiers/network';
import { plainPlan } from '../core/plain';

// The tiers of the Terraform flavor built so far (in progress: not exported yet), rendered from the
// same plan as the CloudFormation flavor's and checked offline against the hashicorp/aws schema.
const plan = plainPlan();
// cdktf's test app writes into a folder of its own: one per file, removed after.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
const config = (() => {
  const stack = new TerraformStack(Testing.app({ outdir }), 'Shop');
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const context = awsReferences(stack);
  const network = renderNetwork(stack, plan.network, context);
  renderLoadBalancing(stack, plan.loadBalancing, plan.zonalShift, network, { ...context, regionName: 'eu-west-1', ...lbFromPlan(plan) });
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

test('the load balancer of the plan: public subnets, hardening, zonal shift, access logs to a locked-down bucket', () => {
  const [lb] = resources('aws_lb');
  expect(lb).toEqual(expect.objectContaining({
    internal: false,
    load_balancer_type: 'application',
    drop_invalid_header_fields: true,
    desync_mitigation_mode: 'defensive',
    idle_timeout: plan.loadBalancing.idleTimeoutSeconds,
    enable_deletion_protection: true,
    enable_zonal_shift: true,
    access_logs: { bucket: '${aws_s3_bucket.AccessLogsBucket.id}', prefix: 'alb', enabled: true },
    depends_on: ['aws_s3_bucket_policy.AccessLogsBucketPolicy'],
  }));
  expect(lb.subnets).toEqual(['${aws_subnet.PublicSubnet1.id}', '${aws_subnet.PublicSubnet2.id}', '${aws_subnet.PublicSubnet3.id}']);
  const policy = JSON.parse(resources('aws_s3_bucket_policy')[0].policy);
  expect(policy.Statement.map((s: any) => s.Principal)).toEqual([
    { AWS: '*' }, { AWS: expect.stringMatching(/^arn:\$\{data\.aws_partition\.Partition\.partition\}:iam::156460612806:root$/) },
    { Service: 'logdelivery.elasticloadbalancing.amazonaws.com' },
  ]);
  expect(resources('aws_s3_bucket_public_access_block')[0]).toEqual(expect.objectContaining({ block_public_policy: true, restrict_public_buckets: true }));
  expect(resources('aws_vpc_security_group_ingress_rule')).toEqual([expect.objectContaining({ from_port: 80, to_port: 80, cidr_ipv4: '0.0.0.0/0' })]);
});

test('the target group holds the same health check, delay and algorithm as the CloudFormation flavor\'s', () => {
  const [tg] = resources('aws_lb_target_group');
  const hc = plan.loadBalancing.healthCheck;
  expect(tg).toEqual(expect.objectContaining({
    port: 8080,
    protocol: 'HTTP',
    target_type: 'instance',
    deregistration_delay: '30',
    load_balancing_algorithm_type: 'round_robin',
    health_check: {
      enabled: true,
      path: hc.path,
      port: 'traffic-port',
      protocol: 'HTTP',
      interval: hc.intervalSeconds,
      timeout: hc.timeoutSeconds,
      healthy_threshold: hc.healthyThreshold,
      unhealthy_threshold: hc.unhealthyThreshold,
      matcher: '200',
    },
    target_group_health: { dns_failover: { minimum_healthy_targets_percentage: '50' } },
  }));
  expect(resources('aws_lb_listener')).toEqual([expect.objectContaining({
    port: 80, protocol: 'HTTP', default_action: [{ type: 'forward', target_group_arn: '${aws_lb_target_group.TargetGroup.arn}' }],
  })]);
});

test('the access-log bucket\'s lifecycle, whose rule expires old versions, waits for versioning to be on', () => {
  const [lifecycle] = resources('aws_s3_bucket_lifecycle_configuration');
  expect(lifecycle.rule.some((r: any) => r.noncurrent_version_expiration)).toBe(true);
  expect(lifecycle.depends_on).toEqual(['aws_s3_bucket_versioning.AccessLogsBucketVersioning']);
});
