/**
 * Who may reach what: the service's security groups and the rules between them, with their
 * descriptions. EC2 accepts only `a-zA-Z0-9. _-:/()#,@[]+=&;{}!$*` in these descriptions (no
 * apostrophe), and a group's description cannot change without replacing the group (in
 * CloudFormation and in Terraform alike): the group descriptions below are frozen.
 */

/** The service's security groups. */
export type AccessGroup = 'loadBalancer' | 'fleet' | 'database' | 'cache' | 'databaseProxy';

/** One rule of a security group. */
export interface AccessRulePlan {
  /** Stable id, e.g. `CacheFromFleet`. */
  readonly id: string;
  /** The group the rule belongs to. */
  readonly group: AccessGroup;
  readonly direction: 'ingress' | 'egress';
  /**
   * The other end: a group of the service, a CIDR block (`0.0.0.0/0` with `allTraffic`), or the
   * range of the user's VPC, which only the renderer can read.
   */
  readonly peer: { readonly group: AccessGroup } | { readonly cidr: string } | { readonly vpcCidr: true };
  /** The TCP port, or every protocol and port. */
  readonly port: number | 'allTraffic';
  readonly description: string;
}

/** The service's security groups and their rules. */
export interface AccessPlan {
  /** The description of each group the service creates (frozen: a change replaces the group). */
  readonly groupDescriptions: Partial<Record<AccessGroup, string>>;
  readonly rules: AccessRulePlan[];
}

/** The descriptions of the groups: never change one, it would replace the group and everything attached to it. */
export const GROUP_DESCRIPTIONS: Record<AccessGroup, string> = {
  loadBalancer: 'Load balancer: the listener ports from the allowed CIDR blocks only',
  fleet: 'Service instances: the app port from the load balancer only',
  database: 'Service database: its port from the service instances only',
  cache: 'Cache of the service: reachable from the fleet only',
  databaseProxy: 'RDS Proxy of the service: reachable from the fleet only',
};

/** What the access plan is made from. */
export interface AccessInputs {
  readonly listenerPorts: number[];
  readonly allowedCidrs: string[];
  /** Whether the user's VPC's own range is admitted on the listener ports. */
  readonly allowVpcCidr?: boolean;
  readonly appPort: number;
  /** The database's port, with a database. */
  readonly databasePort?: number;
  /** The port clients reach the proxy on, with RDS Proxy. */
  readonly databaseProxyPort?: number;
  /** The cache's port, with a cache. */
  readonly cachePort?: number;
}

/**
 * The rules of the service's groups: the listener ports from the allowed CIDR blocks, the app
 * port from the load balancer only, the fleet out to anywhere (package mirrors, Systems Manager,
 * the data tiers, through the NAT gateways), each data tier in from the fleet only, and the
 * database behind RDS Proxy in from the proxy only.
 */
export function planAccess(i: AccessInputs): AccessPlan {
  const rules: AccessRulePlan[] = [];
  const rule = (r: AccessRulePlan) => rules.push(r);
  i.allowedCidrs.forEach((cidr, n) => i.listenerPorts.forEach((port) => rule({
    id: `LoadBalancerIngress${port}From${n + 1}`, group: 'loadBalancer', direction: 'ingress', peer: { cidr }, port, description: `Listener ${port} from ${cidr}`,
  })));
  if (i.allowVpcCidr) {
    for (const port of i.listenerPorts) {
      rule({
        id: `LoadBalancerIngress${port}FromVpc`, group: 'loadBalancer', direction: 'ingress', peer: { vpcCidr: true }, port, description: `Listener ${port} from the VPC`,
      });
    }
  }
  rule({ id: 'LoadBalancerEgressToFleet', group: 'loadBalancer', direction: 'egress', peer: { group: 'fleet' }, port: i.appPort, description: 'The app port of the fleet' });
  rule({ id: 'FleetIngressFromLoadBalancer', group: 'fleet', direction: 'ingress', peer: { group: 'loadBalancer' }, port: i.appPort, description: 'The app port from the load balancer' });
  rule({ id: 'FleetEgress', group: 'fleet', direction: 'egress', peer: { cidr: '0.0.0.0/0' }, port: 'allTraffic', description: 'All outbound' });
  const groupDescriptions: Partial<Record<AccessGroup, string>> = {
    loadBalancer: GROUP_DESCRIPTIONS.loadBalancer, fleet: GROUP_DESCRIPTIONS.fleet,
  };
  if (i.cachePort !== undefined) {
    groupDescriptions.cache = GROUP_DESCRIPTIONS.cache;
    rule({ id: 'CacheIngressFromFleet', group: 'cache', direction: 'ingress', peer: { group: 'fleet' }, port: i.cachePort, description: 'The fleet of the service' });
  }
  if (i.databasePort !== undefined) {
    groupDescriptions.database = GROUP_DESCRIPTIONS.database;
    if (i.databaseProxyPort === undefined) {
      rule({ id: 'DatabaseIngressFromFleet', group: 'database', direction: 'ingress', peer: { group: 'fleet' }, port: i.databasePort, description: 'Service instances' });
    } else {
      groupDescriptions.databaseProxy = GROUP_DESCRIPTIONS.databaseProxy;
      rule({
        id: 'DatabaseProxyIngressFromFleet', group: 'databaseProxy', direction: 'ingress', peer: { group: 'fleet' }, port: i.databaseProxyPort, description: 'The fleet of the service',
      });
      rule({
        id: 'DatabaseIngressFromProxy', group: 'database', direction: 'ingress', peer: { group: 'databaseProxy' }, port: i.databasePort, description: 'The RDS Proxy of the service',
      });
      rule({
        id: 'DatabaseProxyEgressToDatabase', group: 'databaseProxy', direction: 'egress', peer: { group: 'database' }, port: i.databasePort, description: 'The database of the service',
      });
    }
  }
  return { groupDescriptions, rules };
}

/** The rules of one group, in one direction. */
export function rulesOf(plan: AccessPlan, group: AccessGroup, direction?: 'ingress' | 'egress'): AccessRulePlan[] {
  return plan.rules.filter((r) => r.group === group && (direction === undefined || r.direction === direction));
}

/** A rule by id; throws for one the plan does not have. */
export function accessRule(plan: AccessPlan, id: string): AccessRulePlan {
  const found = plan.rules.find((r) => r.id === id);
  if (!found) throw new Error(`the access plan has no rule ${id}`);
  return found;
}
