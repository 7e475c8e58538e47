/**
 * Region shares: how much of the global peak each Region runs in each RegionMode, and what it must
 * carry when another Region is lost (exact fractions).
 */
import { toFraction } from './demand';
import { DEFAULTS } from '../base/defaults';

/** How the Regions share the traffic, and what each must carry when one is lost. */
export enum RegionMode {
  /**
   * The primary serves all traffic, and the standby runs a statically stable share of the peak
   * (`standbyShare`), scaled to the full peak by the Region switch before it takes over.
   */
  WARM_STANDBY = 'warm-standby',
  /** The primary serves all traffic, and the standby runs the full peak at all times and takes over at once. */
  HOT_STANDBY = 'hot-standby',
  /**
   * Every Region serves (latency routing), each sized so that the others carry the whole peak
   * when one is lost. The database writer stays in one Region: the others forward their writes.
   */
  ACTIVE_ACTIVE = 'active-active',
}

/** The demand the Regions are sized for, with every default resolved. */
export interface GlobalDemand {
  /** The service's peak over all Regions. */
  readonly peakRequestsPerSecond: number;
  readonly requestsPerSecondPerInstance: number;
  readonly targetUtilization: number;
  readonly burstFactor: number;
  /** Whether each Region must carry its load after losing one of its AZs (static stability). */
  readonly surviveAzLoss: boolean;
}

/** What the Region-loss sizing starts from. */
export interface RegionCapacityInput {
  readonly mode: RegionMode;
  /** AZ count of each Region, the primary first. */
  readonly availabilityZones: number[];
  /** Share of the peak a warm standby carries before the switch, in (0, 1). */
  readonly standbyShare: number;
  /** The demand, when the capacity comes from one. */
  readonly demand?: GlobalDemand;
  /**
   * Without demand: the fleet one Region needs to carry the whole service (the user's minimum
   * and maximum), or nothing (each Region runs the service's default of one instance per AZ).
   */
  readonly fixed?: { readonly minCapacity: number; readonly maxCapacity: number };
}

/** One Region's fleet, as the Region-loss sizing decided it. */
export interface RegionalFleet {
  readonly availabilityZones: number;
  /** Instances per AZ at the minimum (undefined without a capacity: the service's default). */
  readonly instancesPerAz?: number;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  /** The minimum the Region switch raises the fleet to before the Region takes over (a warm standby), else the minimum. */
  readonly activatedMinCapacity?: number;
  /** Requests per second the Region serves in normal operation (with demand). */
  readonly normalRequestsPerSecond?: number;
  /** Requests per second the Region's minimum fleet carries with one of its AZs lost (with demand). */
  readonly standingRequestsPerSecond?: number;
  /** Requests per second the Region must carry after another Region is lost (with demand). */
  readonly designRequestsPerSecond?: number;
}

/**
 * Sizes every Region for the loss of another, by mode, keeping each Region statically stable for
 * the loss of one of its AZs:
 * - hot standby: every Region carries the full peak at its minimum;
 * - warm standby: the primary carries the full peak; a standby carries `standbyShare` of it at its
 *   minimum and is raised to the full-peak minimum by the switch;
 * - active-active: N Regions each serve peak / N, and are sized for peak / (N - 1), what each
 *   carries once one Region is lost.
 *
 * With demand the arithmetic is exact on the decimal values given, like {@link CapacityPlan}: the
 * smallest whole number of instances per AZ such that the AZs left after losing one carry the
 * Region's design load at the target utilization.
 */
export function planRegionalCapacity(input: RegionCapacityInput): RegionalFleet[] {
  const n = input.availabilityZones.length;
  return input.availabilityZones.map((azs, index) => {
    const standby = index > 0 && input.mode !== RegionMode.ACTIVE_ACTIVE;
    const warm = standby && input.mode === RegionMode.WARM_STANDBY;
    // The share of the global peak this Region is sized for once another Region is lost, and the
    // share it stands at before any switch.
    const design: Fraction = input.mode === RegionMode.ACTIVE_ACTIVE ? [1n, BigInt(n - 1)] : [1n, 1n];
    const standing: Fraction = warm ? toFraction(input.standbyShare) : design;
    if (input.demand) return demandFleet(input.demand, azs, design, standing, input.mode, n, standby);
    if (input.fixed) return fixedFleet(input.fixed, azs, design, standing);
    return { availabilityZones: azs };
  });
}

