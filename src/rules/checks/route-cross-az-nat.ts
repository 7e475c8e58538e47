/**
 * The rule HA-NET1: a private subnet's default route through a NAT gateway in another Availability
 * Zone. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { NotJudged, TemplateIndex, azName, referencedId, str } from '../template';

export const ROUTE = 'AWS::EC2::Route';
const ASSOCIATION = 'AWS::EC2::SubnetRouteTableAssociation';

/** A regional NAT gateway (AvailabilityMode 'regional') spans the AZs of the VPC by itself. */
export const isRegionalNat = (nat: { Properties?: Record<string, any> }) => str(nat.Properties?.AvailabilityMode)?.toLowerCase() === 'regional';

export const isDefaultRoute = (cidr: unknown) => str(cidr) === '0.0.0.0/0';

/** The AZs of the subnets that use a route table (those whose AZ the template does not say are left out). */
export function routeTableAzs(routeTableId: string, t: TemplateIndex): string[] {
  return t.ofType(ASSOCIATION)
    .filter(([, a]) => referencedId(a.Properties?.RouteTableId) === routeTableId)
    .flatMap(([, a]) => {
      try {
        return [t.subnetAz(a.Properties?.SubnetId)];
      } catch (e) {
        if (e instanceof NotJudged) return [];
        throw e;
      }
    });
}

export const ROUTE_CROSS_AZ_NAT: ResilienceRule = {
  id: 'HA-NET1',
  level: RuleLevel.ERROR,
  title: "Private subnet's default route through a NAT gateway in another Availability Zone",
  why: "Losing the NAT gateway's AZ cuts this subnet's egress too, although its own AZ is healthy.",
  fix: 'Route each private subnet through the NAT gateway of its own AZ (one NAT gateway per AZ).',
  resourceTypes: [ROUTE],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    if (p.NatGatewayId === undefined || !isDefaultRoute(p.DestinationCidrBlock)) return undefined;
    const nat = t.target(p.NatGatewayId);
    const table = referencedId(p.RouteTableId);
    if (nat === undefined || table === undefined) throw new NotJudged('NAT gateways or route tables defined outside the template');
    if (isRegionalNat(nat)) return undefined;
    const natAz = t.subnetAz(nat.Properties?.SubnetId);
    const others = [...new Set(routeTableAzs(table, t).filter((az) => az !== natAz))];
    return others.length ? `the route serves subnets in ${others.map(azName).join(', ')} through a NAT gateway in ${azName(natAz)}` : undefined;
  },
};
