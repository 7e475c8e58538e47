import { CapacityPlan, describePlan } from './capacity';
import { DEFAULTS, LIMITS } from './defaults';
import { IsUnresolved, NOTHING_UNRESOLVED, ServiceValidationError, Validator, check, isIpv4Cidr } from './validation';

/** How the load balancer picks a target for each request. */
export enum LoadBalancingAlgorithm {
  /** Each target in turn. */
  ROUND_ROBIN = 'round_robin',
  /** The target with the fewest requests in flight: best when request cost varies. */
  LEAST_OUTSTANDING_REQUESTS = 'least_outstanding_requests',
  /**
   * Random with weights, with automatic target weights (anomaly mitigation) turned on: a target
   * that returns more errors than its peers gets less traffic. Cannot be combined with slow start.
   */
  WEIGHTED_RANDOM = 'weighted_random',
}

/** The database engine and topology of the service. */
export enum DatabaseEngine {
  /** Aurora PostgreSQL: a writer plus readers in other AZs; a reader is promoted in about 30 s. */
  AURORA_POSTGRESQL = 'aurora-postgresql',
  /** Aurora MySQL: a writer plus readers in other AZs; a reader is promoted in about 30 s. */
  AURORA_MYSQL = 'aurora-mysql',
  /** RDS for PostgreSQL, Multi-AZ DB instance: a synchronous standby, failover in 60-120 s. */
  POSTGRESQL_MULTI_AZ_INSTANCE = 'postgres',
  /** RDS for MySQL, Multi-AZ DB instance: a synchronous standby, failover in 60-120 s. */
  MYSQL_MULTI_AZ_INSTANCE = 'mysql',
}

/** Whether the engine is an Aurora cluster. */
export function isAurora(engine: DatabaseEngine): boolean {
  return engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.AURORA_MYSQL;
}

/** What a renderer hands the core: the user's choices as plain numbers and strings. */
export interface ServiceInput {
  /** AZs the service spans (from the VPC). */
  readonly availabilityZones: number;
  /** The AZ count asked for when the service creates its own VPC. */
  readonly maxAzs?: number;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly appPort?: number;
  readonly https: boolean;
  readonly allowedCidrs?: string[];
  readonly healthCheckPath?: string;
  readonly healthCheckIntervalSeconds?: number;
  readonly healthCheckTimeoutSeconds?: number;
  readonly healthyThresholdCount?: number;
  readonly unhealthyThresholdCount?: number;
  readonly deregistrationDelaySeconds?: number;
  readonly slowStartSeconds?: number;
  readonly loadBalancingAlgorithm?: LoadBalancingAlgorithm;
  readonly healthCheckGracePeriodSeconds?: number;
  readonly cpuTargetUtilizationPercent?: number;
  /** Undefined for a stateless service. */
  readonly database?: DatabaseInput;
  readonly deletionProtection?: boolean;
  readonly rootVolumeSizeGiB?: number;
  readonly rootDeviceName?: string;
  readonly alarmEmails?: string[];
  /** The fleet's bounds from a capacity plan (instead of minCapacity and maxCapacity). */
  readonly capacity?: CapacityPlan;
  /** Peaks at scheduled times, each planned like `capacity` (which must carry a demand). */
  readonly scheduledDemand?: ScheduledDemandInput[];
  /** The domain clients use, if any. */
  readonly domainName?: string;
  /** Whether the service requests the certificate for `domainName` itself (ACM's 64-character limit then applies). */
  readonly requestsCertificate?: boolean;
  /** The name of the hosted zone that gets the alias record, when known. */
  readonly hostedZoneName?: string;
  /** The fleet's instance types, first preferred. */
  readonly instanceTypes?: InstanceTypeInput[];
}

/** One instance type of the fleet. */
export interface InstanceTypeInput {
  /** e.g. t3.small */
  readonly name: string;
  /** Processor architecture, e.g. x86_64 or arm64. */
  readonly architecture: string;
}

