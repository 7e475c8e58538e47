/**
 * planMultiRegion: the multi-Region entry of the core. It calls planService once per Region (never
 * copies it) and plans the global layer around them.
 */
import { MultiRegionReport, multiRegionReport, renderMultiRegionDiagram } from './report';
import {
  CrossRegionExperimentPlan, GlobalClusterPlan, RegionPlan, RoutingPlan, SwitchPlanSpec, SwitchTimings,
  planActivation, planCrossRegionExperiment, planGlobalCluster, planRegionAlarms, planRouting, planSwitchPlans, switchTimings,
} from './switch';
import { GLOBAL_ENGINE_VERSIONS, GlobalDatabaseMembership } from '../aws/global-database';
import { AWS_REGIONS, partitionOf } from '../aws/regions';
import { DEFAULTS } from '../base/defaults';
import { fnv1a32, serviceNamePrefix, shortName } from '../base/naming';
import { checkKnownProps } from '../base/suggest';
import { IsUnresolved, ServiceValidationError, Validator } from '../base/validation';
import { CapacityPlan } from '../capacity/demand';
import { GlobalDemand, MULTI_REGION_DEFAULTS, RegionCapacityInput, RegionMode, RegionalFleet, planRegionalCapacity } from '../capacity/regions';
import { checkEnum, checkOptionKinds } from '../options/kinds';
import { DatabaseEngine, ServiceEnvironment, ServiceOptions, isAurora } from '../options/options';
import { ServicePlan, ServiceWarning, planService } from '../service/plan';
import { planBounds } from '../tiers/fleet';

export { RegionMode } from '../capacity/regions';
export type { RegionPlan } from './switch';

/**
 * The multi-Region service's choices, engine-neutral. `service` holds the options every Region's
 * service shares, as {@link planService} takes them.
 */
export interface MultiRegionOptions {
  /** The Regions, the primary (the database writer's) first. */
  readonly regions: string[];
  /** The account every Region's stack deploys to. */
  readonly account: string;
  readonly mode?: RegionMode;
  /** Share of the peak a warm standby carries before the switch, in (0, 1). */
  readonly standbyShare?: number;
  readonly recoveryTimeObjectiveMinutes?: number;
  /** The name clients use; each Region's load balancer serves it with its own certificate. */
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  /** Route 53 health checks: seconds between checks (10 or 30). */
  readonly healthCheckIntervalSeconds?: number;
  /** Route 53 health checks: consecutive failures before a Region is unhealthy (1-10). */
  readonly healthCheckFailureThreshold?: number;
  /** Whether the clusters forward writes to the writer's Region while they are secondaries (every cluster, the primary's included). */
  readonly writeForwarding?: boolean;
  /** Whether the primary gets the cross-Region connectivity experiment. */
  readonly crossRegionFaultInjection?: boolean;
  /** The options every Region's service shares. */
  readonly service: ServiceOptions;
  /** The keys of the props object as given, and every prop the flavor knows (see ServiceOptions.propKeys). */
  readonly propKeys?: { readonly given: readonly string[]; readonly known: readonly string[] };
  /** Props of the flavor the user gave on `service` that name something of one Region: `vpc`, `vpcId`, `availabilityZones`. */
  readonly regionalServiceProps?: string[];
}

/** What only the renderer knows about where the Regions' services go. */
export interface MultiRegionEnvironment {
  /** The construct path, for messages. */
  readonly path: string;
  /** The name every stack name and physical name starts from (the construct's id). */
  readonly name: string;
  /** The id of the service construct inside each Region's stack. */
  readonly serviceId: string;
  /**
   * The environment of the service of one Region, in the stack named `stackName`, at
   * [serviceId] in it: as the renderer will create it (its AZs, pending lookups, references).
   */
  readonly serviceEnvironment: (region: string, stackName: string) => ServiceEnvironment;
  readonly isUnresolved: IsUnresolved;
}


