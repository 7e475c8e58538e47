import { CfnResourceJson, TemplateIndex, list, num, referencedId, str } from '../template';

// What a fleet is for: the scheduled actions on a group, the groups that stop themselves (one-shot
// helpers, not serving tiers), and the targets behind a target group (groups, ECS services).

export const SCHEDULED_ACTION = 'AWS::AutoScaling::ScheduledAction';

/** The scheduled actions on a group of the template. */
export function scheduledActionsOf(groupId: string, t: TemplateIndex): Array<[string, CfnResourceJson]> {
  return t.ofType(SCHEDULED_ACTION).filter(([, a]) => referencedId(a.Properties?.AutoScalingGroupName) === groupId);
}

/**
 * A one-shot helper group that stops itself: MaxSize 0, or DesiredCapacity 0 in a group of at most
 * one instance, or a scheduled action run once (no Recurrence) that sets it so. A batch job or a
 * migration runner, not a serving tier: the fleet rules and the alarm rule leave it out. A group
 * of several instances scaled from 0 by its policies (a queue's workers) is a serving tier.
 */
export function isSelfStopping(groupId: string, group: CfnResourceJson, t: TemplateIndex): boolean {
  const groupMax = safeNum(group.Properties?.MaxSize);
  const zero = (p: Record<string, any> | undefined) => {
    const max = safeNum(p?.MaxSize) ?? groupMax;
    return max === 0 || (safeNum(p?.DesiredCapacity) === 0 && max !== undefined && max <= 1);
  };
  if (zero(group.Properties)) return true;
  return scheduledActionsOf(groupId, t).some(([, a]) => a.Properties?.Recurrence === undefined && zero(a.Properties));
}

/** A number, or undefined when absent or known only at deploy time. */
function safeNum(v: unknown): number | undefined {
  try {
    return num(v);
  } catch {
    return undefined;
  }
}

/** The groups that register with a target group or a classic load balancer of the template. */
export function groupsBehind(lbOrTgId: string, t: TemplateIndex): Array<[string, CfnResourceJson]> {
  return t.ofType('AWS::AutoScaling::AutoScalingGroup').filter(([, g]) => {
    const p = g.Properties ?? {};
    const refs = [...(Array.isArray(p.TargetGroupARNs) ? p.TargetGroupARNs : []), ...(Array.isArray(p.LoadBalancerNames) ? p.LoadBalancerNames : [])];
    return refs.some((r) => referencedId(r) === lbOrTgId);
  });
}

/** The ECS services that register their tasks with a target group of the template (LoadBalancers). */
export function servicesBehind(tgId: string, t: TemplateIndex): Array<[string, CfnResourceJson]> {
  return t.ofType('AWS::ECS::Service').filter(([, s]) => {
    const balancers = s.Properties?.LoadBalancers;
    return Array.isArray(balancers) && balancers.some((lb) => referencedId(lb?.TargetGroupArn) === tgId);
  });
}

/**
 * Whether a target group has one target and can have no other: one registered target (`Targets`),
 * or the only groups that register with it can hold one instance between them. Traffic has
 * nowhere else to go, so how fast a dead target is detected changes nothing. An ECS service that
 * registers its tasks with it (their number changes with scaling) means other targets.
 */
export function hasSingleTarget(tgId: string, tg: CfnResourceJson, t: TemplateIndex): boolean {
  if (servicesBehind(tgId, t).length > 0) return false;
  const targets = safeList(tg.Properties?.Targets);
  if (targets !== undefined && targets.length > 0) return targets.length === 1 && groupsBehind(tgId, t).length === 0;
  const groups = groupsBehind(tgId, t);
  if (groups.length === 0) return false;
  const max = groups.map(([, g]) => safeNum(g.Properties?.MaxSize));
  return max.every((m) => m !== undefined) && max.reduce((a, b) => a! + b!, 0)! <= 1;
}

/** A target group of a Network Load Balancer whose one target is a fixed IP address. */
export function isFixedIpTarget(tg: CfnResourceJson): boolean {
  const p = tg.Properties ?? {};
  const protocol = typeof p.Protocol === 'string' ? p.Protocol.toUpperCase() : undefined;
  const targets = safeList(p.Targets);
  return str(p.TargetType) === 'ip' && ['TCP', 'UDP', 'TCP_UDP', 'TLS'].includes(protocol ?? '') && targets?.length === 1;
}

function safeList(v: unknown): unknown[] | undefined {
  try {
    return list(v);
  } catch {
    return undefined;
  }
}
