/**
 * Capacity you can count on when an AZ fails: the load balancer's reserved capacity units, the
 * group's AZ distribution strategy, On-Demand Capacity Reservations, the warm pool and the group's
 * deletion protection. Every decision is made here, on plain data; the renderers translate it.
 *
 * The figures are AWS's published ones (README, "Capacity you can count on when an AZ fails", names
 * each source).
 */
import { CapacityPlan, DemandProps, toFraction } from './demand';
import { DEFAULTS } from '../base/defaults';
import { Validator } from '../base/validation';

/**
 * What the Auto Scaling group does when launches fail in one of its AZs (its
 * `CapacityDistributionStrategy`).
 */
export enum CapacityDistributionStrategy {
  /**
   * Keep trying in the AZ where launches fail, so the group stays balanced. AWS recommends it for
   * groups that already carry the loss of an AZ with the capacity of the others (a statically
   * stable plan): the group is not skewed into the other AZs, where the next AZ loss would take more.
   */
  BALANCED_ONLY = 'balanced-only',
  /** Launch in another, healthy AZ when launches fail in one (AWS's default): the group keeps its size, unbalanced. */
  BALANCED_BEST_EFFORT = 'balanced-best-effort',
}

/** A warm pool of stopped, pre-initialised instances beside the fleet. Every field is optional. */
export interface WarmPoolOptions {
  /**
   * Stopped instances the pool keeps ready (0 or more).
   * @default - enough that the AZs left after losing one hold as many as one AZ runs at the minimum
   */
  readonly minSize?: number;
  /**
   * Whether instances go back to the pool (stopped) when the fleet scales in, instead of being terminated.
   * @default false
   */
  readonly reuseOnScaleIn?: boolean;
}

/**
 * On-Demand Capacity Reservations the fleet launches into first: the capacity AWS holds for you in
 * each AZ, whatever other customers launch when an AZ fails. Create the reservations (for the
 * fleet's first instance type, in each of its AZs) outside the service.
 */
export class CapacityReservations {
  /**
   * The account's open reservations whose attributes match an instance (type, platform, AZ, tenancy).
   * @param reservedInstancesPerAz instances reserved in each AZ of the service, for the report's reserved share of the minimum
   */
  public static open(reservedInstancesPerAz: number): CapacityReservations {
    return new CapacityReservations(undefined, reservedInstancesPerAz);
  }

  /**
   * The reservations of a Capacity Reservation resource group (targeted reservations).
   * @param resourceGroupArn ARN of the resource group, in the service's Region
   * @param reservedInstancesPerAz instances reserved in each AZ of the service, for the report's reserved share of the minimum
   */
  public static fromResourceGroup(resourceGroupArn: string, reservedInstancesPerAz: number): CapacityReservations {
    return new CapacityReservations(resourceGroupArn, reservedInstancesPerAz);
  }

  /** The resource group's ARN (undefined: open reservations). */
  public readonly resourceGroupArn?: string;
  /** Instances reserved in each AZ. */
  public readonly reservedInstancesPerAz: number;

  private constructor(resourceGroupArn: string | undefined, reservedInstancesPerAz: number) {
    this.resourceGroupArn = resourceGroupArn;
    this.reservedInstancesPerAz = reservedInstancesPerAz;
  }
}

/** The service options capacity assurance reads (a subset of the engine-neutral options). */
export interface AssuranceOptions {
  readonly capacity?: CapacityPlan;
  readonly scheduledDemand?: readonly { readonly peakRequestsPerSecond: number }[];
  readonly loadBalancerCapacityUnits?: number;
  readonly capacityDistributionStrategy?: CapacityDistributionStrategy;
  readonly capacityReservations?: CapacityReservations;
  readonly warmPool?: WarmPoolOptions;
  readonly deletionProtection?: boolean;
}

/**
 * What one load balancer capacity unit (LCU) of an Application Load Balancer covers, with EC2
 * instances as targets (Elastic Load Balancing pricing page). An hour's LCUs are those of its busiest
 * dimension.
 */