/** Every decision about a service that spans Regions, as plain data. */
export interface MultiRegionPlan {
  readonly name: string;
  readonly mode: RegionMode;
  readonly partition: string;
  readonly account: string;
  readonly primaryRegion: string;
  readonly regions: RegionPlan[];
  /** The stack of the Region switch plans and their role, deployed after every Region. */
  readonly switchStackName: string;
  readonly standbyShare?: number;
  readonly recoveryTimeObjectiveMinutes: number;
  readonly routing: RoutingPlan;
  readonly globalCluster?: GlobalClusterPlan;
  readonly switchPlans: SwitchPlanSpec[];
  readonly experiment?: CrossRegionExperimentPlan;
  readonly timings: SwitchTimings;
  readonly report: MultiRegionReport;
  readonly diagram: string;
  readonly warnings: ServiceWarning[];
}

/** Ids of the warnings the multi-Region service raises. */
export const MULTI_REGION_WARNINGS = {
  allowedCidrs: 'cdk-highly-available-service:multiRegionAllowedCidrs',
} as const;

/** Service options that name a resource of one Region, which one value cannot give every Region. */
const REGIONAL_REFERENCES: Array<[keyof ServiceOptions, string]> = [
  ['certificate', 'an ACM certificate is Regional: MultiRegionService requests one in each Region for domainName'],
  ['hostedZone', 'give hostedZoneId and hostedZoneName to MultiRegionService instead'],
  ['domainName', 'give domainName to MultiRegionService instead'],
  ['alarmTopic', 'an SNS topic is Regional: each Region creates its own (alarmEmails are subscribed to each)'],
  ['accessLogsBucket', 'the load balancer logs to a bucket in its own Region: each Region creates its own'],
  ['webAclArn', 'a regional web ACL protects load balancers of its own Region only'],
  ['faultInjectionAvailabilityZone', 'AZ names differ per Region: the AZ experiment of each Region impairs its first AZ'],
];

/** Why a flavor's prop that names something of one Region cannot serve every Region. */
const REGIONAL_PROPS: Record<string, string> = {
  vpc: 'a VPC lives in one Region',
  vpcId: 'a VPC lives in one Region',
  availabilityZones: 'AZ names differ per Region',
};

/**
 * Plans a service that spans Regions: each Region's service through {@link planService} (the
 * single-Region planners, unchanged), sized for the loss of a Region by mode, and the global layer
 * (routing, the global database, the Region switch, the alarms, the experiment, the figures).
 * Every problem with the input is collected and thrown as one error.
 */
