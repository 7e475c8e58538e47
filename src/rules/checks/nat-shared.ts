/**
 * The rule HA-NET2: One NAT gateway for several Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { referencedId } from '../template';
import { ROUTE, isDefaultRoute, isRegionalNat, routeTableAzs } from './route-cross-az-nat';

export const NAT_SHARED: ResilienceRule = {
  id: 'HA-NET2',
  level: RuleLevel.WARNING,
  title: 'One NAT gateway for several Availability Zones',
  why: 'A single NAT gateway is a single point of failure for the egress of every AZ it serves.',
  fix: 'Create one NAT gateway per AZ (ec2.Vpc natGateways equal to the AZ count).',
  terraformFix: 'Create one aws_nat_gateway per AZ, and route each private subnet through the one of its AZ.',
  resourceTypes: ['AWS::EC2::NatGateway'],
  check: (r, id, t) => {
    if (isRegionalNat(r)) return undefined;
    const azs = new Set<string>();
    for (const [, route] of t.ofType(ROUTE)) {
      if (referencedId(route.Properties?.NatGatewayId) !== id || !isDefaultRoute(route.Properties?.DestinationCidrBlock)) continue;
      const table = referencedId(route.Properties?.RouteTableId);
      if (table) routeTableAzs(table, t).forEach((az) => azs.add(az));
    }
    return azs.size > 1 ? `it carries the default route of ${azs.size} AZs` : undefined;
  },
};