export const LCU = {
  newConnectionsPerSecond: 25,
  activeConnectionsPerMinute: 3000,
  /** 1 GB an hour (1 LCU is 2.2 Mbps, as the Network Load Balancer guide converts it). */
  processedBytesPerHour: 1_000_000_000,
  ruleEvaluationsPerSecond: 1000,
  /** Rule evaluations = request rate x (rules processed - 10 free rules). */
  freeRulesPerRequest: 10,
} as const;

/** The rules and price of a reservation of load balancer capacity units (`MinimumLoadBalancerCapacity`). */
export const LCU_RESERVATION = {
  /** The least an Application Load Balancer reserves: aws-cdk-lib's ApplicationLoadBalancer rejects less; AWS's examples reserve 100. */
  minimumUnits: 100,
  /** `CapacityUnits` is an integer. */
  maximumUnits: 2147483647,
  /** Service Quotas: reserved LCUs per Application Load Balancer (adjustable). */
  quotaPerLoadBalancer: 15000,
  /** Service Quotas: reserved ALB LCUs per Region, 0 until raised (adjustable). */
  quotaPerRegion: 0,
  quotaPerRegionCode: 'L-8A66D0E6',
  /** A reservation can be raised at any time, lowered twice a day. */
  decreasesPerDay: 2,
  /** Requests are usually provisioned within minutes, at most a few hours: what a deployment may wait. */
  provisioningWaitSeconds: 3 * 3600,
  /** The published price of a reserved LCU-hour (the same as a used one), and where and when it was read. */
  price: { usdPerUnitHour: 0.008, region: 'US East (N. Virginia)', asOf: 'November 2025' },
  /** Hours in a month, as AWS's pricing examples count them (730). */
  hoursPerMonth: 730,
} as const;

/**
 * Starting a stopped warm-pool instance: the best case AWS gave at launch ("as low as 30 seconds",
 * as InfoQ reported it in May 2021), used as a planning figure like the boot estimate.
 */
export const WARM_START_SECONDS = 30;

/** What the peak asks of the load balancer, from a demand plan. */
export interface LoadBalancerDemand {
  readonly requestsPerSecond: number;
  /** @default - one per request */
  readonly newConnectionsPerSecond?: number;
  /** @default - not counted */
  readonly activeConnections?: number;
  /** @default - not counted */
  readonly bytesPerRequest?: number;
  /** Listener rules processed per request (the service's listener has only its default rule). */
  readonly rulesPerRequest: number;
}

/** LCUs a peak needs in each dimension (a dimension not given is left out), and the busiest. */
export interface LoadBalancerCapacityNeeds {
  readonly newConnections: number;
  readonly activeConnections?: number;
  readonly processedBytes?: number;
  readonly ruleEvaluations: number;
  /** The busiest dimension's LCUs: what the peak needs. */
  readonly units: number;
  readonly busiest: 'newConnections' | 'activeConnections' | 'processedBytes' | 'ruleEvaluations';
}

/** The reservation the plan makes, and how it was sized. */
export interface LoadBalancerCapacityPlan {
  /** Units reserved (`MinimumLoadBalancerCapacity.CapacityUnits`), at least 100. */
  readonly units: number;
  /** Whether the units are known at synth (not a deploy-time value); the figures below are 0 when not. */
  readonly unitsKnown: boolean;
  /** Whether the units were sized from the demand plan or given (`loadBalancerCapacityUnits`). */
  readonly source: 'demand' | 'loadBalancerCapacityUnits';
  /** What the planned peak needs, by dimension (with a demand plan). */
  readonly needs?: LoadBalancerCapacityNeeds;
  /** Whether the reservation is sized so that the AZs left after losing one hold the peak's units. */
  readonly surviveAzLoss: boolean;
  /** Units left in service after losing an AZ (the reservation is spread evenly over the AZs). */
  readonly unitsAfterAzLoss: number;
  /** How long a deployment may wait for the reservation to be provisioned. */
  readonly provisioningWaitSeconds: number;
  /** The reservation's cost per hour at the published price (see {@link LCU_RESERVATION}). */
  readonly hourlyCostUsd: number;
  /** Scheduled peaks the reservation does not cover after losing an AZ, with the units each needs. */
  readonly scheduledPeaksAbove: Array<{ readonly prop: string; readonly peakRequestsPerSecond: number; readonly units: number }>;
}