export function planMultiRegion(o: MultiRegionOptions, env: MultiRegionEnvironment): MultiRegionPlan {
  const v = new Validator(env.isUnresolved);
  if (o.propKeys) checkKnownProps(o.propKeys.given, o.propKeys.known, 'props', v);
  // A mode that is not one (JavaScript, tsx) is reported, and the default planned on meanwhile.
  const mode = checkEnum('mode', o.mode, 'RegionMode', RegionMode, v) ? o.mode ?? MULTI_REGION_DEFAULTS.mode : MULTI_REGION_DEFAULTS.mode;
  const regions = checkRegions(o, mode, v);
  checkAccount(o.account, v);
  const standbyShare = planStandbyShare(o, mode, v);
  const rto = o.recoveryTimeObjectiveMinutes ?? MULTI_REGION_DEFAULTS.recoveryTimeObjectiveMinutes;
  v.integer('recoveryTimeObjectiveMinutes', rto, 1, 10080, 'minutes');
  checkDns(o, v);
  // The service's enums and class-made objects, once for every Region (each Region's plan gets them checked).
  const s = checkOptionKinds(o.service, v, 'service.');
  checkServiceOptions(s, mode, v);
  checkReaderBudget(s, (o.regions ?? []).length - 1, v);
  for (const prop of o.regionalServiceProps ?? []) {
    v.fail(`service.${prop} cannot be given to a multi-Region service: ${REGIONAL_PROPS[prop] ?? 'it names something of one Region'}; each Region creates its own`);
  }
  // Nothing below is meaningful without a valid Region list.
  v.throwIfAny(env.path);

  const partition = partitionOf(regions[0])!;
  const name = stackBaseName(env.name);
  const base = shortName(serviceNamePrefix(name, []), 40);
  const stackNames = regions.map((r) => regionStackName(name, r));
  const serviceEnvs = regions.map((r, i) => env.serviceEnvironment(r, stackNames[i]));
  const azCounts = serviceEnvs.map((e) => e.regionAvailabilityZones.slice(0, s.maxAzs ?? DEFAULTS.availabilityZones).length);
  // The bounds a single service checks, checked before the Regions' shares are taken from them
  // (`maxCapacity: -3` must fail here as it fails a single service, not become a fleet of 3 to 3).
  if (s.capacity === undefined) {
    v.attempt(() => {
      const bounds = new Validator(env.isUnresolved);
      for (const azs of new Set(azCounts)) planBounds(s, azs, bounds);
      bounds.throwIfAny(env.path);
    }, 'service: ');
    v.throwIfAny(env.path);
  }
  const demand = globalDemand(s, azCounts, v);
  const fleets = planRegionalCapacity(capacityInput(s, mode, azCounts, standbyShare ?? MULTI_REGION_DEFAULTS.standbyShare, demand));

  const aurora = s.database !== false;
  const engine = s.databaseEngine ?? DatabaseEngine.AURORA_POSTGRESQL;
  const writeForwarding = aurora && (o.writeForwarding ?? mode === RegionMode.ACTIVE_ACTIVE);
  // Active-active: every Region writes through its own reader endpoint, forwarded to the writer
  // wherever it is (local forwarding in the writer's Region, global forwarding elsewhere).
  const localWriteForwarding = writeForwarding && mode === RegionMode.ACTIVE_ACTIVE;
  const engineVersion = aurora && isAurora(engine) ? GLOBAL_ENGINE_VERSIONS[engine as 'aurora-postgresql' | 'aurora-mysql'].version : undefined;
  const memberships = aurora
    ? regions.map((region, i) => membership(base, region, i, regions, { writeForwarding, localWriteForwarding, engineVersion }))
    : undefined;

  // Each Region's service, planned by the single-Region planner. A problem every Region shares is
  // reported once; one that only some Regions have names them.
  const perRegion: Array<{ options: ServiceOptions; plan?: ServicePlan; problems: string[] }> = regions.map((_, i) => {
    const options: ServiceOptions = {
      ...regionServiceOptions(s, o.domainName, fleets[i], demand, memberships?.[i]),
      // Each Region's canary probes the name and every Region's record (their set identifiers are the Regions: planRouting).
      probeRecords: s.probes ? { hostedZoneId: o.hostedZoneId, recordName: o.domainName.replace(/\.$/, ''), setIdentifiers: [...regions] } : undefined,
    };
    try {
      return { options, plan: planService(options, serviceEnvs[i]), problems: [] };
    } catch (e) {
      if (!(e instanceof ServiceValidationError)) throw e;
      return { options, problems: e.problems };
    }
  });
  const everywhere = perRegion[0].problems.filter((p) => perRegion.every((r) => r.problems.includes(p)));
  for (const p of everywhere) v.fail(`service: ${p}`);
  perRegion.forEach((r, i) => r.problems.filter((p) => !everywhere.includes(p)).forEach((p) => v.fail(`service in ${regions[i]}: ${p}`)));
  v.throwIfAny(env.path);
  const services = perRegion.map((r) => r.plan!);

  const primary = services[0];
  const routing = planRouting(o, {
    mode,
    regions,
    healthCheckPath: primary.loadBalancing.healthCheck.path,
    writerCheck: memberships !== undefined && mode !== RegionMode.ACTIVE_ACTIVE,
    clusterIdentifier: memberships?.[0].clusterIdentifier,
    namePrefix: primary.namePrefix,
  });
  const globalCluster = memberships && planGlobalCluster(engine, primary, memberships, regions, partition, o.account);
  const activations = regions.map((region, i) => planActivation(region, fleets[i], services[i], partition, o.account));
  const timings = switchTimings({ mode, routing, services, activations, database: globalCluster !== undefined });
  checkRecoveryTime(mode, rto, standbyShare, timings, o.standbyShare !== undefined, v);
  const alarms = regions.map((_, i) => planRegionAlarms(services[i], memberships?.[i], routing, i));
  const switchPlans = planSwitchPlans({
    base, regions, rto, activations, globalCluster, services, partition, account: o.account,
  });
  const experiment = planCrossRegionExperiment(o, primary, regions, v);
  v.throwIfAny(env.path);

  const regionPlans: RegionPlan[] = regions.map((region, i) => ({
    region,
    role: i === 0 ? 'primary' : mode === RegionMode.ACTIVE_ACTIVE ? 'active' : 'standby',
    stackName: stackNames[i],
    serviceOptions: perRegion[i].options,
    capacity: fleets[i],
    service: services[i],
    activation: activations[i],
    alarms: alarms[i],
    switchRaisesFleet: switchPlans.length > 0,
    ownsCertificateValidationRecord: i === 0,
  }));
  const report = multiRegionReport({
    mode, regions: regionPlans, routing, globalCluster, timings, rto, standbyShare, demand, switchPlans, experiment,
  });
  const warnings: ServiceWarning[] = [];
  if (s.allowedCidrs && !s.allowedCidrs.includes('0.0.0.0/0')) {
    warnings.push({
      id: MULTI_REGION_WARNINGS.allowedCidrs,
      message: 'allowedCidrs does not admit 0.0.0.0/0: Route 53 health checkers connect from their own published ranges (ip-ranges.json, service ROUTE53_HEALTHCHECKS); admit those too, or every Region reports unhealthy.',
    });
  }
  return {
    name,
    mode,
    partition,
    account: o.account,
    primaryRegion: regions[0],
    regions: regionPlans,
    switchStackName: switchStackName(name),
    standbyShare,
    recoveryTimeObjectiveMinutes: rto,
    routing,
    globalCluster,
    switchPlans,
    experiment,
    timings,
    report,
    diagram: renderMultiRegionDiagram(regionPlans, routing, globalCluster),
    warnings,
  };
}

