/**
 * AZ math: CapacityPlan sizes the fleet from demand (or takes fixed bounds) so the AZs left after
 * losing one carry the peak. Exact decimal arithmetic, property-tested.
 */
import { DEFAULTS } from '../base/defaults';
import { ServiceValidationError } from '../base/validation';

/** Expected demand, from which {@link CapacityPlan.fromDemand} sizes the fleet. */
export interface DemandProps {
  /** Requests per second at the busiest time. */
  readonly peakRequestsPerSecond: number;
  /** Requests per second one instance sustains flat out. */
  readonly requestsPerSecondPerInstance: number;
  /**
   * Fraction of an instance's capacity the plan fills at peak, in (0, 1].
   * @default 0.7
   */
  readonly targetUtilization?: number;
  /**
   * AZs the fleet spans.
   * @default - the service's AZ count
   */
  readonly availabilityZones?: number;
  /**
   * Whether the surviving AZs must carry the peak alone after one AZ is lost (static stability).
   * @default true
   */
  readonly surviveAzLoss?: boolean;
  /**
   * Max capacity = burstFactor x min capacity (rounded up), at least 1.
   * @default 2
   */
  readonly burstFactor?: number;
  /**
   * New connections a second at the peak, for the load balancer's capacity reservation (a load
   * balancer capacity unit covers 25 a second).
   * @default - one per request: no client reuses a connection (the most the peak can open)
   */
  readonly peakNewConnectionsPerSecond?: number;
  /**
   * Connections open at once at the peak, for the load balancer's capacity reservation (a load
   * balancer capacity unit covers 3,000 a minute).
   * @default - not counted
   */
  readonly peakActiveConnections?: number;
  /**
   * Bytes the load balancer processes per request, request and response with their headers, for
   * its capacity reservation (a load balancer capacity unit covers 1 GB an hour).
   * @default - not counted
   */
  readonly bytesPerRequest?: number;
}

/** Fixed fleet bounds for {@link CapacityPlan.fixed}, optionally with the demand they must meet. */
export interface FixedCapacityProps {
  /** Minimum instances. */
  readonly minCapacity: number;
  /** Maximum instances. */
  readonly maxCapacity: number;
  /**
   * The peak the fixed fleet is expected to serve. With `requestsPerSecondPerInstance`, the
   * resilience report says whether the fleet still serves it after losing an AZ.
   * @default - no demand: the report measures capacity against the minimum only
   */
  readonly peakRequestsPerSecond?: number;
  /**
   * Requests per second one instance sustains flat out.
   * @default - no demand
   */
  readonly requestsPerSecondPerInstance?: number;
  /**
   * Fraction of an instance's capacity to fill at peak, in (0, 1].
   * @default 0.7
   */
  readonly targetUtilization?: number;
  /**
   * New connections a second at the peak, for the load balancer's capacity reservation (a load
   * balancer capacity unit covers 25 a second).
   * @default - one per request: no client reuses a connection (the most the peak can open)
   */
  readonly peakNewConnectionsPerSecond?: number;
  /**
   * Connections open at once at the peak, for the load balancer's capacity reservation (a load
   * balancer capacity unit covers 3,000 a minute).
   * @default - not counted
   */
  readonly peakActiveConnections?: number;
  /**
   * Bytes the load balancer processes per request, request and response with their headers, for
   * its capacity reservation (a load balancer capacity unit covers 1 GB an hour).
   * @default - not counted
   */
  readonly bytesPerRequest?: number;
}

