/**
 * The rule HA-ASG5: Auto Scaling group behind a load balancer without a health-check grace period. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, behindLoadBalancer, num, str } from './shared';

export const ASG_NO_GRACE_PERIOD: ResilienceRule = {
  id: 'HA-ASG5',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group behind a load balancer without a health-check grace period',
  why: 'New instances are judged before they have booted and are replaced in a loop, so the fleet never recovers.',
  fix: 'Set HealthCheckGracePeriod to the time an instance needs to boot and pass its first check.',
  resourceTypes: [ASG],
  check: (r) => {
    if (!behindLoadBalancer(r) || !str(r.Properties?.HealthCheckType)?.toUpperCase().includes('ELB')) return undefined;
    return !num(r.Properties?.HealthCheckGracePeriod) ? 'HealthCheckGracePeriod is 0 (the default)' : undefined;
  },
};