/**
 * The stack names' start: the construct id with what CloudFormation refuses removed (letters,
 * digits and hyphens, a letter first), kept short enough that `<name>-<region>` fits 128 characters.
 */
export function stackBaseName(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9-]+/g, '').replace(/^[^A-Za-z]+/, '');
  const readable = cleaned || 'Service';
  return readable.length <= 100 ? readable : `${readable.slice(0, 91)}-${fnv1a32(id)}`;
}

/** The stack of one Region: `<name>-<region>`, unique per account and Region. */
export function regionStackName(name: string, region: string): string {
  return `${name}-${region}`;
}

/** The stack of the Region switch plans (in the primary Region). */
export function switchStackName(name: string): string {
  return `${name}-switch`;
}

function checkRegions(o: MultiRegionOptions, mode: RegionMode, v: Validator): string[] {
  const regions = o.regions ?? [];
  if (!v.check(regions.length >= 2, `regions must list at least 2 Regions (the first is the primary), received ${regions.length === 0 ? 'none' : `only ${regions.join(', ')}`}`)) return regions;
  const seen = new Set<string>();
  for (const r of regions) {
    if (seen.has(r)) v.fail(`regions must not list a Region twice, received ${r} twice in ${regions.join(', ')}`);
    seen.add(r);
    if (v.isUnresolved(r)) {
      v.fail('regions must be Region names known at synth (each Region gets its own stack), received a token');
    } else if (partitionOf(r) === undefined) {
      v.fail(`regions must be AWS Region names, received '${r}' (known: ${Object.keys(AWS_REGIONS).join(', ')})`);
    }
  }
  const partitions = [...new Set(regions.map(partitionOf).filter((p) => p !== undefined))];
  v.check(partitions.length <= 1, `regions must all be in one AWS partition (a global database and a Region switch plan stay within one), received ${regions.join(', ')}`);
  v.check(!partitions.includes('aws-cn'), `regions ${regions.join(', ')} are China Regions, where ARC Region switch is not available`);
  if (mode !== RegionMode.ACTIVE_ACTIVE) {
    v.check(regions.length === 2,
      `mode ${mode} takes exactly 2 Regions, a primary and its standby (Route 53 failover routing has one primary and one secondary record, and an ARC Region switch plan pairs two Regions), received ${regions.length}: use RegionMode.ACTIVE_ACTIVE for more`);
  }
  return regions;
}

