import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, behindLoadBalancer, num } from './shared';
import { isSelfStopping } from './shared-fleet';

export const ASG_FLEET_OF_ONE: ResilienceRule = {
  id: 'HA-ASG8',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group of at most one instance behind a load balancer',
  why: 'With MaxSize 1 the load balancer has one target: when it or its AZ fails, the service is down until a new instance boots and passes its checks, whatever the subnets.',
  fix: 'Set MinSize (and MaxSize above it) to at least 2, one per AZ, so that a loss leaves an instance serving.',
  resourceTypes: [ASG],
  check: (r, id, t) => {
    if (!behindLoadBalancer(r) || isSelfStopping(id, r, t)) return undefined;
    const max = num(r.Properties?.MaxSize);
    return max !== undefined && max <= 1 ? `MaxSize is ${max}: one instance serves` : undefined;
  },
};
