/**
 * The network tier: the VPC the service creates (or the user's it checks), its subnets per AZ and NAT
 * gateways.
 */
import { DEFAULTS, LIMITS } from '../base/defaults';
import { Validator } from '../base/validation';
import { ServiceEnvironment, ServiceOptions, propNames } from '../options/options';

/** Where the service runs. */
export interface NetworkPlan {
  /** Whether the service creates its VPC (else it uses the user's). */
  readonly createVpc: boolean;
  /** AZs a created VPC spans. */
  readonly maxAzs: number;
  /** The AZ names (or references) the service spans. */
  readonly availabilityZones: string[];
  /** Whether the AZ names are references resolved at deploy time (an environment-agnostic stack). */
  readonly environmentAgnostic: boolean;
  /** NAT gateways of the VPC, when known: one per AZ in a created VPC. */
  readonly natGateways?: number;
  /** CIDR prefix lengths of a created VPC's subnets. */
  readonly subnetMasks: { readonly public: number; readonly private: number; readonly isolated: number };
  /** A created VPC's address range. */
  readonly vpcCidr: string;
  /** A created VPC's subnets, tier by tier and AZ by AZ (empty with the user's VPC). */
  readonly subnets: SubnetPlan[];
  readonly flowLogRetentionDays: number;
  /**
   * The flow logs outlive the service, and so does the key that encrypts them: logs kept without
   * their key could never be read again.
   */
  readonly flowLogsRetained: boolean;
}

export type SubnetTier = 'public' | 'private' | 'isolated';

/** One subnet of a created VPC. */
export interface SubnetPlan {
  readonly tier: SubnetTier;
  /** Index into the service's AZs. */
  readonly azIndex: number;
  readonly cidr: string;
}

const TIERS: SubnetTier[] = ['public', 'private', 'isolated'];

/** aws-cdk-lib's subnet type of each tier (`ec2.SubnetType`), for messages. */
const SUBNET_GROUP_TYPES: Record<SubnetTier, string> = { public: 'PUBLIC', private: 'PRIVATE_WITH_EGRESS', isolated: 'PRIVATE_ISOLATED' };

/**
 * Subnet ranges as aws-cdk-lib's Vpc allocates them, so both renderers build the same network:
 * tier by tier, AZ by AZ, each block at the next address aligned to its size.
 */
export function allocateSubnets(vpcCidr: string, masks: Record<SubnetTier, number>, azs: number): SubnetPlan[] {
  const [base, prefix] = vpcCidr.split('/');
  const start = base.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const end = start + 2 ** (32 - Number(prefix));
  let cursor = start;
  const subnets: SubnetPlan[] = [];
  for (const tier of TIERS) {
    const size = 2 ** (32 - masks[tier]);
    for (let azIndex = 0; azIndex < azs; azIndex++) {
      cursor = Math.ceil(cursor / size) * size;
      if (cursor + size > end) throw new Error(`${vpcCidr} has no room for ${azs} ${tier} subnets of /${masks[tier]}`);
      subnets.push({ tier, azIndex, cidr: `${[24, 16, 8, 0].map((shift) => Math.floor(cursor / 2 ** shift) % 256).join('.')}/${masks[tier]}` });
      cursor += size;
    }
  }
  return subnets;
}