function checkAccount(account: string, v: Validator): void {
  if (v.isUnresolved(account)) {
    v.fail('account must be known at synth (the Regions name each other\'s resources by ARN), received a token');
    return;
  }
  v.check(/^\d{12}$/.test(account ?? ''), `account must be a 12-digit AWS account id, received '${account}'`);
}

function planStandbyShare(o: MultiRegionOptions, mode: RegionMode, v: Validator): number | undefined {
  if (mode !== RegionMode.WARM_STANDBY) {
    v.check(o.standbyShare === undefined, `standbyShare applies to RegionMode.WARM_STANDBY only, received standbyShare ${o.standbyShare} with mode ${mode}`);
    return undefined;
  }
  const share = o.standbyShare ?? MULTI_REGION_DEFAULTS.standbyShare;
  v.check(Number.isFinite(share) && share > 0 && share < 1,
    `standbyShare must be above 0 and below 1 (the share of the peak the warm standby carries before the switch), received ${share}${share === 1 ? ': a standby that carries the full peak is RegionMode.HOT_STANDBY' : ''}`);
  return share;
}

const ZONE_ID = /^Z[A-Z0-9]{1,31}$/;

function checkDns(o: MultiRegionOptions, v: Validator): void {
  for (const [prop, value] of [['domainName', o.domainName], ['hostedZoneId', o.hostedZoneId], ['hostedZoneName', o.hostedZoneName]] as const) {
    v.check(value !== undefined && value !== '', `${prop} is required: the Regions are reached through health-checked Route 53 records of one name`);
  }
  if (v.known(o.hostedZoneId) && o.hostedZoneId !== '') {
    v.check(ZONE_ID.test(o.hostedZoneId), `hostedZoneId must be a Route 53 hosted zone id such as Z1D633PJN98FT9, received '${o.hostedZoneId}'`);
  }
  if (v.known(o.domainName) && v.known(o.hostedZoneName) && o.domainName && o.hostedZoneName) {
    const zone = o.hostedZoneName.replace(/\.$/, '').toLowerCase();
    const domain = o.domainName.replace(/\.$/, '').toLowerCase();
    v.check(domain === zone || domain.endsWith(`.${zone}`), `domainName must lie in the hosted zone hostedZoneName (${JSON.stringify(o.hostedZoneName)}), received '${o.domainName}'`);
  }
  const interval = o.healthCheckIntervalSeconds;
  if (v.known(interval)) {
    v.check(interval === 10 || interval === 30, `healthCheckInterval must be 10 or 30 seconds (the intervals Route 53 offers), received ${interval} seconds`);
  }
  v.integer('healthCheckFailureThreshold', o.healthCheckFailureThreshold, 1, 10);
}