/** A peak expected from a scheduled time on. */
export interface ScheduledDemandInput {
  readonly peakRequestsPerSecond: number;
  /** IANA time zone of the schedule. */
  readonly timeZone?: string;
}

export interface DatabaseInput {
  readonly engine?: DatabaseEngine;
  readonly readers?: number;
  readonly backupRetentionDays?: number;
  readonly name?: string;
}

export interface HealthCheckBlueprint {
  readonly path: string;
  readonly intervalSeconds: number;
  readonly timeoutSeconds: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

export interface DatabaseBlueprint {
  readonly engine: DatabaseEngine;
  readonly aurora: boolean;
  /** Aurora readers (0 for a Multi-AZ DB instance, whose standby is not readable). */
  readonly readers: number;
  readonly backupRetentionDays: number;
  readonly name: string;
}

/** The resolved, validated settings both renderers draw from. */
export interface ServiceBlueprint {
  readonly availabilityZones: number;
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly appPort: number;
  readonly https: boolean;
  /** Listener ports open on the load balancer. */
  readonly listenerPorts: number[];
  readonly allowedCidrs: string[];
  readonly healthCheck: HealthCheckBlueprint;
  readonly deregistrationDelaySeconds: number;
  readonly slowStartSeconds?: number;
  readonly loadBalancingAlgorithm: LoadBalancingAlgorithm;
  readonly healthCheckGracePeriodSeconds: number;
  readonly cpuTargetUtilizationPercent: number;
  readonly database?: DatabaseBlueprint;
  readonly deletionProtection: boolean;
  readonly rootVolumeSizeGiB: number;
  readonly rootDeviceName: string;
  /** Instance types of the fleet, first preferred. */
  readonly instanceTypes: string[];
  /** Request-count target tracking: requests per minute per instance (with a demand plan). */
  readonly targetRequestsPerMinute?: number;
  /** The fleet's bounds for each scheduled peak, in the order given. */
  readonly scheduledCapacity: ScheduledCapacityBlueprint[];
}

export interface ScheduledCapacityBlueprint {
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

/**
 * Applies the defaults to the user's input and rejects what can never work, before anything is
 * rendered. Values the renderer marks as unresolved pass through unchecked.
 */
export function resolveBlueprint(input: ServiceInput, isUnresolved: IsUnresolved = NOTHING_UNRESOLVED): ServiceBlueprint {
  const v = new Validator(isUnresolved);

  if (input.maxAzs !== undefined) {
    v.integer('maxAzs', input.maxAzs, LIMITS.minAvailabilityZones, 64, 'AZs');
  }
  if (v.known(input.availabilityZones) && input.availabilityZones < LIMITS.minAvailabilityZones) {
    throw new ServiceValidationError(
      `vpc must span at least ${LIMITS.minAvailabilityZones} Availability Zones to survive the loss of one, received a VPC with ${input.availabilityZones}`,
    );
  }
  const azs = input.availabilityZones;

  const planned = input.capacity && v.known(azs) ? input.capacity.forAvailabilityZones(azs) : undefined;
  if (planned) {
    const [low, high] = LIMITS.capacity;
    check(planned.maxCapacity <= high,
      `capacity ${describePlan(input.capacity!, azs)} plans ${planned.minCapacity} to ${planned.maxCapacity} instances, more than the ${high} a fleet may have${input.capacity!.demand && !input.capacity!.fixedCapacity ? ': lower the peak or raise the per-instance rate' : ''}`);
    check(planned.minCapacity >= low, `capacity ${describePlan(input.capacity!, azs)} plans no instance`);
  }
  const minCapacity = planned?.minCapacity ?? input.minCapacity ?? azs;
  v.integer('minCapacity', input.minCapacity, LIMITS.capacity[0], LIMITS.capacity[1], 'instances');
  if (v.known(minCapacity) && v.known(azs) && minCapacity < azs) {
    throw new ServiceValidationError(
      `minCapacity must be at least one instance per Availability Zone (${azs}), received ${minCapacity}`,
    );
  }
  const maxCapacity = planned?.maxCapacity ?? input.maxCapacity ?? (v.known(minCapacity) ? minCapacity * DEFAULTS.burstFactor : minCapacity);
  v.integer('maxCapacity', input.maxCapacity, LIMITS.capacity[0], LIMITS.capacity[1], 'instances');
  v.notAbove('minCapacity', minCapacity, 'maxCapacity', maxCapacity);

  const appPort = input.appPort ?? DEFAULTS.appPort;
  v.integer('appPort', appPort, LIMITS.port[0], LIMITS.port[1]);

  const allowedCidrs = input.allowedCidrs ?? ['0.0.0.0/0'];
  check(allowedCidrs.length > 0, 'allowedCidrs must list at least one IPv4 CIDR block, received an empty list');
  for (const cidr of allowedCidrs) {
    if (isUnresolved(cidr)) continue;
    check(isIpv4Cidr(cidr), `allowedCidrs must hold IPv4 CIDR blocks such as 203.0.113.0/24, received '${cidr}'`);
  }

  const healthCheck: HealthCheckBlueprint = {
    path: input.healthCheckPath ?? DEFAULTS.healthCheck.path,
    intervalSeconds: input.healthCheckIntervalSeconds ?? DEFAULTS.healthCheck.intervalSeconds,
    timeoutSeconds: input.healthCheckTimeoutSeconds ?? DEFAULTS.healthCheck.timeoutSeconds,
    healthyThreshold: input.healthyThresholdCount ?? DEFAULTS.healthCheck.healthyThreshold,
    unhealthyThreshold: input.unhealthyThresholdCount ?? DEFAULTS.healthCheck.unhealthyThreshold,
  };
  if (!isUnresolved(healthCheck.path)) {
    // What the load balancer's API accepts; the path also reaches the instances' user data.
    check(/^\/[A-Za-z0-9@:%_+.~#?&/=-]{0,1023}$/.test(healthCheck.path),
      `healthCheckPath must start with '/' and hold at most 1024 of the characters a-z A-Z 0-9 @ : % _ + . ~ # ? & / = -, received ${JSON.stringify(healthCheck.path)}`);
  }
  v.integer('healthCheckInterval', healthCheck.intervalSeconds, ...LIMITS.healthCheckIntervalSeconds, 'seconds');
  v.integer('healthCheckTimeout', healthCheck.timeoutSeconds, ...LIMITS.healthCheckTimeoutSeconds, 'seconds');
  v.below('healthCheckTimeout', healthCheck.timeoutSeconds, 'healthCheckInterval', healthCheck.intervalSeconds, 'seconds');
  v.integer('healthyThresholdCount', healthCheck.healthyThreshold, ...LIMITS.threshold);
  v.integer('unhealthyThresholdCount', healthCheck.unhealthyThreshold, ...LIMITS.threshold);

  const deregistrationDelaySeconds = input.deregistrationDelaySeconds ?? DEFAULTS.deregistrationDelaySeconds;
  v.integer('deregistrationDelay', deregistrationDelaySeconds, ...LIMITS.deregistrationDelaySeconds, 'seconds');

  const loadBalancingAlgorithm = input.loadBalancingAlgorithm ?? LoadBalancingAlgorithm.ROUND_ROBIN;
  v.integer('slowStart', input.slowStartSeconds, ...LIMITS.slowStartSeconds, 'seconds');
  if (input.slowStartSeconds !== undefined && loadBalancingAlgorithm === LoadBalancingAlgorithm.WEIGHTED_RANDOM) {
    throw new ServiceValidationError(
      `slowStart cannot be combined with loadBalancingAlgorithm WEIGHTED_RANDOM (received slowStart ${input.slowStartSeconds} seconds): use ROUND_ROBIN or LEAST_OUTSTANDING_REQUESTS, or drop slowStart`,
    );
  }

  const healthCheckGracePeriodSeconds = input.healthCheckGracePeriodSeconds ?? DEFAULTS.healthCheckGracePeriodSeconds;
  v.integer('healthCheckGracePeriod', healthCheckGracePeriodSeconds, ...LIMITS.healthCheckGracePeriodSeconds, 'seconds');

  const cpuTargetUtilizationPercent = input.cpuTargetUtilizationPercent ?? DEFAULTS.cpuTargetUtilizationPercent;
  v.range('cpuTargetUtilizationPercent', cpuTargetUtilizationPercent, ...LIMITS.cpuTargetUtilizationPercent, 'percent');

  const rootVolumeSizeGiB = input.rootVolumeSizeGiB ?? DEFAULTS.rootVolumeSizeGiB;
  v.integer('rootVolumeSizeGiB', rootVolumeSizeGiB, ...LIMITS.rootVolumeSizeGiB, 'GiB');
  const rootDeviceName = input.rootDeviceName ?? DEFAULTS.rootDeviceName;
  if (!isUnresolved(rootDeviceName)) {
    check(/^\/dev\/[a-z0-9]+$/.test(rootDeviceName), `rootDeviceName must be a device path such as /dev/xvda, received '${rootDeviceName}'`);
  }
  checkDomainName(input, isUnresolved);
  const instanceTypes = checkInstanceTypes(input.instanceTypes);
  const { targetRequestsPerMinute, scheduledCapacity } = planDemand(input, azs, maxCapacity, v);
  for (const email of input.alarmEmails ?? []) {
    if (isUnresolved(email)) continue;
    check(/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email), `alarmEmails must hold email addresses such as oncall@example.com, received '${email}'`);
  }

  let database: DatabaseBlueprint | undefined;
  if (input.database) {
    const engine = input.database.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
    const aurora = isAurora(engine);
    const readers = input.database.readers ?? (aurora ? DEFAULTS.database.readers : 0);
    v.integer('databaseReaders', readers, ...LIMITS.auroraReaders, 'readers');
    if (!aurora && v.known(readers) && readers > 0) {
      throw new ServiceValidationError(
        `databaseReaders applies to Aurora engines only; a Multi-AZ DB instance (databaseEngine ${engine}) has a standby instead, received databaseReaders ${readers}`,
      );
    }
    const backupRetentionDays = input.database.backupRetentionDays ?? DEFAULTS.database.backupRetentionDays;
    v.integer('databaseBackupRetention', backupRetentionDays, ...LIMITS.backupRetentionDays, 'days');
    const name = input.database.name ?? DEFAULTS.database.name;
    if (!isUnresolved(name)) {
      check(/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name),
        `databaseName must start with a letter and hold only letters, digits and underscores (1-63 characters), received '${name}'`);
    }
    database = { engine, aurora, readers, backupRetentionDays, name };
  }

