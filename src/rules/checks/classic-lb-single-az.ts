/**
 * The rule HA-ELB5: Classic Load Balancer in fewer than 2 Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { list, str } from './shared';

export const CLASSIC_LB_SINGLE_AZ: ResilienceRule = {
  id: 'HA-ELB5',
  level: RuleLevel.ERROR,
  title: 'Classic Load Balancer in fewer than 2 Availability Zones',
  why: 'A load balancer in one AZ goes down with it, whatever the fleet behind it does.',
  fix: 'Give the load balancer subnets (or AvailabilityZones) in at least 2 AZs; better, move to an Application or Network Load Balancer.',
  terraformFix: 'Give the aws_elb subnets (or availability_zones) in at least 2 AZs; better, move to aws_lb.',
  resourceTypes: ['AWS::ElasticLoadBalancing::LoadBalancer'],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    let azs: number;
    if (p.Subnets !== undefined) {azs = t.subnetAzs(p.Subnets).size;} else if (p.AvailabilityZones !== undefined) {
      const zones = p.AvailabilityZones;
      if (zones !== null && typeof zones === 'object' && 'Fn::GetAZs' in zones) return undefined;
      azs = new Set((list(zones) ?? []).map((z) => {
        const select = (z as any)?.['Fn::Select'];
        return Array.isArray(select) ? `#${JSON.stringify(select[0])}` : str(z);
      })).size;
    } else {return undefined;}
    return azs < 2 ? `the load balancer is in ${azs} AZ` : undefined;
  },
};
