/**
 * The rule HA-ELB1: Load balancer in fewer than 2 Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { list } from './shared';

export const LB_SINGLE_AZ: ResilienceRule = {
  id: 'HA-ELB1',
  level: RuleLevel.ERROR,
  title: 'Load balancer in fewer than 2 Availability Zones',
  why: 'A load balancer in one AZ goes down with it, whatever the fleet behind it does.',
  fix: 'Give the load balancer subnets in at least 2 AZs (one per AZ of the fleet).',
  resourceTypes: ['AWS::ElasticLoadBalancingV2::LoadBalancer'],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    const subnets = p.Subnets ?? list(p.SubnetMappings)?.map((m: any) => m?.SubnetId);
    if (subnets === undefined) return undefined;
    const azs = t.subnetAzs(subnets).size;
    return azs < 2 ? `the load balancer is in ${azs} AZ` : undefined;
  },
};