/** What the load balancer reserves, or why it reserves nothing. */
export interface LoadBalancerCapacityDecision {
  readonly reservation?: LoadBalancerCapacityPlan;
  /** Why there is no reservation. */
  readonly offReason?: string;
  /**
   * With a demand plan and no reservation: the reservation the planned peak needs, for the report
   * and the info that say what to reserve (`loadBalancerCapacityUnits`) and what it would cost.
   */
  readonly toReserve?: LoadBalancerCapacityPlan;
}

/** An exact non-negative fraction. */
interface Fraction { readonly n: bigint; readonly d: bigint }

function frac(x: number): Fraction {
  const [n, d] = toFraction(x);
  return { n, d };
}
function mul(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.n, d: a.d * b.d };
}
function div(a: Fraction, b: Fraction): Fraction {
  return { n: a.n * b.d, d: a.d * b.n };
}
function greater(a: Fraction, b: Fraction): boolean {
  return a.n * b.d > b.n * a.d;
}
function ceil(a: Fraction): number {
  return Number((a.n + a.d - 1n) / a.d);
}
function value(a: Fraction): number {
  return Number(a.n) / Number(a.d);
}
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** A peak's LCUs, exactly, by the published dimensions. */
function needsExact(d: LoadBalancerDemand): Array<[LoadBalancerCapacityNeeds['busiest'], Fraction]> {
  const rps = frac(d.requestsPerSecond);
  const dims: Array<[LoadBalancerCapacityNeeds['busiest'], Fraction]> = [
    ['newConnections', div(frac(d.newConnectionsPerSecond ?? d.requestsPerSecond), frac(LCU.newConnectionsPerSecond))],
  ];
  if (d.activeConnections !== undefined) dims.push(['activeConnections', div(frac(d.activeConnections), frac(LCU.activeConnectionsPerMinute))]);
  if (d.bytesPerRequest !== undefined) {
    dims.push(['processedBytes', div(mul(mul(rps, frac(d.bytesPerRequest)), frac(3600)), frac(LCU.processedBytesPerHour))]);
  }
  const chargedRules = Math.max(0, d.rulesPerRequest - LCU.freeRulesPerRequest);
  dims.push(['ruleEvaluations', div(mul(rps, frac(chargedRules)), frac(LCU.ruleEvaluationsPerSecond))]);
  return dims;
}

/** The LCUs a peak needs in each published dimension, and in its busiest. */
export function loadBalancerCapacityNeeds(d: LoadBalancerDemand): LoadBalancerCapacityNeeds {
  const dims = needsExact(d);
  const [busiest] = dims.reduce((a, b) => (greater(b[1], a[1]) ? b : a));
  const by = Object.fromEntries(dims.map(([k, f]) => [k, round(value(f), 2)])) as Record<string, number>;
  return {
    newConnections: by.newConnections,
    activeConnections: by.activeConnections,
    processedBytes: by.processedBytes,
    ruleEvaluations: by.ruleEvaluations,
    units: by[busiest],
    busiest,
  };
}

/**
 * The units to reserve for a peak: its busiest dimension, over the AZs left after losing one when
 * the plan survives an AZ loss (the reservation is spread evenly over the AZs, so the k - 1 left hold
 * (k - 1) / k of it), rounded up to a whole unit, and at least the 100 an Application Load Balancer
 * reserves. Exact on the decimal values given.
 */
export function reservedUnitsFor(d: LoadBalancerDemand, azs: number, surviveAzLoss: boolean): number {
  const dims = needsExact(d);
  const [, busiest] = dims.reduce((a, b) => (greater(b[1], a[1]) ? b : a));
  const spread = surviveAzLoss && azs >= 2 ? div(busiest, { n: BigInt(azs - 1), d: BigInt(azs) }) : busiest;
  return Math.max(LCU_RESERVATION.minimumUnits, ceil(spread));
}

/** Units left in service after losing one of `azs` AZs, the reservation spread evenly over them. */
export function unitsAfterAzLoss(units: number, azs: number): number {
  return azs >= 2 ? round(units * (azs - 1) / azs, 2) : 0;
}