type Fraction = [bigint, bigint];

function demandFleet(
  d: GlobalDemand, azs: number, design: Fraction, standing: Fraction, mode: RegionMode, regions: number, standby: boolean,
): RegionalFleet {
  const activatedPerAz = instancesPerAz(d, azs, design);
  const perAz = instancesPerAz(d, azs, standing);
  const activatedMin = activatedPerAz * azs;
  const normal = mode === RegionMode.ACTIVE_ACTIVE ? d.peakRequestsPerSecond / regions : (standby ? 0 : d.peakRequestsPerSecond);
  return {
    availabilityZones: azs,
    instancesPerAz: perAz,
    minCapacity: perAz * azs,
    maxCapacity: ceilProduct(toFraction(d.burstFactor), activatedMin),
    activatedMinCapacity: activatedMin,
    normalRequestsPerSecond: normal,
    standingRequestsPerSecond: share(d.peakRequestsPerSecond, standing),
    designRequestsPerSecond: share(d.peakRequestsPerSecond, design),
  };
}

/** Without demand, the given fleet is what one Region needs for the whole service; shares are rounded up to whole AZs. */
function fixedFleet(f: { minCapacity: number; maxCapacity: number }, azs: number, design: Fraction, standing: Fraction): RegionalFleet {
  const whole = design[0] === design[1];
  const scaled = (x: number, by: Fraction) => roundUpToMultiple(Math.max(azs, Number(ceilDiv(BigInt(x) * by[0], by[1]))), azs);
  const activated = whole ? f.minCapacity : scaled(f.minCapacity, design);
  const min = standing === design ? activated : scaled(f.minCapacity, standing);
  const max = whole ? f.maxCapacity : Math.max(activated, Number(ceilDiv(BigInt(f.maxCapacity) * design[0], design[1])));
  return {
    availabilityZones: azs,
    instancesPerAz: Math.ceil(min / azs),
    minCapacity: min,
    maxCapacity: Math.max(max, activated),
    activatedMinCapacity: activated,
  };
}

/**
 * The smallest n such that n instances in each AZ that survives the loss of one (or in every AZ,
 * without `surviveAzLoss`) carry `load` x peak at the target utilization.
 */
export function instancesPerAz(d: GlobalDemand, azs: number, load: Fraction): number {
  const carrying = BigInt(d.surviveAzLoss ? azs - 1 : azs);
  const [pn, pd] = toFraction(d.peakRequestsPerSecond);
  const [rn, rd] = toFraction(d.requestsPerSecondPerInstance);
  const [un, ud] = toFraction(d.targetUtilization);
  // (load x peak) / (rate x utilization x carrying)
  return Math.max(1, Number(ceilDiv(load[0] * pn * rd * ud, load[1] * pd * rn * un * carrying)));
}

/** The requests per second `fleet` instances carry at the target utilization. */
export function carriedRequestsPerSecond(d: GlobalDemand, instances: number): number {
  return instances * d.requestsPerSecondPerInstance * d.targetUtilization;
}

function share(peak: number, f: Fraction): number {
  return (peak * Number(f[0])) / Number(f[1]);
}

function ceilProduct(f: Fraction, n: number): number {
  return Number(ceilDiv(f[0] * BigInt(n), f[1]));
}

function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

function roundUpToMultiple(x: number, m: number): number {
  return Math.ceil(x / m) * m;
}

/** Defaults of the multi-Region service, with the published figures they come from. */
export const MULTI_REGION_DEFAULTS = {
  mode: RegionMode.WARM_STANDBY,
  /** A warm standby carries half the peak before the switch: it survives a surge while it scales. */
  standbyShare: 0.5,
  /** The recovery time objective the report checks the plan against, minutes. */
  recoveryTimeObjectiveMinutes: 15,
  burstFactor: DEFAULTS.burstFactor,
} as const;
