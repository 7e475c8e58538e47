/**
 * The rule HA-VPCE1: Interface VPC endpoint in fewer than 2 Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { azName } from '../template';
import { list, str } from './shared';

export const ENDPOINT_SINGLE_AZ: ResilienceRule = {
  id: 'HA-VPCE1',
  level: RuleLevel.ERROR,
  title: 'Interface VPC endpoint in fewer than 2 Availability Zones',
  why: "The endpoint's network interfaces are its only way to the service: when their AZ fails, every AZ loses the service through it.",
  fix: 'Give the endpoint SubnetIds in at least 2 AZs (one per AZ that calls the service).',
  terraformFix: 'Give the aws_vpc_endpoint subnet_ids in at least 2 AZs (one per AZ that calls the service).',
  resourceTypes: ['AWS::EC2::VPCEndpoint'],
  check: (r, _id, t) => {
    if ((str(r.Properties?.VpcEndpointType) ?? 'Gateway') !== 'Interface') return undefined;
    const subnets = list(r.Properties?.SubnetIds);
    if (subnets === undefined) return undefined;
    const azs = [...t.subnetAzs(subnets)];
    return azs.length < 2 ? `its subnets are all in ${azs.length ? azName(azs[0]) : 'no AZ'}` : undefined;
  },
};