/** The peak's load balancer demand, from a capacity plan's demand. */
export function loadBalancerDemandOf(demand: DemandProps, requestsPerSecond = demand.peakRequestsPerSecond): LoadBalancerDemand {
  const ratio = requestsPerSecond / demand.peakRequestsPerSecond;
  const scaled = (v: number | undefined) => (v === undefined ? undefined : v * ratio);
  return {
    requestsPerSecond,
    newConnectionsPerSecond: scaled(demand.peakNewConnectionsPerSecond),
    activeConnections: scaled(demand.peakActiveConnections),
    bytesPerRequest: demand.bytesPerRequest,
    rulesPerRequest: DEFAULTS.listenerRulesPerRequest,
  };
}

/**
 * The load balancer's capacity reservation, which is opt-in: `loadBalancerCapacityUnits` reserves
 * that many units (0 or nothing: none). A reservation is billed whether used or not (at least 100
 * LCUs) and the Region's quota of reserved LCUs is 0 until raised, so the plan never reserves by
 * itself: with a demand plan it sizes what the peak needs (`toReserve`) for the report and an info.
 * Scheduled peaks never drive it: a reservation can be lowered only twice a day, so it holds the
 * plan's own peak around the clock and the report names the scheduled peaks above it.
 */
export function planLoadBalancerCapacity(o: AssuranceOptions, azs: number, v: Validator): LoadBalancerCapacityDecision {
  const given = o.loadBalancerCapacityUnits;
  const { minimumUnits, maximumUnits } = LCU_RESERVATION;
  if (given !== undefined && v.known(given)) {
    const ok = Number.isInteger(given) && (given === 0 || (given >= minimumUnits && given <= maximumUnits));
    v.check(ok, `loadBalancerCapacityUnits must be 0 (no reservation) or a whole number of load balancer capacity units from ${minimumUnits} `
      + `(the least an Application Load Balancer reserves) to ${maximumUnits}, received ${given}`);
    if (!ok) return { offReason: 'loadBalancerCapacityUnits is invalid' };
  }
  const demand = o.capacity?.demand;
  const survive = demand?.surviveAzLoss ?? true;
  const needs = demand && loadBalancerDemandOf(demand);
  const sized = (units: number, source: LoadBalancerCapacityPlan['source']): LoadBalancerCapacityPlan => {
    // A deploy-time value (a token) is reserved as it is; its figures are unknown.
    const known = v.known(units);
    const afterLoss = known ? unitsAfterAzLoss(units, azs) : 0;
    const scheduledPeaksAbove = (o.scheduledDemand ?? []).flatMap((d, i) => {
      if (!demand || !known || !(d.peakRequestsPerSecond > 0)) return [];
      const scheduled = loadBalancerCapacityNeeds(loadBalancerDemandOf(demand, d.peakRequestsPerSecond));
      return scheduled.units > afterLoss
        ? [{ prop: `scheduledDemand[${i}]`, peakRequestsPerSecond: d.peakRequestsPerSecond, units: scheduled.units }]
        : [];
    });
    return {
      units,
      unitsKnown: known,
      source,
      needs: needs && loadBalancerCapacityNeeds(needs),
      surviveAzLoss: survive,
      unitsAfterAzLoss: afterLoss,
      provisioningWaitSeconds: LCU_RESERVATION.provisioningWaitSeconds,
      hourlyCostUsd: known ? round(units * LCU_RESERVATION.price.usdPerUnitHour, 4) : 0,
      scheduledPeaksAbove,
    };
  };
  const toReserve = needs && sized(reservedUnitsFor(needs, azs, survive), 'demand');
  if (given === 0) return { offReason: 'turned off (loadBalancerCapacityUnits: 0)', toReserve };
  if (given === undefined) {
    return {
      offReason: needs ? 'a reservation is opt-in (loadBalancerCapacityUnits)' : 'a reservation is opt-in (loadBalancerCapacityUnits), and there is no demand plan to size one from',
      toReserve,
    };
  }
  return { reservation: sized(given, 'loadBalancerCapacityUnits') };
}

/** What reserving `r` costs, by the hour and by the month, at the published price. */
export function reservationCost(r: LoadBalancerCapacityPlan): { readonly hourlyUsd: number; readonly monthlyUsd: number } {
  return { hourlyUsd: r.hourlyCostUsd, monthlyUsd: Math.round(r.hourlyCostUsd * LCU_RESERVATION.hoursPerMonth) };
}