/** A plan made for a known AZ count. */
export interface ResolvedCapacity {
  readonly availabilityZones: number;
  readonly instancesPerAz: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

const DEFAULT_UTILIZATION = DEFAULTS.targetUtilization;
const DEFAULT_BURST = DEFAULTS.burstFactor;
const DEFAULT_AZS = DEFAULTS.planAvailabilityZones;

/**
 * How many instances the service runs: sized from demand so that the fleet still serves its peak
 * after losing a whole Availability Zone, or fixed.
 *
 * With k AZs and `surviveAzLoss`, each AZ holds the smallest whole number of instances such that
 * the k - 1 surviving AZs carry the peak at the target utilization; without it, the k AZs together
 * carry it. The arithmetic is exact on the decimal values given (no floating-point rounding), so
 * the plan is never one instance short nor one over.
 */
export class CapacityPlan {
  /** Sizes the fleet from expected demand. */
  public static fromDemand(props: DemandProps): CapacityPlan {
    const utilization = props.targetUtilization ?? DEFAULT_UTILIZATION;
    const burst = props.burstFactor ?? DEFAULT_BURST;
    const survive = props.surviveAzLoss ?? true;
    positive('peakRequestsPerSecond', props.peakRequestsPerSecond);
    positive('requestsPerSecondPerInstance', props.requestsPerSecondPerInstance);
    if (!Number.isFinite(utilization) || utilization <= 0 || utilization > 1) {
      throw new ServiceValidationError(`targetUtilization must be above 0 and at most 1, received ${utilization}`);
    }
    if (!Number.isFinite(burst) || burst < 1) {
      throw new ServiceValidationError(`burstFactor must be at least 1, received ${burst}`);
    }
    if (props.availabilityZones !== undefined) checkAzs(props.availabilityZones, survive);
    for (const prop of LOAD_BALANCER_DEMAND) atLeastZero(prop, props[prop]);
    return new CapacityPlan({ ...props, targetUtilization: utilization, burstFactor: burst, surviveAzLoss: survive }, undefined);
  }

  /** Fixed fleet bounds, with no demand behind them. */
  public static fixed(props: FixedCapacityProps): CapacityPlan {
    for (const [name, value] of [['minCapacity', props.minCapacity], ['maxCapacity', props.maxCapacity]] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new ServiceValidationError(`${name} must be a whole number of at least 1, received ${value}`);
      }
    }
    if (props.minCapacity > props.maxCapacity) {
      throw new ServiceValidationError(`minCapacity (${props.minCapacity}) must not be greater than maxCapacity (${props.maxCapacity})`);
    }
    const { peakRequestsPerSecond: peak, requestsPerSecondPerInstance: rate } = props;
    if ((peak === undefined) !== (rate === undefined)) {
      throw new ServiceValidationError(
        `peakRequestsPerSecond and requestsPerSecondPerInstance go together; received ${peak === undefined ? 'requestsPerSecondPerInstance' : 'peakRequestsPerSecond'} alone`,
      );
    }
    const loadBalancerDemand = LOAD_BALANCER_DEMAND.filter((prop) => props[prop] !== undefined);
    if (peak === undefined && loadBalancerDemand.length > 0) {
      throw new ServiceValidationError(
        `${loadBalancerDemand.join(', ')} describe${loadBalancerDemand.length === 1 ? 's' : ''} the peak: give peakRequestsPerSecond and requestsPerSecondPerInstance with ${loadBalancerDemand.length === 1 ? 'it' : 'them'}`,
      );
    }
    // The demand is validated by the same rules as a demand plan's.
    const demand = peak !== undefined && rate !== undefined
      ? CapacityPlan.fromDemand({
        peakRequestsPerSecond: peak,
        requestsPerSecondPerInstance: rate,
        targetUtilization: props.targetUtilization,
        peakNewConnectionsPerSecond: props.peakNewConnectionsPerSecond,
        peakActiveConnections: props.peakActiveConnections,
        bytesPerRequest: props.bytesPerRequest,
      }).demand
      : undefined;
    return new CapacityPlan(demand, props);
  }

  /** The demand the plan was sized from (for a fixed plan: the demand it was given, if any). */
  public readonly demand?: DemandProps;
  /** The fixed bounds (undefined for a demand plan). They take precedence over any demand. */
  public readonly fixedCapacity?: FixedCapacityProps;

