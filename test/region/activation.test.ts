// Runs the Region activation function (the code the Region switch runs in a planned switchover)
// against moto's local AWS API server (Python moto, preinstalled; started and stopped here on a free
// loopback port): it raises the group, waits for healthy targets, gives up before its time runs
// out, and changes nothing on a second run.
import * as autoscaling from '@aws-sdk/client-auto-scaling';
import * as elbv2 from '@aws-sdk/client-elastic-load-balancing-v2';
import { ACTIVATION_FUNCTION } from '../../src/core/region/activation';
import { MotoServer, startMoto } from '../moto';

const REGION = 'eu-west-1';
let server: MotoServer;
let endpoint: string;

const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const clients = () => ({
  autoscaling: new autoscaling.AutoScalingClient({ region: REGION, endpoint, credentials }),
  elb: new elbv2.ElasticLoadBalancingV2Client({ region: REGION, endpoint, credentials }),
});

/** An EC2 Query API call (moto does not check signatures), for the VPC and subnet the group needs. */
async function ec2(params: Record<string, string>): Promise<string> {
  const r = await fetch(endpoint, {
    method: 'POST',
    body: new URLSearchParams({ Version: '2016-11-15', ...params }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'authorization': `AWS4-HMAC-SHA256 Credential=testing/20260101/${REGION}/ec2/aws4_request, SignedHeaders=host, Signature=0`,
    },
  });
  return r.text();
}

/** A group of `min` instances behind a target group, as each Region's service has. */
async function fleet(name: string, min: number, max: number): Promise<{ group: string; targetGroupArn: string }> {
  const vpc = /<vpcId>(vpc-[0-9a-f]+)</.exec(await ec2({ Action: 'CreateVpc', CidrBlock: '10.0.0.0/16' }))![1];
  const created = await ec2({ Action: 'CreateSubnet', VpcId: vpc, CidrBlock: '10.0.1.0/24', AvailabilityZone: `${REGION}a` });
  const subnet = /<subnetId>(subnet-[0-9a-f]+)</.exec(created)![1];
  const c = clients();
  const tg = await c.elb.send(new elbv2.CreateTargetGroupCommand({ Name: name, Protocol: 'HTTP', Port: 80, VpcId: vpc }));
  const targetGroupArn = tg.TargetGroups![0].TargetGroupArn!;
  await c.autoscaling.send(new autoscaling.CreateLaunchConfigurationCommand({ LaunchConfigurationName: name, ImageId: 'ami-12c6146b', InstanceType: 't3.micro' }));
  await c.autoscaling.send(new autoscaling.CreateAutoScalingGroupCommand({
    AutoScalingGroupName: name,
    MinSize: min,
    MaxSize: max,
    DesiredCapacity: min,
    LaunchConfigurationName: name,
    VPCZoneIdentifier: subnet,
    TargetGroupARNs: [targetGroupArn],
  }));
  return { group: name, targetGroupArn };
}

/**
 * The function's own text, loaded as Lambda loads index.js: CommonJS, `require` for the AWS SDK (the
 * runtime ships it; here the devDependencies), its settings in the environment, the SDK pointed at
 * moto through AWS_ENDPOINT_URL (set for the whole file).
 */
function load(env: Record<string, string>): (event: unknown, context: { getRemainingTimeInMillis(): number }) => Promise<any> {
  Object.assign(process.env, env);
  const module = { exports: {} as any };
  const quiet = { ...console, log: () => undefined };
  new Function('module', 'exports', 'require', 'console', ACTIVATION_FUNCTION.code)(module, module.exports, require, quiet);
  return module.exports.handler;
}

/** A Lambda context whose remaining time runs down from `ms`. */
function context(ms: number) {
  const start = Date.now();
  return { getRemainingTimeInMillis: () => ms - (Date.now() - start) };
}

const saved = { ...process.env };

beforeAll(async () => {
  server = await startMoto();
  endpoint = server.endpoint;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    // The SDK warns on stderr about Node.js majors it will drop; the Lambda runtime (nodejs24.x) is not one.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  });
}, 40_000);

afterAll(async () => {
  process.env = saved;
  await server?.stop();
});

describe('the activation function against moto_server', () => {
  test('raises the group to the Region\'s activated minimum and returns once that many targets are healthy', async () => {
    const f = await fleet('raise', 1, 2);
    const handler = load({ GROUP_NAME: f.group, TARGET_GROUP_ARN: f.targetGroupArn, TARGET_MIN_CAPACITY: '3', HEALTHY_TARGETS: '3', POLL_SECONDS: '1' });
    const result = await handler({}, context(60_000));
    expect(result).toEqual({ group: 'raise', minCapacity: 3, healthyTargets: 3 });
    const g = (await clients().autoscaling.send(new autoscaling.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['raise'] }))).AutoScalingGroups![0];
    expect([g.MinSize, g.MaxSize, g.DesiredCapacity]).toEqual([3, 3, 3]);
  });

  test('a second run finds the group raised and changes nothing', async () => {
    const f = await fleet('twice', 1, 4);
    const handler = load({ GROUP_NAME: f.group, TARGET_GROUP_ARN: f.targetGroupArn, TARGET_MIN_CAPACITY: '2', HEALTHY_TARGETS: '2', POLL_SECONDS: '1' });
    await handler({}, context(60_000));
    const before = (await clients().autoscaling.send(new autoscaling.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['twice'] }))).AutoScalingGroups![0];
    const again = await handler({}, context(60_000));
    const after = (await clients().autoscaling.send(new autoscaling.DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ['twice'] }))).AutoScalingGroups![0];
    expect(again).toEqual({ group: 'twice', minCapacity: 2, healthyTargets: 2 });
    expect([after.MinSize, after.MaxSize, after.DesiredCapacity]).toEqual([before.MinSize, before.MaxSize, before.DesiredCapacity]);
    expect([after.MinSize, after.MaxSize]).toEqual([2, 4]);
  });

  test('gives up before its time runs out when too few targets are healthy, so ARC runs it again', async () => {
    const f = await fleet('short', 1, 2);
    // More healthy targets than the group will ever hold: the wait cannot end.
    const handler = load({ GROUP_NAME: f.group, TARGET_GROUP_ARN: f.targetGroupArn, TARGET_MIN_CAPACITY: '2', HEALTHY_TARGETS: '5', POLL_SECONDS: '1' });
    const start = Date.now();
    await expect(handler({}, context(12_000))).rejects.toThrow('2 of 5 targets healthy in short: not yet');
    // It stops when less than a poll and 10 s are left, not at Lambda's hard timeout.
    expect(Date.now() - start).toBeLessThan(12_000 - 10_000 + 1_500);
  });

  test('fails on a group that does not exist', async () => {
    const handler = load({ GROUP_NAME: 'missing', TARGET_GROUP_ARN: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/0', TARGET_MIN_CAPACITY: '2', HEALTHY_TARGETS: '2', POLL_SECONDS: '1' });
    await expect(handler({}, context(60_000))).rejects.toThrow('Auto Scaling group missing not found');
  });
});