/** The group's AZ distribution strategy and why. */
export interface CapacityDistributionPlan {
  readonly strategy: CapacityDistributionStrategy;
  readonly reason: string;
  /** Whether the AZs left after losing the fullest carry the planned peak at the target utilization. */
  readonly staticallyStable: boolean;
}

/** On-Demand Capacity Reservations the group launches into first. */
export interface CapacityReservationPlan {
  /** `CapacityReservationPreference`: reservations first, then On-Demand. */
  readonly preference: 'capacity-reservations-first';
  /** The resource group targeted (undefined: open reservations). */
  readonly resourceGroupArn?: string;
  readonly reservedInstancesPerAz: number;
  /** Instances of the minimum fleet that run in reserved capacity. */
  readonly reservedInstances: number;
  /** The same as % of the minimum. */
  readonly reservedSharePercent: number;
}

/** The warm pool of stopped instances. */
export interface WarmPoolPlan {
  readonly poolState: 'Stopped';
  /** Stopped instances kept ready (also the most the group prepares beyond it: the pool's size is fixed). */
  readonly minSize: number;
  readonly maxGroupPreparedCapacity: number;
  readonly reuseOnScaleIn: boolean;
  /** EBS storage the stopped instances keep, GiB: what a stopped pool costs. */
  readonly storageGiB: number;
}

/** What the fleet does to stay at its planned capacity when an AZ fails. */
export interface FleetAssurancePlan {
  readonly capacityDistribution: CapacityDistributionPlan;
  readonly capacityReservation?: CapacityReservationPlan;
  readonly warmPool?: WarmPoolPlan;
  /** The group's `DeletionProtection` as planned. */
  readonly deletionProtection: 'prevent-all-deletion' | 'none';
  /**
   * Where it is set: in the template (the default), or, for an engine that rolls a failed create
   * back, by the group's release once the group is created (see tiers/rollback-release.ts), so that
   * a failure of the group's own create rolls back.
   */
  readonly deletionProtectionSetBy?: 'template' | 'release';
  /** Why the group is not protected although `deletionProtection` (default true) asks for it: the renderer cannot set it. */
  readonly deletionProtectionUnavailable?: string;
}

/** What the fleet planner knows when it plans the fleet's assurance. */
export interface FleetAssuranceBasis {
  readonly availabilityZones: number;
  readonly minCapacity: number;
  readonly rootVolumeSizeGiB: number;
  /** The demand behind the plan, with its utilization resolved. */
  readonly demand?: { readonly peakRequestsPerSecond: number; readonly requestsPerSecondPerInstance: number; readonly targetUtilization: number };
  /** The Region, or a reference to it. */
  readonly region: string;
  /** Why the renderer cannot set the group's deletion protection, when it cannot. */
  readonly deletionProtectionUnavailable?: string;
}

/** Instances in each AZ at the minimum: the fullest AZs first, as Auto Scaling balances them. */
export function instancesByAz(minCapacity: number, azs: number): number[] {
  const base = Math.floor(minCapacity / azs);
  const extra = minCapacity % azs;
  return Array.from({ length: azs }, (_, i) => base + (i < extra ? 1 : 0));
}

/**
 * Whether what is left after losing the fullest AZ carries the peak at the target utilization:
 * left x rate x utilization >= peak, exactly on the decimal values given.
 */
export function carriesPeakAfterAzLoss(minCapacity: number, azs: number, demand: FleetAssuranceBasis['demand']): boolean {
  if (!demand || azs < 2) return false;
  const left = minCapacity - Math.ceil(minCapacity / azs);
  const served = mul(mul(frac(left), frac(demand.requestsPerSecondPerInstance)), frac(demand.targetUtilization));
  return !greater(frac(demand.peakRequestsPerSecond), served);
}