  private constructor(demand: DemandProps | undefined, fixed: FixedCapacityProps | undefined) {
    this.demand = demand;
    this.fixedCapacity = fixed;
  }

  /** AZs the plan assumes when it is read before a service binds it. */
  public get availabilityZones(): number {
    return this.demand?.availabilityZones ?? DEFAULT_AZS;
  }

  /** Instances in each AZ at minimum (for a fixed plan: in the fullest AZ). */
  public get instancesPerAz(): number { return this.forAvailabilityZones(this.availabilityZones).instancesPerAz; }
  /** Minimum instances. */
  public get minCapacity(): number { return this.forAvailabilityZones(this.availabilityZones).minCapacity; }
  /** Maximum instances. */
  public get maxCapacity(): number { return this.forAvailabilityZones(this.availabilityZones).maxCapacity; }

  /** Utilization of the minimum fleet at peak, in (0, 1] (undefined without demand). */
  public get utilizationAtPeak(): number | undefined {
    if (!this.demand) return undefined;
    return this.demand.peakRequestsPerSecond / (this.minCapacity * this.demand.requestsPerSecondPerInstance);
  }

  /** Utilization of what is left of the minimum fleet at peak after losing one AZ (undefined without demand). */
  public get utilizationAfterAzLoss(): number | undefined {
    if (!this.demand) return undefined;
    const left = this.minCapacity - this.instancesPerAz;
    return left > 0 ? this.demand.peakRequestsPerSecond / (left * this.demand.requestsPerSecondPerInstance) : Infinity;
  }

  /** Instances that carry the peak at the target utilization, wherever they are (undefined without demand). */
  public get instancesNeededAtPeak(): number | undefined {
    return this.demand ? instancesNeeded(this.demand, 1) : undefined;
  }

  /** Minimum capacity over the instances a single-AZ fleet would need (1.5 for 3 AZs, 2 for 2 AZs, tending). */
  public get overprovisioningFactor(): number | undefined {
    if (!this.demand) return undefined;
    return this.minCapacity / this.instancesNeededAtPeak!;
  }

  /**
   * The same plan for another peak (scheduled demand): same instance rate, utilization, AZs,
   * survival and burst. The load balancer's connections scale with the requests, bytes per request stay.
   * @param peakRequestsPerSecond the peak to plan for
   */
  public withPeak(peakRequestsPerSecond: number): CapacityPlan {
    if (!this.demand) {
      throw new ServiceValidationError('a capacity plan without demand cannot be rescaled to another peak: make it with CapacityPlan.fromDemand, or give CapacityPlan.fixed a peak and a per-instance rate');
    }
    const ratio = peakRequestsPerSecond / this.demand.peakRequestsPerSecond;
    const scaled = (value: number | undefined) => (value === undefined ? undefined : value * ratio);
    return CapacityPlan.fromDemand({
      ...this.demand,
      peakRequestsPerSecond,
      peakNewConnectionsPerSecond: scaled(this.demand.peakNewConnectionsPerSecond),
      peakActiveConnections: scaled(this.demand.peakActiveConnections),
    });
  }

  /**
   * The plan for a given AZ count (what the service calls with its VPC's AZs).
   * @param availabilityZones the AZ count of the service
   */
  public forAvailabilityZones(availabilityZones: number): ResolvedCapacity {
    if (this.fixedCapacity) {
      return {
        availabilityZones,
        instancesPerAz: Math.ceil(this.fixedCapacity.minCapacity / availabilityZones),
        minCapacity: this.fixedCapacity.minCapacity,
        maxCapacity: this.fixedCapacity.maxCapacity,
      };
    }
    const demand = this.demand!;
    const survive = demand.surviveAzLoss ?? true;
    if (demand.availabilityZones !== undefined && demand.availabilityZones !== availabilityZones) {
      throw new ServiceValidationError(
        `capacity was planned for availabilityZones ${demand.availabilityZones} but the service spans ${availabilityZones} AZs: plan for ${availabilityZones} or leave availabilityZones out`,
      );
    }
    checkAzs(availabilityZones, survive);
    const carrying = survive ? availabilityZones - 1 : availabilityZones;
    const instancesPerAz = instancesNeeded(demand, carrying);
    const minCapacity = instancesPerAz * availabilityZones;
    const maxCapacity = ceilProduct(demand.burstFactor ?? DEFAULT_BURST, minCapacity);
    return { availabilityZones, instancesPerAz, minCapacity, maxCapacity };
  }
}

