import { DEFAULTS, LIMITS } from './defaults';
import { ServiceEnvironment, ServiceOptions } from './options';
import { Validator } from './validation';

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
  readonly flowLogRetentionDays: number;
}

/** The VPC: created over `maxAzs` AZs with one NAT gateway each, or the user's, checked for the subnets each tier needs. */
export function planNetwork(o: ServiceOptions, env: ServiceEnvironment, v: Validator): NetworkPlan {
  const vpc = env.vpc;
  if (vpc && o.maxAzs !== undefined) {
    v.fail(`maxAzs applies only to the VPC the service creates; received maxAzs ${o.maxAzs} together with vpc`);
  }
  const maxAzsValid = v.integer('maxAzs', o.maxAzs, LIMITS.minAvailabilityZones, 64, 'AZs');
  const maxAzs = maxAzsValid && o.maxAzs !== undefined ? o.maxAzs : DEFAULTS.availabilityZones;
  const availabilityZones = vpc ? vpc.availabilityZones : env.regionAvailabilityZones.slice(0, maxAzs);
  if (vpc) {
    v.check(availabilityZones.length >= LIMITS.minAvailabilityZones,
      `vpc must span at least ${LIMITS.minAvailabilityZones} Availability Zones to survive the loss of one, received a VPC with ${availabilityZones.length}`);
    const need: Array<[boolean, boolean, string]> = [
      [true, vpc.privateSubnets, 'private subnets with egress (for the fleet)'],
      [o.internetFacing ?? true, vpc.publicSubnets, 'public subnets (for an internet-facing load balancer)'],
      [o.database ?? true, vpc.isolatedSubnets, 'isolated subnets (for the database)'],
    ];
    for (const [needed, has, what] of need) v.check(!needed || has, `vpc must have ${what}, received a VPC with none`);
  }
  return {
    createVpc: !vpc,
    maxAzs,
    availabilityZones,
    environmentAgnostic: availabilityZones.some((az) => env.isUnresolved(az)),
    natGateways: vpc ? vpc.natGateways : availabilityZones.length,
    subnetMasks: DEFAULTS.network.subnetMasks,
    flowLogRetentionDays: DEFAULTS.network.flowLogRetentionDays,
  };
}