/** `balanced-only` where AWS recommends it (the other AZs carry the loss of one), else AWS's default. */
export function planCapacityDistribution(
  chosen: CapacityDistributionStrategy | undefined, staticallyStable: boolean, v: Validator,
): CapacityDistributionPlan {
  const allowed = Object.values(CapacityDistributionStrategy) as string[];
  if (chosen !== undefined && !allowed.includes(chosen)) {
    v.fail(`capacityDistributionStrategy must be one of ${allowed.map((s) => `'${s}'`).join(', ')}, received ${JSON.stringify(chosen)}`);
  }
  const fromPlan = staticallyStable ? CapacityDistributionStrategy.BALANCED_ONLY : CapacityDistributionStrategy.BALANCED_BEST_EFFORT;
  const strategy = chosen !== undefined && allowed.includes(chosen) ? chosen : fromPlan;
  let reason: string;
  if (chosen !== undefined && chosen !== fromPlan) {
    reason = `chosen (capacityDistributionStrategy); the plan would keep ${fromPlan}`;
  } else if (staticallyStable) {
    reason = 'the other AZs carry the peak without the lost one (static stability), so the group keeps launching in the failing AZ rather than '
      + 'piling instances into the others, as AWS recommends for groups that tolerate the loss of an AZ';
  } else {
    reason = 'the plan cannot show that the other AZs carry the peak without one (no demand plan, or below the peak after an AZ loss), '
      + 'so the group keeps its size by launching in healthy AZs (AWS\'s default)';
  }
  return { strategy, reason, staticallyStable };
}

/** A resource group ARN as the Resource Groups API writes it. */
const RESOURCE_GROUP_ARN = /^arn:aws(-[a-z]+)*:resource-groups:([a-z]{2}(-[a-z]+)+-\d):[0-9]{12}:group\/([a-zA-Z0-9_.-]{1,300}|[a-zA-Z0-9_.-]{1,150}\/[a-z0-9]{26})$/;

/** The reservations' share of the minimum fleet, AZ by AZ. */
export function planCapacityReservation(
  reservations: CapacityReservations | undefined, b: FleetAssuranceBasis, v: Validator,
): CapacityReservationPlan | undefined {
  if (!reservations) return undefined;
  const perAz = reservations.reservedInstancesPerAz;
  const perAzOk = v.wholeAtLeast('capacityReservations.reservedInstancesPerAz', perAz, 1, 2147483647, 'instances');
  const arn = reservations.resourceGroupArn;
  if (arn !== undefined && !v.isUnresolved(arn)) {
    const parts = RESOURCE_GROUP_ARN.exec(arn);
    if (v.check(!!parts, `capacityReservations.resourceGroupArn must be a resource group ARN such as arn:aws:resource-groups:eu-west-1:123456789012:group/my-reservations, received ${JSON.stringify(arn)}`)
      && !v.isUnresolved(b.region)) {
      v.check(parts![2] === b.region, `capacityReservations.resourceGroupArn must be in the service's Region ${b.region}, received one in ${parts![2]}`);
    }
  }
  const reserved = perAzOk && v.known(perAz) ? instancesByAz(b.minCapacity, b.availabilityZones).reduce((sum, n) => sum + Math.min(n, perAz), 0) : 0;
  return {
    preference: 'capacity-reservations-first',
    resourceGroupArn: arn,
    reservedInstancesPerAz: perAz,
    reservedInstances: reserved,
    reservedSharePercent: round(100 * reserved / b.minCapacity, 1),
  };
}

/**
 * The warm pool: a fixed number of stopped instances (MinSize = MaxGroupPreparedCapacity), a faster
 * start and not a reservation (a stopped instance holds no capacity). It takes the fleet's mixed
 * instances policy, which is On-Demand without weights: AWS added warm pools to groups with mixed
 * instances policies in November 2025 ("EC2 Auto Scaling announces warm pool support for mixed
 * instances policies", What's New 2025/11: "groups configured for multiple On-Demand Instance types
 * through manual instance type lists or attribute-based instance type selection"); the older
 * PutWarmPool reference that excluded them no longer does (botocore 1.43's model). By
 * default enough that, spread evenly, the AZs left after losing one hold as many as the fullest AZ
 * runs at the minimum. It shortens replacements and scale-outs in AZs that can launch; it does not
 * refill a lost AZ's share: with balanced-only the group keeps launching that share into the failing
 * AZ, and a zonally shifted AZ is not replaced elsewhere (failure-semantics `asg.balancedOnly.azLoss`).
 * The AZ-loss capacity is the static one.
 */