function checkServiceOptions(s: ServiceOptions, mode: RegionMode, v: Validator): void {
  for (const [prop, why] of REGIONAL_REFERENCES) {
    const value = s[prop];
    if (value !== undefined && value !== false) v.fail(`service.${prop} cannot be given to a multi-Region service: ${why}`);
  }
  // What the props name by id or ARN lives in one Region (an SSM parameter name may exist in every
  // Region); those the flags above cover are reported there, a VPC with regionalServiceProps.
  const covered = (p: string) => REGIONAL_REFERENCES.some(([k]) => p.startsWith(String(k))) || p === 'vpcId' || p === 'machineImageParameter';
  const named = (s.references ?? []).map((r) => r.prop).filter((p) => !covered(p));
  if (named.length) v.fail(`service.${named.join(', service.')} name existing resources, which live in one Region: a multi-Region service creates each Region's own`);
  v.check(s.internetFacing !== false,
    'service.internetFacing must be true: Route 53 health checkers and public DNS reach each Region\'s load balancer from the internet');
  v.check(!s.databaseProxy, 'service.databaseProxy is not offered with a global database: the proxy registers the RDS-managed master secret, which a cluster in a global database cannot have');
  v.check(!s.scheduledDemand?.length, 'service.scheduledDemand is not planned across Regions yet: give the capacity plan the highest peak');
  if (s.database === false) {
    v.check(mode === RegionMode.ACTIVE_ACTIVE,
      `service.database false with mode ${mode}: without a database writer to follow, nothing moves clients between Regions in a planned switch; a stateless service runs every Region at once (RegionMode.ACTIVE_ACTIVE)`);
  } else if (s.databaseEngine !== undefined && !isAurora(s.databaseEngine)) {
    v.fail(`service.databaseEngine ${s.databaseEngine} cannot be global: an RDS Multi-AZ DB instance cannot join an Aurora global database; use DatabaseEngine.AURORA_POSTGRESQL or AURORA_MYSQL`);
  }
}

/**
 * A global database's primary takes at most 15 readers and secondary clusters together (Aurora User
 * Guide, "Adding an AWS Region to an Amazon Aurora global database"); reader auto scaling counts.
 */
function checkReaderBudget(s: ServiceOptions, secondaries: number, v: Validator): void {
  if (s.database === false || secondaries < 1) return;
  const most = 15 - secondaries;
  for (const [prop, value] of [['databaseReaders', s.databaseReaders], ['databaseMaxReaders', s.databaseMaxReaders]] as const) {
    if (v.known(value) && Number.isInteger(value) && value > most) {
      v.fail(`service.${prop} must be at most ${most} with ${secondaries} secondary Region(s): a global database's primary takes at most 15 readers and secondary clusters together, received ${value}`);
    }
  }
}

/** The demand every Region is sized from, from the shared capacity plan. */
function globalDemand(s: ServiceOptions, azCounts: number[], v: Validator): GlobalDemand | undefined {
  const d = s.capacity?.demand;
  if (!d) return undefined;
  if (d.availabilityZones !== undefined && !s.capacity?.fixedCapacity) {
    for (const k of new Set(azCounts)) {
      v.check(k === d.availabilityZones, `capacity was planned for availabilityZones ${d.availabilityZones} but a Region spans ${k} AZs: leave availabilityZones out, each Region is planned for its own`);
    }
  }
  return {
    peakRequestsPerSecond: d.peakRequestsPerSecond,
    requestsPerSecondPerInstance: d.requestsPerSecondPerInstance,
    targetUtilization: d.targetUtilization ?? DEFAULTS.targetUtilization,
    burstFactor: d.burstFactor ?? DEFAULTS.burstFactor,
    surviveAzLoss: d.surviveAzLoss ?? true,
  };
}

function capacityInput(
  s: ServiceOptions, mode: RegionMode, azCounts: number[], standbyShare: number, demand: GlobalDemand | undefined,
): RegionCapacityInput {
  const fixed = s.capacity?.fixedCapacity;
  const given = fixed ?? (s.minCapacity !== undefined
    ? { minCapacity: s.minCapacity, maxCapacity: s.maxCapacity ?? s.minCapacity * DEFAULTS.burstFactor }
    : undefined);
  // A fixed plan with a peak keeps its own bounds: they are what one Region runs.
  return { mode, availabilityZones: azCounts, standbyShare, demand: fixed ? undefined : demand, fixed: given };
}

