import { RuleLevel, ResilienceRule } from '../rule';
import { referencedId } from '../template';
import { ASG, behindLoadBalancer, num } from './shared';
import { SCHEDULED_ACTION, groupsBehind } from './shared-fleet';

export const ASG_SCHEDULE_TO_ONE: ResilienceRule = {
  id: 'HA-ASG9',
  level: RuleLevel.WARNING,
  title: 'Scheduled action that scales the only fleet behind a load balancer down to one instance',
  why: 'While the schedule holds, one instance serves: when it or its AZ fails, the service is down until a new one boots. A warning because the window is chosen (nights, weekends).',
  fix: 'Keep the scheduled MinSize and DesiredCapacity at 2 or more (one per AZ), or let another fleet serve behind the same load balancer.',
  terraformFix: 'Keep the aws_autoscaling_schedule min_size and desired_capacity at 2 or more (one per AZ), or let another group serve behind the same target group.',
  resourceTypes: [SCHEDULED_ACTION],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    const groupId = referencedId(p.AutoScalingGroupName);
    const group = groupId === undefined ? undefined : t.resources[groupId];
    if (group?.Type !== ASG || !behindLoadBalancer(group)) return undefined;
    const max = num(p.MaxSize);
    const desired = num(p.DesiredCapacity);
    const min = num(p.MinSize);
    const one = max === 1 || (desired === 1 && (min ?? 0) <= 1);
    if (!one) return undefined;
    // The only fleet: no other group registers with the same target groups or load balancers.
    const registered = [...(group.Properties?.TargetGroupARNs ?? []), ...(group.Properties?.LoadBalancerNames ?? [])];
    const targets = registered.map(referencedId).filter((x): x is string => x !== undefined);
    if (targets.length === 0) return undefined;
    const others = targets.some((tg) => groupsBehind(tg, t).some(([gid]) => gid !== groupId));
    return others ? undefined : `it sets ${groupId} to ${max === 1 ? 'MaxSize 1' : 'DesiredCapacity 1'}${p.Recurrence !== undefined ? ` (${String(p.Recurrence)})` : ''}`;
  },
};
