import { ResilienceRule, RuleLevel } from './rule';
import { TemplateIndex, referencedId } from './template';

const ROUTE = 'AWS::EC2::Route';
const NAT = 'AWS::EC2::NatGateway';
const ASSOCIATION = 'AWS::EC2::SubnetRouteTableAssociation';

const isDefault = (cidr: unknown) => cidr === '0.0.0.0/0';

/** The AZs of the subnets that use a route table (undefined when any is unknown). */
function routeTableAzs(routeTableId: string, t: TemplateIndex): string[] {
  return t.ofType(ASSOCIATION)
    .filter(([, a]) => referencedId(a.Properties?.RouteTableId) === routeTableId)
    .map(([, a]) => t.subnetAz(a.Properties?.SubnetId))
    .filter((az): az is string => az !== undefined);
}

/** The AZ of a NAT gateway in this template, through its subnet. */
const natAz = (nat: unknown, t: TemplateIndex) => t.subnetAz(t.target(nat)?.Properties?.SubnetId);

export const ROUTE_CROSS_AZ_NAT: ResilienceRule = {
  id: 'HA-NET1',
  level: RuleLevel.ERROR,
  title: "Private subnet's default route through a NAT gateway in another Availability Zone",
  why: "Losing the NAT gateway's AZ cuts this subnet's egress too, although its own AZ is healthy.",
  fix: 'Route each private subnet through the NAT gateway of its own AZ (one NAT gateway per AZ).',
  resourceTypes: [ROUTE],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    if (!isDefault(p.DestinationCidrBlock) || p.NatGatewayId === undefined) return undefined;
    const nat = natAz(p.NatGatewayId, t);
    const table = referencedId(p.RouteTableId);
    if (nat === undefined || table === undefined) return undefined;
    const others = routeTableAzs(table, t).filter((az) => az !== nat);
    return others.length ? `the route serves subnets in ${[...new Set(others)].join(', ')} through a NAT gateway in ${nat}` : undefined;
  },
};

export const NAT_SHARED: ResilienceRule = {
  id: 'HA-NET2',
  level: RuleLevel.WARNING,
  title: 'One NAT gateway for several Availability Zones',
  why: 'A single NAT gateway is a single point of failure for the egress of every AZ it serves.',
  fix: 'Create one NAT gateway per AZ (ec2.Vpc natGateways equal to the AZ count).',
  resourceTypes: [NAT],
  check: (_r, id, t) => {
    const azs = new Set<string>();
    for (const [, route] of t.ofType(ROUTE)) {
      if (!isDefault(route.Properties?.DestinationCidrBlock) || referencedId(route.Properties?.NatGatewayId) !== id) continue;
      const table = referencedId(route.Properties?.RouteTableId);
      if (table) routeTableAzs(table, t).forEach((az) => azs.add(az));
    }
    return azs.size > 1 ? `it carries the default route of ${azs.size} AZs` : undefined;
  },
};
