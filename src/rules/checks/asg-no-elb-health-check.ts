/**
 * The rule HA-ASG4: Auto Scaling group behind a load balancer without ELB health checks. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { ASG, behindLoadBalancer, str } from './shared';

export const ASG_NO_ELB_HEALTH_CHECK: ResilienceRule = {
  id: 'HA-ASG4',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group behind a load balancer without ELB health checks',
  why: 'An instance whose app is dead but whose EC2 checks pass is never replaced; the load balancer just stops sending to it.',
  fix: "Set HealthCheckType to 'ELB'.",
  resourceTypes: [ASG],
  check: (r) => {
    if (!behindLoadBalancer(r)) return undefined;
    const type = str(r.Properties?.HealthCheckType);
    // The API takes several types at once ("ELB,EBS"): ELB among them is what counts.
    return type?.split(',').map((x) => x.trim().toUpperCase()).includes('ELB') ? undefined : `HealthCheckType is ${type ?? 'EC2 (the default)'}`;
  },
};