  return {
    availabilityZones: azs,
    minCapacity,
    maxCapacity,
    appPort,
    https: input.https,
    listenerPorts: input.https ? [80, 443] : [80],
    allowedCidrs,
    healthCheck,
    deregistrationDelaySeconds,
    slowStartSeconds: input.slowStartSeconds,
    loadBalancingAlgorithm,
    healthCheckGracePeriodSeconds,
    cpuTargetUtilizationPercent,
    database,
    deletionProtection: input.deletionProtection ?? true,
    rootVolumeSizeGiB,
    rootDeviceName,
    instanceTypes,
    targetRequestsPerMinute,
    scheduledCapacity,
  };
}

const DNS_LABEL = '(?!-)[A-Za-z0-9-]{1,63}(?<!-)';
const DNS_NAME = new RegExp(`^(${DNS_LABEL}\\.)+${DNS_LABEL}$`);

/** A DNS name ACM and Route 53 accept, inside the hosted zone when its name is known. */
function checkDomainName(input: ServiceInput, isUnresolved: IsUnresolved): void {
  const name = input.domainName;
  if (name === undefined || isUnresolved(name)) return;
  const max = input.requestsCertificate ? LIMITS.certificateDomainNameLength : LIMITS.domainNameLength;
  check(DNS_NAME.test(name) && name.length <= max,
    `domainName must be a DNS name such as api.example.com (labels of letters, digits and inner hyphens, separated by dots, at most ${max} characters${input.requestsCertificate ? ' for the certificate the service requests' : ''}), received ${JSON.stringify(name)}`);
  const zone = input.hostedZoneName?.replace(/\.$/, '');
  if (zone !== undefined && !isUnresolved(zone)) {
    const inZone = name.toLowerCase() === zone.toLowerCase() || name.toLowerCase().endsWith(`.${zone.toLowerCase()}`);
    check(inZone, `domainName must lie in the hosted zone '${zone}', received '${name}'`);
  }
}

/** At least one type, no repeats, one architecture (the machine image serves only one). */
function checkInstanceTypes(types: InstanceTypeInput[] | undefined): string[] {
  if (types === undefined) return [...DEFAULTS.instanceTypes];
  const names = types.map((t) => t.name);
  const [min, max] = LIMITS.instanceTypes;
  check(names.length >= min && names.length <= max,
    `instanceTypes must list between ${min} and ${max} instance types, received ${names.length}`);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  check(repeated.length === 0, `instanceTypes must not repeat a type, received ${names.join(', ')}`);
  const architectures = [...new Set(types.map((t) => t.architecture))];
  check(architectures.length <= 1,
    `instanceTypes must share one processor architecture (the machine image runs on one), received ${types.map((t) => `${t.name} (${t.architecture})`).join(', ')}`);
  return names;
}

/** Request-count tracking and the scheduled bounds, from the capacity plan's demand. */
function planDemand(input: ServiceInput, azs: number, maxCapacity: number, v: Validator):
{ targetRequestsPerMinute?: number; scheduledCapacity: ScheduledCapacityBlueprint[] } {
  const demand = input.capacity?.demand;
  const targetRequestsPerMinute = demand
    ? demand.requestsPerSecondPerInstance * (demand.targetUtilization ?? DEFAULTS.targetUtilization) * 60
    : undefined;
  const scheduled = input.scheduledDemand ?? [];
  if (scheduled.length > 0 && !demand) {
    throw new ServiceValidationError(
      `scheduledDemand needs capacity from CapacityPlan.fromDemand (or CapacityPlan.fixed with a peak and a per-instance rate) to know what one instance serves; received ${scheduled.length} scheduled demand(s) without it`,
    );
  }
  if (!v.known(azs) || !v.known(maxCapacity)) return { targetRequestsPerMinute, scheduledCapacity: [] };
  const scheduledCapacity = scheduled.map((d, i) => {
    const prop = `scheduledDemand[${i}]`;
    if (d.timeZone !== undefined) check(isTimeZone(d.timeZone), `${prop}.timeZone must be an IANA time zone such as Europe/Paris, received ${JSON.stringify(d.timeZone)}`);
    let plan: CapacityPlan;
    try {
      plan = input.capacity!.withPeak(d.peakRequestsPerSecond);
    } catch (e) {
      throw new ServiceValidationError(`${prop}.${(e as Error).message}`);
    }
    const c = plan.forAvailabilityZones(azs);
    // The scheduled maximum never lowers the service's own.
    const scheduledMax = Math.max(c.maxCapacity, maxCapacity);
    const high = LIMITS.capacity[1];
    check(scheduledMax <= high,
      `${prop}.peakRequestsPerSecond ${d.peakRequestsPerSecond} plans ${c.minCapacity} to ${c.maxCapacity} instances ${describePlan(plan, azs)}, more than the ${high} a fleet may have`);
    return { minCapacity: c.minCapacity, maxCapacity: scheduledMax };
  });
  return { targetRequestsPerMinute, scheduledCapacity };
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