/** The VPC: created over `maxAzs` AZs with one NAT gateway each, or the user's, checked for the subnets each tier needs. */
export function planNetwork(o: ServiceOptions, env: ServiceEnvironment, v: Validator): NetworkPlan {
  const vpc = env.vpc;
  if (vpc && o.maxAzs !== undefined) {
    v.fail(`maxAzs applies only to the VPC the service creates; received maxAzs ${o.maxAzs} together with ${propNames(o).vpc}`);
  }
  const maxAzsValid = v.integer('maxAzs', o.maxAzs, LIMITS.minAvailabilityZones, 64, 'AZs');
  const maxAzs = maxAzsValid && o.maxAzs !== undefined ? o.maxAzs : DEFAULTS.availabilityZones;
  const availabilityZones = vpc ? vpc.availabilityZones : env.regionAvailabilityZones.slice(0, maxAzs);
  const known = availabilityZones.filter((az) => !env.isUnresolved(az));
  const azNames = propNames(o).availabilityZones;
  v.check(new Set(known).size === known.length, `${azNames} must name each AZ once, received ${known.join(', ')}`);
  if (!env.isUnresolved(env.region)) {
    const elsewhere = known.filter((az) => !az.startsWith(env.region));
    v.check(elsewhere.length === 0, `${azNames} must be AZs of the region ${env.region}, received ${elsewhere.join(', ')}`);
  }
  if (!vpc && (o.maxAzs === undefined || maxAzsValid)) {
    // An Application Load Balancer needs subnets in at least two AZs (ELB CreateLoadBalancer:
    // "you must specify subnets from at least two Availability Zones"), and the service is built to
    // survive the loss of one. (A maxAzs below 2 is reported as such above.)
    v.check(availabilityZones.length >= LIMITS.minAvailabilityZones,
      `${azNames} must hold at least ${LIMITS.minAvailabilityZones} AZs for the VPC the service creates, received ${availabilityZones.length}${known.length ? ` (${known.join(', ')})` : ''}`);
  }
  if (vpc?.subnetIds && availabilityZones.length === 0) {
    // Subnets given by id: their AZs, in the same order, are what the plan spreads over.
    v.fail('availabilityZones must list the AZs of the given subnets, in their order, with vpcId; received none');
  } else if (vpc) {
    v.check(availabilityZones.length >= LIMITS.minAvailabilityZones,
      `${propNames(o).vpc} must span at least ${LIMITS.minAvailabilityZones} Availability Zones to survive the loss of one, received a VPC with ${availabilityZones.length}`);
    // What needs each kind of subnet, and how to do without it.
    const cache = o.cache ?? (o.cacheNodeType !== undefined || o.cacheNodes !== undefined);
    const database = o.database ?? true;
    const isolatedFor = [database && 'the database', cache && 'the cache'].filter((x) => x).join(' and ');
    const need: Array<[SubnetTier, boolean, boolean, string, string[]]> = [
      ['private', true, vpc.privateSubnets, 'private subnets with egress (for the fleet)', []],
      ['public', o.internetFacing ?? true, vpc.publicSubnets, 'public subnets (for an internet-facing load balancer)', ['internetFacing: false']],
      ['isolated', database || cache, vpc.isolatedSubnets, `isolated subnets (for ${isolatedFor})`,
        [database && 'database: false', cache && 'cache: false'].filter((x): x is string => typeof x === 'string')],
    ];
    const names = propNames(o);
    for (const [tier, needed, has, what, without] of need) {
      if (!needed || has) continue;
      const orWithout = without.length ? `; or set ${without.join(' and ')}` : '';
      v.fail(names.subnetIds
        ? `${names.subnetIds[tier]} must list the ${what} of ${names.vpc}, one per AZ, received none${orWithout}`
        : `${names.vpc} must have ${what}, received a VPC with none: give it a ${SUBNET_GROUP_TYPES[tier]} subnet group${orWithout}`);
    }
    // Subnets given by id (the Terraform flavor): one per AZ, in the AZs' order.
    for (const [tier, ids] of Object.entries(vpc.subnetIds ?? {})) {
      v.check(ids.length === 0 || ids.length === availabilityZones.length,
        `${tier}SubnetIds must list one subnet per AZ of availabilityZones (${availabilityZones.length}), received ${ids.length}`);
    }
  }
  return {
    createVpc: !vpc,
    maxAzs,
    availabilityZones,
    // Looked up at deploy time (Terraform's data source), the AZs are unknown but as many as asked.
    environmentAgnostic: !env.availabilityZonesLookedUp && !env.lookupPending && availabilityZones.some((az) => env.isUnresolved(az)),
    natGateways: vpc ? vpc.natGateways : availabilityZones.length,
    subnetMasks: DEFAULTS.network.subnetMasks,
    vpcCidr: DEFAULTS.network.vpcCidr,
    subnets: vpc ? [] : allocateSubnets(DEFAULTS.network.vpcCidr, DEFAULTS.network.subnetMasks, availabilityZones.length),
    flowLogRetentionDays: DEFAULTS.network.flowLogRetentionDays,
    flowLogsRetained: true,
  };
}