export function planWarmPool(o: AssuranceOptions, b: FleetAssuranceBasis, v: Validator): WarmPoolPlan | undefined {
  if (!o.warmPool) return undefined;
  const azs = b.availabilityZones;
  const fullest = Math.ceil(b.minCapacity / azs);
  const byDefault = azs >= 2 ? Math.ceil(fullest / (azs - 1)) * azs : fullest;
  const minSize = o.warmPool.minSize ?? byDefault;
  v.wholeAtLeast('warmPool.minSize', o.warmPool.minSize, 0, 2147483647, 'instances');
  return {
    poolState: 'Stopped',
    minSize,
    maxGroupPreparedCapacity: minSize,
    reuseOnScaleIn: o.warmPool.reuseOnScaleIn ?? false,
    storageGiB: v.known(minSize) ? minSize * b.rootVolumeSizeGiB : 0,
  };
}

/** Every assurance decision about the fleet. */
export function planFleetAssurance(o: AssuranceOptions, b: FleetAssuranceBasis, v: Validator): FleetAssurancePlan {
  const staticallyStable = carriesPeakAfterAzLoss(b.minCapacity, b.availabilityZones, b.demand);
  const requested = o.deletionProtection ?? true;
  return {
    capacityDistribution: planCapacityDistribution(o.capacityDistributionStrategy, staticallyStable, v),
    capacityReservation: planCapacityReservation(o.capacityReservations, b, v),
    warmPool: planWarmPool(o, b, v),
    deletionProtection: requested && b.deletionProtectionUnavailable === undefined ? 'prevent-all-deletion' : 'none',
    deletionProtectionUnavailable: requested ? b.deletionProtectionUnavailable : undefined,
  };
}


/** The report's figures of the capacity the service can count on. */
export interface CapacityFigures {
  readonly loadBalancerCapacityUnits: number;
  readonly loadBalancerCapacity: string;
  readonly loadBalancerCapacityHourlyCostUsd: number;
  readonly loadBalancerCapacityUnitsToReserve?: number;
  readonly loadBalancerCapacityToReserveHourlyCostUsd?: number;
  readonly capacityDistributionStrategy: string;
  readonly capacityDistribution: string;
  readonly reservedShareOfMinimumPercent?: number;
  readonly capacityReservations?: string;
  readonly warmPoolInstances?: number;
  readonly warmPool?: string;
  readonly fleetDeletionProtection: string;
}

const DIMENSION_NAMES: Record<LoadBalancerCapacityNeeds['busiest'], string> = {
  newConnections: 'new connections',
  activeConnections: 'active connections',
  processedBytes: 'processed bytes',
  ruleEvaluations: 'rule evaluations',
};

/** How a reservation was (or would be) sized, in words: by each LCU dimension, over the AZs left after losing one. */
function sizingWords(r: LoadBalancerCapacityPlan, azs: number, peak: number | undefined): string {
  const n = r.needs;
  const dims = n && [
    `new connections ${n.newConnections}`,
    n.activeConnections !== undefined ? `active connections ${n.activeConnections}` : 'active connections not given',
    n.processedBytes !== undefined ? `processed bytes ${n.processedBytes}` : 'bytes per request not given',
    `rule evaluations ${n.ruleEvaluations} (requests x listener rules beyond the 10 free)`,
  ].join(', ');
  return r.source === 'demand'
    ? `sized for the planned peak of ${peak} requests a second, which needs ${n!.units} LCUs in its busiest dimension, ${DIMENSION_NAMES[n!.busiest]} (${dims})`
      + (r.surviveAzLoss && azs >= 2 ? `, over the ${azs - 1} AZs left after losing one (x ${azs}/${azs - 1}: the reservation is spread evenly over the AZs)` : '')
      + (r.units === LCU_RESERVATION.minimumUnits ? `, at least the ${LCU_RESERVATION.minimumUnits} an Application Load Balancer reserves` : '')
    : `set by loadBalancerCapacityUnits${n ? ` (the planned peak needs ${n.units} LCUs: ${dims})` : ''}`;
}

/** The published price a cost figure is taken at. */
function priceWords(): string {
  const { price } = LCU_RESERVATION;
  return `at $${price.usdPerUnitHour} per reserved LCU-hour (${price.region}, ${price.asOf}; other Regions differ)`;
}

