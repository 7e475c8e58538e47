/**
 * The function an ARC Region switch plan runs in the Region it activates (a custom action block):
 * it raises the Auto Scaling group's minimum (and desired, and if needed maximum) to the capacity
 * the Region carries alone, then returns once that many targets are healthy behind the load
 * balancer. While too few are healthy it fails before its time runs out, and ARC runs it again
 * after the step's retry interval, until the step's timeout.
 *
 * Why a function and not ARC's EC2 Auto Scaling block: that block takes each group's ARN, which
 * holds a random id; a CloudFormation stack in one Region cannot read it from another without a
 * custom resource, while a function's ARN is computed from its name. The function also waits for
 * healthy targets, which the block does not ("does not guarantee that the desired compute capacity
 * will be attained").
 *
 * Plain CommonJS for the Lambda Node.js runtime, whose AWS SDK for JavaScript v3 it uses; the same
 * text goes into both flavors (inline code in CloudFormation, an archive in Terraform).
 */
export const ACTIVATION_FUNCTION = {
  runtime: 'nodejs24.x',
  handler: 'index.handler',
  memoryMiB: 256,
  /** Environment variables the code reads. */
  environment: ['GROUP_NAME', 'TARGET_GROUP_ARN', 'TARGET_MIN_CAPACITY', 'HEALTHY_TARGETS', 'POLL_SECONDS'],
  /** Log retention of the function's log group, days. */
  logRetentionDays: 365,
  code: `'use strict';
// Raises this Region's fleet to the capacity it carries alone, then waits for that many healthy targets.
const { AutoScalingClient, DescribeAutoScalingGroupsCommand, UpdateAutoScalingGroupCommand } = require('@aws-sdk/client-auto-scaling');
const { ElasticLoadBalancingV2Client, DescribeTargetHealthCommand } = require('@aws-sdk/client-elastic-load-balancing-v2');
const autoscaling = new AutoScalingClient({});
const elb = new ElasticLoadBalancingV2Client({});
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
exports.handler = async (event, context) => {
  const group = process.env.GROUP_NAME;
  const target = Number(process.env.TARGET_MIN_CAPACITY);
  const needed = Number(process.env.HEALTHY_TARGETS);
  const poll = Number(process.env.POLL_SECONDS) * 1000;
  const found = await autoscaling.send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }));
  const g = found.AutoScalingGroups && found.AutoScalingGroups[0];
  if (!g) throw new Error('Auto Scaling group ' + group + ' not found');
  if (g.MinSize < target || g.DesiredCapacity < target) {
    await autoscaling.send(new UpdateAutoScalingGroupCommand({
      AutoScalingGroupName: group,
      MinSize: Math.max(g.MinSize, target),
      MaxSize: Math.max(g.MaxSize, target),
      DesiredCapacity: Math.max(g.DesiredCapacity, target),
    }));
    console.log(JSON.stringify({ group, minSize: g.MinSize, raisedTo: target }));
  }
  for (;;) {
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: process.env.TARGET_GROUP_ARN }));
    const healthy = (health.TargetHealthDescriptions || []).filter((t) => t.TargetHealth && t.TargetHealth.State === 'healthy').length;
    if (healthy >= needed) return { group, minCapacity: Math.max(g.MinSize, target), healthyTargets: healthy };
    if (context.getRemainingTimeInMillis() < poll + 10000) throw new Error(healthy + ' of ' + needed + ' targets healthy in ' + group + ': not yet');
    await sleep(poll);
  }
};
`,
} as const;

/** The environment of one Region's activation function, from the plan and the Region's resource names. */
export function activationEnvironment(
  p: { targetMinCapacity: number; healthyTargets: number; pollSeconds: number }, groupName: string, targetGroupArn: string,
): Record<string, string> {
  return {
    GROUP_NAME: groupName,
    TARGET_GROUP_ARN: targetGroupArn,
    TARGET_MIN_CAPACITY: String(p.targetMinCapacity),
    HEALTHY_TARGETS: String(p.healthyTargets),
    POLL_SECONDS: String(p.pollSeconds),
  };
}