/** One Region's service options: the shared ones, with the Region's own capacity, certificate and database membership. */
function regionServiceOptions(
  s: ServiceOptions, domainName: string, fleet: RegionalFleet, demand: GlobalDemand | undefined, member: GlobalDatabaseMembership | undefined,
): ServiceOptions {
  let capacity: CapacityPlan | undefined;
  if (fleet.minCapacity !== undefined) {
    capacity = CapacityPlan.fixed({
      minCapacity: fleet.minCapacity,
      maxCapacity: fleet.maxCapacity!,
      // The Region's fleet scales on requests per instance like a single-Region service, and its
      // report measures the fleet against what it stands ready to carry.
      ...(demand && {
        peakRequestsPerSecond: fleet.standingRequestsPerSecond!,
        requestsPerSecondPerInstance: demand.requestsPerSecondPerInstance,
        targetUtilization: demand.targetUtilization,
      }),
    });
  }
  return {
    ...s,
    domainName,
    certificate: true,
    hostedZone: false,
    hostedZoneName: undefined,
    capacity: capacity ?? s.capacity,
    minCapacity: capacity ? undefined : s.minCapacity,
    maxCapacity: capacity ? undefined : s.maxCapacity,
    globalDatabase: member,
  };
}

/** Region `i`'s membership in the global database: fixed identifiers, so every Region can name every cluster. */
function membership(
  base: string, region: string, i: number, regions: string[],
  o: { writeForwarding: boolean; localWriteForwarding: boolean; engineVersion?: string },
): GlobalDatabaseMembership {
  const primary = i === 0;
  return {
    globalClusterIdentifier: rdsIdentifier(`${base}-global`),
    clusterIdentifier: rdsIdentifier(`${base}-${region}`),
    primary,
    secretName: `${base}/database-master`,
    secretReplicaRegions: primary ? regions.slice(1) : undefined,
    // On every cluster, the primary's included: roles swap in a switch, and the demoted cluster
    // must forward from the moment it is demoted.
    writeForwarding: o.writeForwarding || undefined,
    localWriteForwarding: o.localWriteForwarding || undefined,
    engineVersion: o.engineVersion,
  };
}

/**
 * An RDS identifier: 1-63 letters, digits and hyphens, a letter first, no two hyphens in a row nor
 * one at the end (RDS stores it lower-cased, so it is written lower-case here).
 */
export function rdsIdentifier(text: string): string {
  let id = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-{2,}/g, '-').replace(/^[^a-z]+/, '');
  if (id.length > 63) id = `${id.slice(0, 54).replace(/-+$/, '')}-${fnv1a32(text)}`;
  return id.replace(/-+$/, '') || `db-${fnv1a32(text)}`;
}

function checkRecoveryTime(
  mode: RegionMode, rto: number, standbyShare: number | undefined, t: SwitchTimings, shareGiven: boolean, v: Validator,
): void {
  if (!v.known(rto) || !Number.isInteger(rto) || rto < 1) return;
  const limit = rto * 60;
  if (t.unplannedRecoverySeconds <= limit) return;
  const withoutScaling = t.unplannedRecoverySeconds - t.scaleUpSeconds;
  if (mode === RegionMode.WARM_STANDBY && withoutScaling <= limit) {
    v.fail(`standbyShare ${standbyShare}${shareGiven ? '' : ' (the default)'} cannot meet recoveryTimeObjectiveMinutes ${rto}: a warm standby is scaled up in the switch, and detection `
      + `(${t.detectionSeconds} s) + scale-up (~${t.scaleUpSeconds} s) + database failover (~${t.databaseFailoverSeconds} s) come to ~${t.unplannedRecoverySeconds} s; `
      + `run the standby hot (RegionMode.HOT_STANDBY, ~${withoutScaling} s) or allow at least ${Math.ceil(t.unplannedRecoverySeconds / 60)} minutes`);
    return;
  }
  v.fail(`recoveryTimeObjectiveMinutes ${rto} cannot be met: detection (${t.detectionSeconds} s)`
    + `${t.scaleUpSeconds ? ` + scale-up (~${t.scaleUpSeconds} s)` : ''}${t.databaseFailoverSeconds ? ` + database failover (~${t.databaseFailoverSeconds} s, a planning figure for AWS's "in the order of minutes")` : ''}`
    + ` come to ~${t.unplannedRecoverySeconds} s; allow at least ${Math.ceil(t.unplannedRecoverySeconds / 60)} minutes`);
}