/** The load balancer's reservation in words: how it was sized, what it keeps after an AZ loss, what it costs; or what one would take. */
function describeLoadBalancerCapacity(d: LoadBalancerCapacityDecision, azs: number, peak: number | undefined): string {
  const r = d.reservation;
  if (!r) {
    const t = d.toReserve;
    if (!t) return `none: ${d.offReason}`;
    const cost = reservationCost(t);
    return `none: ${d.offReason}. To take the planned peak at once, reserve ${t.units} LCUs (loadBalancerCapacityUnits: ${t.units}), ${sizingWords(t, azs, peak)}; `
      + `${t.unitsAfterAzLoss} LCUs would stay in service after losing an AZ; $${cost.hourlyUsd} an hour (about $${cost.monthlyUsd} a month) ${priceWords()}, `
      + `billed whether used or not; the Region's quota of reserved Application Load Balancer LCUs is ${LCU_RESERVATION.quotaPerRegion} until raised `
      + `(Service Quotas, ${LCU_RESERVATION.quotaPerRegionCode}). Without one the load balancer scales up by itself as traffic grows`;
  }
  if (!r.unitsKnown) return 'set by loadBalancerCapacityUnits, a value known at deploy time';
  const scheduled = r.scheduledPeaksAbove.length
    ? '; not reserved for (the reservation holds the plan\'s own peak, since it can be lowered only twice a day): '
      + r.scheduledPeaksAbove.map((s) => `${s.prop} (${s.peakRequestsPerSecond} requests a second, ${s.units} LCUs)`).join(', ')
    : '';
  return `${r.units} LCUs, ${sizingWords(r, azs, peak)}; ${r.unitsAfterAzLoss} LCUs stay in service after losing an AZ${scheduled}; `
    + `$${r.hourlyCostUsd} an hour ${priceWords()}, plus any LCUs used beyond the reservation`;
}

/** The report's capacity figures, from the load balancer's and the fleet's plans. */
export function capacityFigures(
  lb: LoadBalancerCapacityDecision,
  fleet: FleetAssurancePlan,
  b: { readonly availabilityZones: number; readonly minCapacity: number; readonly peakRequestsPerSecond?: number },
): CapacityFigures {
  const reservation = fleet.capacityReservation;
  const warm = fleet.warmPool;
  return {
    loadBalancerCapacityUnits: lb.reservation?.units ?? 0,
    loadBalancerCapacity: describeLoadBalancerCapacity(lb, b.availabilityZones, b.peakRequestsPerSecond),
    loadBalancerCapacityHourlyCostUsd: lb.reservation?.hourlyCostUsd ?? 0,
    loadBalancerCapacityUnitsToReserve: lb.reservation ? undefined : lb.toReserve?.units,
    loadBalancerCapacityToReserveHourlyCostUsd: lb.reservation ? undefined : lb.toReserve?.hourlyCostUsd,
    capacityDistributionStrategy: fleet.capacityDistribution.strategy,
    capacityDistribution: fleet.capacityDistribution.reason,
    reservedShareOfMinimumPercent: reservation?.reservedSharePercent,
    capacityReservations: reservation && `${reservation.reservedInstances} of the ${b.minCapacity} instances of the minimum run in On-Demand Capacity Reservations `
      + `(${reservation.reservedInstancesPerAz} reserved per AZ, ${reservation.resourceGroupArn ? 'the resource group\'s' : 'open'} reservations, launched into first, then On-Demand)`,
    warmPoolInstances: warm?.minSize,
    warmPool: warm && `${warm.minSize} stopped instances, pre-initialised (the app installed and healthy once), started instead of booted when the fleet scales out: `
      + 'a faster start, not a reservation (a stopped instance holds no EC2 capacity, so starting one in the AZs left after a loss can fail for want of capacity like any launch); '
      + `they cost their ${warm.storageGiB} GiB of EBS volumes while stopped${warm.reuseOnScaleIn ? '; scale-in returns instances to the pool' : ''}`,
    fleetDeletionProtection: fleet.deletionProtectionUnavailable !== undefined
      ? `none: ${fleet.deletionProtectionUnavailable}; deletionProtection protects the load balancer and the database`
      : fleet.deletionProtection === 'prevent-all-deletion' ? 'prevent-all-deletion (deletionProtection): the group cannot be deleted until it is turned off' : 'none (deletionProtection: false)',
  };
}
