/**
 * The fleet tier: the Auto Scaling group's bounds from the capacity plan, scaling targets and
 * schedules, instance types, rollout and launch hook.
 */
import { LoadBalancingPlan } from './load-balancing';
import { NetworkPlan } from './network';
import { instanceTypeProblem } from '../aws/instance-type-names';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { Validator } from '../base/validation';
import { FleetAssurancePlan, planFleetAssurance } from '../capacity/assurance';
import { CapacityPlan, describePlan } from '../capacity/demand';
import { InstanceTypeInput, PredictiveScalingMode, ServiceOptions, propNames } from '../options/options';

/** The fleet's bounds for one scheduled peak. */
export interface ScheduledCapacityPlan {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/** Predictive scaling: what it forecasts and the target it plans for. */
export interface PredictiveScalingPlan {
  readonly mode: PredictiveScalingMode;
  /** ALBRequestCount (per target, with a demand plan) or ASGCPUUtilization. */
  readonly metric: 'ALBRequestCount' | 'ASGCPUUtilization';
  readonly targetValue: number;
  /** Seconds it launches ahead of the forecast. */
  readonly schedulingBufferSeconds: number;
}

/**
 * A rollout in batches: each replaces one AZ's share of the fleet (launch before terminate: 100 %
 * stays in service), then pauses at a checkpoint while the watched alarms judge the new version on
 * its share of the load, so that a version that fails after its warm-up is stopped before it carries
 * all of it. The last checkpoint is 100 (AWS: it must be, to replace every instance); then the bake.
 */
export interface RolloutPlan {
  readonly minHealthyPercent: number;
  /** 100 + one AZ's share: the batch size. */
  readonly maxHealthyPercent: number;
  readonly warmupSeconds: number;
  /** Share of instances replaced at which the refresh pauses, ascending, the last 100. */
  readonly checkpointPercentages: number[];
  readonly checkpointDelaySeconds: number;
  /** Seconds after the last instance before the update counts as done (CloudFormation's BakeTime; alarms still watched). */
  readonly bakeSeconds: number;
}

/** The launch lifecycle hook that holds a new instance until its app answers its health check. */
export interface LaunchHookPlan {
  readonly name: string;
  /** Seconds the instance waits for its app before it gives up (grace period + boot estimate). */
  readonly healthWaitSeconds: number;
  /** Seconds the hook waits for the instance's report. */
  readonly heartbeatTimeoutSeconds: number;
  /** What happens when nobody reports: the instance is terminated and replaced. */
  readonly defaultResult: 'ABANDON';
  /** The loopback URL the instance polls. */
  readonly healthUrl: string;
  /**
   * Whether the instance reports at every boot, not only the first: a warm-pool instance meets
   * the hook twice, entering the pool and leaving it, and user data runs only at the first boot.
   */
  readonly everyBoot: boolean;
}

/** The Auto Scaling group, its instances and how it scales and rolls out. */
export interface FleetPlan {
  /** Instance types, first preferred. */
  readonly instanceTypes: string[];
  /** Processor architecture of the instance types: the default machine image must match it. */
  readonly architecture: string;
  /** Whether several types launch through a mixed instances policy. */
  readonly mixedInstances: boolean;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly appPort: number;
  /** Whether the fleet runs the built-in app (the user gave no user data). */
  readonly builtinApp: boolean;
  readonly rootVolumeSizeGiB: number;
  readonly rootDeviceName: string;
  readonly healthCheckGracePeriodSeconds: number;
  readonly cooldownSeconds: number;
  readonly cpuTargetUtilizationPercent: number;
  /** Request-count target tracking, requests per minute per instance (with a demand plan). */
  readonly targetRequestsPerMinute?: number;
  /** Bounds for each scheduled peak, in the order given. */
  readonly scheduledCapacity: ScheduledCapacityPlan[];
  /**
   * Whether the scheduled actions own the group's bounds once it exists (with scheduled peaks): a
   * deployment sets them only at creation, and never back to the planned bounds at a peak. An
   * engine that would reset them at each deployment (Terraform) must leave them alone: at a peak a
   * lower maximum terminates serving instances, and the provider then waits for exactly the old count.
   */
  readonly boundsFollowSchedules: boolean;
  readonly predictiveScaling?: PredictiveScalingPlan;
  /** Replacements of unhealthy instances and rebalancing: healthy share kept, most run at once (launch before terminate). */
  readonly maintenance: { readonly minHealthyPercent: number; readonly maxHealthyPercent: number };
  /** How a new launch template version rolls out (instance refresh). */
  readonly rollout: RolloutPlan;
  readonly launchHook?: LaunchHookPlan;
  /**
   * How long creating the group may wait for its minimum to be healthy behind the load balancer:
   * one instance's full wait for health, twice (a first launch that fails, then its replacement).
   * Terraform's `wait_for_capacity_timeout`; CloudFormation waits for the launch hook by itself.
   */
  readonly capacityWaitSeconds: number;
  /** The default image: the SSM parameter of the latest Amazon Linux 2023 for the fleet's architecture. */
  readonly imageParameter: string;
  /**
   * Whether the default image is resolved once and kept (CloudFormation: in cdk.context.json at synth;
   * Terraform: in state at the first apply), so a deployment rolls the fleet only when the service's
   * own configuration changes, not whenever AWS publishes a new AMI.
   */
  readonly imagePinned: boolean;
  /** Instances that carry the planned peak at the target utilization (with a demand plan). */
  readonly instancesNeededAtPeak?: number;
  /** The demand behind the plan, with its utilization resolved. */
  readonly demand?: { readonly peakRequestsPerSecond: number; readonly requestsPerSecondPerInstance: number; readonly targetUtilization: number };
  /** Capacity it can count on when an AZ fails: AZ distribution, capacity reservations, warm pool, deletion protection. */
  readonly assurance: FleetAssurancePlan;
}

/** What only the renderer knows that the fleet's plan needs. */
export interface FleetEnvironment {
  /** The Region, or a reference to it. */
  readonly region: string;
  /** Why the renderer cannot set the group's deletion protection, when it cannot. */
  readonly fleetDeletionProtectionUnavailable?: string;
  /** Why the renderer cannot pin the default image, when it cannot. */
  readonly imagePinUnavailable?: string;
}

/** Fleet bounds and every scaling target, from the capacity props or plan, for the service's AZs. */
export function planFleet(
  o: ServiceOptions, azs: number, lb: LoadBalancingPlan, v: Validator, network?: NetworkPlan, env: FleetEnvironment = { region: '' },
): FleetPlan {
  if (o.capacity && (o.minCapacity !== undefined || o.maxCapacity !== undefined)) {
    const given = [['minCapacity', o.minCapacity], ['maxCapacity', o.maxCapacity]].filter(([, value]) => value !== undefined);
    v.fail(`capacity replaces minCapacity and maxCapacity; received capacity together with ${given.map(([prop, value]) => `${prop} ${value}`).join(' and ')}`);
  }
  const { minCapacity, maxCapacity } = planBounds(o, azs, v);
  const scheduled = planScheduled(o, azs, maxCapacity, v);
  const scheduledCapacity = scheduled.map(({ minCapacity: min, maxCapacity: max }) => ({ minCapacity: min, maxCapacity: max }));
  const { names: instanceTypes, architecture } = planInstanceTypes(o, v);

  const healthCheckGracePeriodSeconds = o.healthCheckGracePeriodSeconds ?? DEFAULTS.healthCheckGracePeriodSeconds;
  v.integer('healthCheckGracePeriod', healthCheckGracePeriodSeconds, ...LIMITS.healthCheckGracePeriodSeconds, 'seconds');
  const cpuTargetUtilizationPercent = o.cpuTargetUtilizationPercent ?? DEFAULTS.cpuTargetUtilizationPercent;
  v.range('cpuTargetUtilizationPercent', cpuTargetUtilizationPercent, ...LIMITS.cpuTargetUtilizationPercent, 'percent');
  const rootVolumeSizeGiB = o.rootVolumeSizeGiB ?? DEFAULTS.rootVolumeSizeGiB;
  v.integer('rootVolumeSizeGiB', rootVolumeSizeGiB, ...LIMITS.rootVolumeSizeGiB, 'GiB');
  const rootDeviceName = o.rootDeviceName ?? DEFAULTS.rootDeviceName;
  if (!v.isUnresolved(rootDeviceName)) {
    v.check(/^\/dev\/[a-z0-9]+$/.test(rootDeviceName), `rootDeviceName must be a device path such as /dev/xvda, received '${rootDeviceName}'`);
  }

  const signal = o.signalOnHealthy ?? true;
  if (signal && o.userData && !o.userData.shellScript) {
    v.fail(`userData must be a shell script (${propNames(o).shellScript}) so instances can report their health before they enter service, received one starting ${JSON.stringify(o.userData.firstLine)}; set signalOnHealthy: false to go without`);
  }
  // An instance gets as long to answer its health check as the group would give it before
  // replacing it: the grace period plus the boot estimate.
  const healthWaitSeconds = healthCheckGracePeriodSeconds + DEFAULTS.bootEstimateSeconds;

  const plan = o.capacity;
  const demand = plan?.demand && {
    peakRequestsPerSecond: plan.demand.peakRequestsPerSecond,
    requestsPerSecondPerInstance: plan.demand.requestsPerSecondPerInstance,
    targetUtilization: plan.demand.targetUtilization ?? DEFAULTS.targetUtilization,
  };
  const targetRequestsPerMinute = demand ? demand.requestsPerSecondPerInstance * demand.targetUtilization * 60 : undefined;

  const assurance = planFleetAssurance(o, {
    availabilityZones: azs,
    minCapacity,
    rootVolumeSizeGiB,
    demand,
    region: env.region,
    deletionProtectionUnavailable: env.fleetDeletionProtectionUnavailable,
  }, v);
  const warm = assurance.warmPool;
  if (network) {
    // Stopped warm-pool instances keep their addresses too.
    const bounds = [{ maxCapacity, source: capacitySource(o, azs) }, ...scheduled].map((b) => (warm && v.known(warm.minSize) && v.known(b.maxCapacity)
      ? { maxCapacity: b.maxCapacity + warm.minSize, source: `${b.source} with its warm pool of ${warm.minSize} (warmPool.minSize)` }
      : b));
    checkRoomInSubnets(network, azs, bounds, v);
  }

  return {
    instanceTypes,
    architecture,
    mixedInstances: instanceTypes.length > 1,
    minCapacity,
    maxCapacity,
    appPort: lb.appPort,
    builtinApp: !o.userData,
    rootVolumeSizeGiB,
    rootDeviceName,
    healthCheckGracePeriodSeconds,
    cooldownSeconds: DEFAULTS.scalingCooldownSeconds,
    cpuTargetUtilizationPercent,
    targetRequestsPerMinute,
    scheduledCapacity,
    boundsFollowSchedules: scheduledCapacity.length > 0,
    predictiveScaling: o.predictiveScaling && {
      mode: o.predictiveScaling,
      metric: targetRequestsPerMinute !== undefined ? 'ALBRequestCount' : 'ASGCPUUtilization',
      targetValue: targetRequestsPerMinute ?? cpuTargetUtilizationPercent,
      schedulingBufferSeconds: DEFAULTS.predictiveSchedulingBufferSeconds,
    },
    maintenance: { minHealthyPercent: DEFAULTS.rolloutHealthyPercent.min, maxHealthyPercent: DEFAULTS.rolloutHealthyPercent.max },
    rollout: planRollout(azs, healthCheckGracePeriodSeconds),
    capacityWaitSeconds: 2 * (healthWaitSeconds + DEFAULTS.launchHookSlackSeconds),
    imageParameter: `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-${architecture}`,
    imagePinned: env.imagePinUnavailable === undefined,
    launchHook: signal ? {
      name: DEFAULTS.launchHookName,
      healthWaitSeconds,
      heartbeatTimeoutSeconds: healthWaitSeconds + DEFAULTS.launchHookSlackSeconds,
      defaultResult: 'ABANDON',
      healthUrl: `http://127.0.0.1:${lb.appPort}${lb.healthCheck.path}`,
      everyBoot: warm !== undefined,
    } : undefined,
    instancesNeededAtPeak: plan?.instancesNeededAtPeak,
    demand,
    assurance,
  };
}

/**
 * One AZ's share per batch: for k AZs up to 100 + ceil(100 / k) % of the group runs (134 % for 3),
 * and the refresh pauses after each share, floor(100 i / k) % replaced (33, 66, then 100).
 */
export function planRollout(azs: number, warmupSeconds: number): RolloutPlan {
  const k = Math.max(azs, 1);
  return {
    minHealthyPercent: DEFAULTS.rolloutHealthyPercent.min,
    maxHealthyPercent: DEFAULTS.rolloutHealthyPercent.min + Math.ceil(100 / k),
    warmupSeconds,
    checkpointPercentages: [...Array.from({ length: k - 1 }, (_, i) => Math.floor(100 * (i + 1) / k)), 100],
    checkpointDelaySeconds: DEFAULTS.rolloutCheckpointDelaySeconds,
    bakeSeconds: DEFAULTS.rolloutCheckpointDelaySeconds,
  };
}

/** min and max: from the capacity plan for these AZs, else the props, else one per AZ and twice that. */
export function planBounds(o: ServiceOptions, azs: number, v: Validator): { minCapacity: number; maxCapacity: number } {
  const [low, high] = LIMITS.capacity;
  if (o.capacity) {
    const planned = v.attempt(() => o.capacity!.forAvailabilityZones(azs));
    if (planned) {
      v.check(planned.minCapacity >= azs,
        `capacity ${describePlan(o.capacity, azs)} plans ${planned.minCapacity} instances, fewer than one per Availability Zone (${azs})`);
      return planned;
    }
    return { minCapacity: azs, maxCapacity: azs * DEFAULTS.burstFactor };
  }
  const minCapacity = o.minCapacity ?? azs;
  const minOk = v.wholeAtLeast('minCapacity', o.minCapacity, low, high, 'instances');
  if (minOk && v.known(minCapacity)) {
    v.check(minCapacity >= azs, `minCapacity must be at least one instance per Availability Zone (${azs}), received ${minCapacity}`);
  }
  const maxCapacity = o.maxCapacity ?? (v.known(minCapacity) ? minCapacity * DEFAULTS.burstFactor : minCapacity);
  const maxOk = v.wholeAtLeast('maxCapacity', o.maxCapacity, low, high, 'instances');
  if (minOk && maxOk) v.notAbove('minCapacity', minCapacity, 'maxCapacity', maxCapacity);
  return { minCapacity, maxCapacity };
}

const INSTANCE_TYPE = /^([a-z]+)(\d{1,2})([a-z-]*)\.([a-z0-9-]+)$/;

/**
 * The processor architecture of an EC2 instance type, from its name as EC2 spells it: family `a`
 * (first Graviton) or a `g` among the capabilities (c7g, m7gd, c6gn) is arm64, anything else
 * x86_64. Undefined for a name that is not an instance type.
 */
export function architectureOf(instanceType: string): string | undefined {
  const parts = INSTANCE_TYPE.exec(instanceType);
  if (!parts) return undefined;
  return parts[1] === 'a' || parts[3].includes('g') ? 'arm64' : 'x86_64';
}

/** At least one type, no repeats, one architecture (the machine image serves only one), which the default image follows. */
function planInstanceTypes(o: ServiceOptions, v: Validator): { names: string[]; architecture: string } {
  if (o.instanceType && o.instanceTypes) {
    v.fail(`instanceType and instanceTypes exclude each other: list every type in instanceTypes; received instanceType ${o.instanceType.name} with instanceTypes ${o.instanceTypes.map((t) => t.name).join(', ')}`);
  }
  const types: InstanceTypeInput[] | undefined = o.instanceTypes ?? (o.instanceType ? [o.instanceType] : undefined);
  if (types === undefined) return { names: [...DEFAULTS.instanceTypes], architecture: DEFAULTS.instanceArchitecture };
  const names = types.map((t) => t.name);
  names.forEach((name, i) => {
    if (!v.known(name)) return;
    const problem = instanceTypeProblem(o.instanceTypes ? `instanceTypes[${i}]` : 'instanceType', String(name));
    if (problem) v.fail(problem);
  });
  const [min, max] = LIMITS.instanceTypes;
  v.check(names.length >= min && names.length <= max, `instanceTypes must list between ${min} and ${max} instance types, received ${names.length}`);
  v.check(new Set(names).size === names.length, `instanceTypes must not repeat a type, received ${names.join(', ')}`);
  v.check(new Set(types.map((t) => t.architecture)).size <= 1,
    `instanceTypes must share one processor architecture (the machine image runs on one), received ${types.map((t) => `${t.name} (${t.architecture})`).join(', ')}`);
  return { names, architecture: types[0]?.architecture ?? DEFAULTS.instanceArchitecture };
}

/** Each scheduled peak planned like the service's own plan; the scheduled maximum never lowers the service's. */
function planScheduled(o: ServiceOptions, azs: number, maxCapacity: number, v: Validator): Array<ScheduledCapacityPlan & { source: string }> {
  const scheduled = o.scheduledDemand ?? [];
  if (scheduled.length === 0) return [];
  if (!o.capacity?.demand) {
    v.fail(`scheduledDemand needs capacity from CapacityPlan.fromDemand (or CapacityPlan.fixed with a peak and a per-instance rate) to know what one instance serves; received ${scheduled.length} scheduled demand(s) without it`);
    return [];
  }
  v.check(scheduled.length <= LIMITS.scheduledActions,
    `scheduledDemand must list at most ${LIMITS.scheduledActions} peaks (an Auto Scaling group takes at most ${LIMITS.scheduledActions} scheduled actions), received ${scheduled.length}`);
  return scheduled.flatMap((d, i) => {
    const prop = `scheduledDemand[${i}]`;
    if (d.schedule !== undefined) {
      v.check(isCron(d.schedule), `${prop}.schedule must be a cron expression of five fields (minute hour day-of-month month day-of-week), such as "0 8 * * 1-5", received ${JSON.stringify(d.schedule)}`);
    }
    if (d.timeZone !== undefined) v.check(isTimeZone(d.timeZone), `${prop}.timeZone must be an IANA time zone such as Europe/Paris, received ${JSON.stringify(d.timeZone)}`);
    const plan: CapacityPlan | undefined = v.attempt(() => o.capacity!.withPeak(d.peakRequestsPerSecond), `${prop}.`);
    const c = plan && v.attempt(() => plan.forAvailabilityZones(azs), `${prop}: `);
    if (!plan || !c) return [];
    return [{ minCapacity: c.minCapacity, maxCapacity: Math.max(c.maxCapacity, maxCapacity), source: `${prop}.peakRequestsPerSecond ${d.peakRequestsPerSecond}` }];
  });
}

/** What sets the fleet's maximum, for messages. */
function capacitySource(o: ServiceOptions, azs: number): string {
  if (o.capacity) return `capacity ${describePlan(o.capacity, azs)}`;
  if (o.maxCapacity !== undefined) return `maxCapacity ${o.maxCapacity}`;
  return o.minCapacity !== undefined ? `minCapacity ${o.minCapacity} (with a maximum of twice that)` : 'the default fleet';
}

/**
 * Every instance takes an address of its AZ's private subnet. When the service creates the VPC
 * the subnets' size is known: the fleet must fit at its largest, even after losing an AZ, when
 * the group launches the lost AZ's share into the others.
 */
function checkRoomInSubnets(network: NetworkPlan, azs: number, bounds: Array<{ maxCapacity: number; source: string }>, v: Validator): void {
  if (!network.createVpc || azs < 2) return;
  const room = 2 ** (32 - network.subnetMasks.private) - LIMITS.reservedSubnetAddresses;
  for (const b of bounds) {
    if (!v.known(b.maxCapacity)) continue;
    const perAz = Math.ceil(b.maxCapacity / (azs - 1));
    v.check(perAz <= room, `${b.source} needs up to ${b.maxCapacity} instances, ${perAz} in one AZ after losing another, `
      + `more than the ${room} addresses of a private subnet (/${network.subnetMasks.private}) of the service's VPC: lower the peak or raise the per-instance rate`);
  }
}

/** Five Unix cron fields, as Auto Scaling's recurrence takes them. */
function isCron(expression: string): boolean {
  const fields = expression.trim().split(/\s+/);
  return fields.length === 5 && fields.every((f) => /^[0-9A-Za-z*/,?#-]+$/.test(f));
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