/** The demand props that size the load balancer's capacity reservation. */
const LOAD_BALANCER_DEMAND = ['peakNewConnectionsPerSecond', 'peakActiveConnections', 'bytesPerRequest'] as const;

function atLeastZero(prop: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) {
    throw new ServiceValidationError(`${prop} must be a number of at least 0, received ${value}`);
  }
}

function positive(prop: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new ServiceValidationError(`${prop} must be a number above 0, received ${value}`);
  }
}

function checkAzs(azs: number, survive: boolean): void {
  const min = survive ? 2 : 1;
  if (!Number.isInteger(azs) || azs < min) {
    throw new ServiceValidationError(
      `availabilityZones must be a whole number of at least ${min}${survive ? ' to survive the loss of one (surviveAzLoss)' : ''}, received ${azs}`,
    );
  }
}

/**
 * The smallest n such that n x `carrying` AZs x per-instance rate x utilization >= peak, computed
 * on exact fractions of the decimal values given.
 */
function instancesNeeded(demand: DemandProps, carrying: number): number {
  const [pn, pd] = toFraction(demand.peakRequestsPerSecond);
  const [rn, rd] = toFraction(demand.requestsPerSecondPerInstance);
  const [un, ud] = toFraction(demand.targetUtilization ?? DEFAULT_UTILIZATION);
  // peak / (rate x util x carrying) = (pn/pd) / ((rn/rd) x (un/ud) x carrying)
  const numerator = pn * rd * ud;
  const denominator = pd * rn * un * BigInt(carrying);
  return Number(ceilDiv(numerator, denominator));
}

/** ceil(factor x n) on exact fractions. */
function ceilProduct(factor: number, n: number): number {
  const [fn, fd] = toFraction(factor);
  return Number(ceilDiv(fn * BigInt(n), fd));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** The exact fraction a JavaScript number's shortest decimal form stands for (e.g. 0.7 -> 7/10). */
export function toFraction(x: number): [bigint, bigint] {
  const [mantissa, exponentPart] = x.toString().toLowerCase().split('e');
  const exponent = exponentPart ? Number(exponentPart) : 0;
  const [whole, fraction = ''] = mantissa.split('.');
  let numerator = BigInt(whole + fraction);
  const scale = fraction.length - exponent;
  let denominator = 1n;
  if (scale >= 0) denominator = 10n ** BigInt(scale);
  else numerator *= 10n ** BigInt(-scale);
  return [numerator, denominator];
}

/** A plan's inputs in words, for messages: what the user wrote, so they can find it. */
export function describePlan(plan: CapacityPlan, availabilityZones: number): string {
  if (plan.fixedCapacity) {
    return `(CapacityPlan.fixed: minCapacity ${plan.fixedCapacity.minCapacity}, maxCapacity ${plan.fixedCapacity.maxCapacity})`;
  }
  const d = plan.demand!;
  return `(CapacityPlan.fromDemand: peakRequestsPerSecond ${d.peakRequestsPerSecond}, requestsPerSecondPerInstance ${d.requestsPerSecondPerInstance}, `
    + `targetUtilization ${d.targetUtilization ?? DEFAULT_UTILIZATION}, surviveAzLoss ${d.surviveAzLoss ?? true}, over ${availabilityZones} AZs)`;
}
