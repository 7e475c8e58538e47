/**
 * planService: the single-Region entry of the core. It runs every tier planner in order, collects
 * every problem into one error and returns the plain ServicePlan both renderers translate.
 */
import { DeployedValue, checkDeploymentValues } from '../aws/deployment-rules';
import { checkReferences } from '../aws/references';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { DatabaseNamesPlan, NamePrefixesPlan, databaseNames, namePrefixes, serviceNamePrefix } from '../base/naming';
import { checkKnownProps } from '../base/suggest';
import { Validator } from '../base/validation';
import { CapacityDistributionStrategy, capacityFigures, LCU_RESERVATION, reservationCost } from '../capacity/assurance';
import { checkOptionKinds } from '../options/kinds';
import { ServiceEnvironment, ServiceOptions, propNames } from '../options/options';
import { CostBasis, billOfMaterials } from '../report/cost';
import { detectionTable, objectivesReport } from '../report/detection';
import { renderDiagram } from '../report/diagram';
import { FINDINGS, ResilienceReport, resilienceReport } from '../report/report';
import { AccessPlan, planAccess } from '../tiers/access';
import { ALARM_THRESHOLDS } from '../tiers/alarms';
import { CachePlan, planCache } from '../tiers/cache';
import { ContractEntry, planContract } from '../tiers/contract';
import { DatabasePlan, planDatabase } from '../tiers/database';
import { DatabaseProxyPlan, planDatabaseProxy } from '../tiers/database-proxy';
import { FaultInjectionPlan, planFaultInjection } from '../tiers/experiments';
import { FleetPlan, planFleet } from '../tiers/fleet';
import { LoadBalancingPlan, planLoadBalancing } from '../tiers/load-balancing';
import { MonitoringPlan, planMonitoring } from '../tiers/monitoring';
import { NetworkPlan, planNetwork } from '../tiers/network';
import { OutlierDetectionPlan, planOutlierDetection } from '../tiers/outlier-detection';
import { CANARY, PROBES_NEED_INTERNET_FACING, ProbesPlan, checkProbesEnvironment, planProbes } from '../tiers/probes';
import { RollbackReleasePlan, planRollbackRelease } from '../tiers/rollback-release';
import { SloPlan, planSlo } from '../tiers/slo';
import { environmentCommands, launchHookCommands } from '../tiers/user-data';
import { WebFirewallPlan, planWebFirewall } from '../tiers/web-firewall';
import { OutlierShiftPlan, ZonalShiftPlan, planOutlierShift, planZonalShift } from '../tiers/zonal-shift';

/** A warning the service raises at synth, with a stable id (acknowledgeable). */
export interface ServiceWarning {
  readonly id: string;
  readonly message: string;
}

/** Every decision about one service, as plain data: what a renderer translates, and nothing more. */
export interface ServicePlan {
  /** Physical-name prefix, unique per service and account (see naming.ts), also the fleet's tag value. */
  readonly namePrefix: string;
  /**
   * The report's file name, without `.json` or `.md`: `<name prefix>.resilience`, unique per
   * service in the assembly and within the 255 bytes a file name may have, however long the path.
   */
  readonly reportFileName: string;
  /** Name prefixes for the engines that name resources from a prefix and a suffix of their own (Terraform). */
  readonly namePrefixes: NamePrefixesPlan;
  readonly network: NetworkPlan;
  /** The security groups and their rules, with their descriptions. */
  readonly access: AccessPlan;
  readonly loadBalancing: LoadBalancingPlan;
  readonly fleet: FleetPlan;
  /** Undefined for a stateless service. */
  readonly database?: DatabasePlan;
  /** The database's identifiers, for the engines that name it (Terraform). */
  readonly databaseNames?: DatabaseNamesPlan;
  /** The cache, if asked for. */
  readonly cache?: CachePlan;
  /** RDS Proxy in front of the database, if asked for. */
  readonly databaseProxy?: DatabaseProxyPlan;
  /** The web ACL in front of the load balancer, if any. */
  readonly webFirewall?: WebFirewallPlan;
  readonly monitoring: MonitoringPlan;
  /** Per-AZ outlier detection (with the alarm set): what the per-AZ metrics can see, the slow threshold. */
  readonly outlierDetection?: Pick<OutlierDetectionPlan, 'seesInstanceAz' | 'latencyThresholdSeconds'>;
  /** The service level objectives, if set. */
  readonly slo?: SloPlan;
  readonly zonalShift: ZonalShiftPlan;
  /**
   * One release per protected resource, which turns its deletion protection off when, and only
   * when, a failed first create rolls back: for an engine that rolls back (CloudFormation); undefined otherwise.
   */
  readonly rollbackRelease?: RollbackReleasePlan;
  /** The automatic zonal shift away from an outlier AZ, if opted in. */
  readonly outlierShift?: OutlierShiftPlan;
  /** The outside-in probes (a CloudWatch Synthetics canary), if opted in and reachable from the internet. */
  readonly probes?: ProbesPlan;
  /** AWS FIS experiments, unless turned off (or without the service-health alarm to stop them). */
  readonly faultInjection?: FaultInjectionPlan;
  readonly report: ResilienceReport;
  /**
   * The application contract: what every instance finds in its environment file
   * (`/etc/cdk-highly-available-service/service.env`), and the stack outputs of the same names.
   */
  readonly contract: ContractEntry[];
  /** The deployment as a Mermaid flowchart, for the report's Markdown. */
  readonly diagram: string;
  readonly warnings: ServiceWarning[];
  /** What the service says at synth without asking anything of the user (an info, not a warning), with a stable id. */
  readonly infos: ServiceWarning[];
}

/** The ids of the infos a service may give. */
export const INFOS = {
  loadBalancerCapacityToReserve: 'cdk-highly-available-service:loadBalancerCapacityToReserve',
} as const;

/** The ids of the warnings a service may raise. */
export const WARNINGS = {
  noHttps: 'cdk-highly-available-service:noHttps',
  emailsWithOwnTopic: 'cdk-highly-available-service:alarmEmailsIgnored',
  autoshiftWithoutStaticStability: 'cdk-highly-available-service:autoshiftWithoutStaticStability',
  largeFleet: 'cdk-highly-available-service:largeFleet',
  securityGroupRulesQuota: 'cdk-highly-available-service:securityGroupRulesQuota',
  loadBalancerCapacityQuota: 'cdk-highly-available-service:loadBalancerCapacityQuota',
  balancedOnlyWithoutStaticStability: 'cdk-highly-available-service:balancedOnlyWithoutStaticStability',
  warmPoolWithoutLaunchHook: 'cdk-highly-available-service:warmPoolWithoutLaunchHook',
  fleetDeletionProtectionUnavailable: 'cdk-highly-available-service:fleetDeletionProtectionUnavailable',
  machineImageFollowsParameter: 'cdk-highly-available-service:machineImageFollowsParameter',
  probesNeedInternetFacing: 'cdk-highly-available-service:probesNeedInternetFacing',
  probesBlockedByAllowedCidrs: 'cdk-highly-available-service:probesBlockedByAllowedCidrs',
  probesCertificateWithoutDomain: 'cdk-highly-available-service:probesCertificateWithoutDomain',
} as const;

/**
 * Decides everything about a service from the user's options and what the renderer knows of its
 * environment. Every problem with the input is collected and thrown as one error naming the
 * construct, before a renderer creates anything.
 */
export function planService(given: ServiceOptions, env: ServiceEnvironment): ServicePlan {
  const v = new Validator(env.isUnresolved);
  const namePrefix = serviceNamePrefix(env.stackName, env.pathInStack);
  if (given.propKeys) checkKnownProps(given.propKeys.given, given.propKeys.known, 'props', v);
  // Enums and class-made objects first: the planners read the rest as their types say.
  const options = checkOptionKinds(given, v);
  checkReferences(options.references, v);
  const network = planNetwork(options, env, v);
  const azs = network.availabilityZones.length;
  const loadBalancing = planLoadBalancing(options, network, v);
  const fleet = planFleet(options, azs, loadBalancing, v, network, {
    region: env.region, fleetDeletionProtectionUnavailable: env.fleetDeletionProtectionUnavailable, imagePinUnavailable: env.imagePinUnavailable,
  });
  const database = planDatabase(options, azs, v);
  const webFirewall = planWebFirewall(options, loadBalancing, namePrefix, v);
  // The optional tiers, each with its alarms and dashboard row.
  const databaseProxy = planDatabaseProxy(options, database, namePrefix, v);
  const cache = planCache(options, azs, namePrefix, v);
  // Gray failures and objectives: their alarms and composites join the alarm set like a tier's.
  const alarmsOn = options.alarms ?? true;
  const slo = planSlo(options.slo, namePrefix, alarmsOn, v);
  const latencyObjectivePlan = slo?.objectives.find((o) => o.latencyThresholdSeconds !== undefined);
  const latencyObjective = latencyObjectivePlan?.latencyThresholdSeconds;
  const outliers = alarmsOn
    ? planOutlierDetection(
      network.availabilityZones, latencyObjective ?? ALARM_THRESHOLDS.p99ResponseTimeSeconds, loadBalancing.crossZoneLoadBalancing)
    : undefined;
  const probes = planProbes({
    enabled: options.probes,
    internetFacing: loadBalancing.internetFacing,
    https: loadBalancing.https,
    domainName: loadBalancing.domainName,
    healthCheckPath: loadBalancing.healthCheck.path,
    alarmsOn,
    records: options.probeRecords,
  }, namePrefix, v);
  if (probes) checkProbesEnvironment(probes, v);
  const tiers = [webFirewall, databaseProxy, cache, outliers, slo && { ...slo, dashboardRow: [] }, probes].filter((t) => t !== undefined);
  const monitoring = planMonitoring(options, { namePrefix, region: env.region, network, loadBalancing, fleet, database, tiers }, v);

  // The report is plain arithmetic over the plan: it cannot fail, even on input about to be rejected.
  const alarmCount = monitoring.alarms.length + monitoring.composites.length + (monitoring.serviceHealth ? 1 : 0);
  const figures = resilienceReport({
    availabilityZones: azs,
    minCapacity: fleet.minCapacity,
    maxCapacity: fleet.maxCapacity,
    https: loadBalancing.https,
    healthCheck: loadBalancing.healthCheck,
    healthCheckGracePeriodSeconds: fleet.healthCheckGracePeriodSeconds,
    database,
    databaseProxy: databaseProxy !== undefined,
    cache,
  }, {
    alarmCount,
    demand: fleet.demand,
    natGateways: network.natGateways,
    environmentAgnostic: network.environmentAgnostic,
    capacity: capacityFigures(
      {
        reservation: loadBalancing.capacityReservation,
        offReason: loadBalancing.capacityReservationOffReason,
        toReserve: loadBalancing.capacityToReserve,
      },
      fleet.assurance,
      { availabilityZones: azs, minCapacity: fleet.minCapacity, peakRequestsPerSecond: fleet.demand?.peakRequestsPerSecond },
    ),
  });
  const zonalShift = planZonalShift(options, monitoring.serviceHealth?.id, v, env.fleetZonalShift ?? true);
  const outlierShift = planOutlierShift({
    enabled: options.outlierShift,
    minutes: options.outlierShiftMinutes,
    zonalShift,
    capacityAfterAzLossPercentOfPeak: figures.capacityAfterAzLossPercentOfPeak,
    outliers: outliers && { composites: monitoring.composites.filter((c) => c.id.startsWith('ImpairedAz')) },
    healthyTargetsNeeded: monitoring.healthyHostsNeeded,
    namePrefix,
  }, v);
  const faultInjection = planFaultInjection(options, {
    namePrefix,
    availabilityZones: network.availabilityZones,
    lookupPending: env.lookupPending,
    minCapacity: fleet.minCapacity,
    database,
    cache,
    monitoring,
    zonalShift,
    report: figures,
    grayFailure: outliers && {
      appPort: loadBalancing.appPort,
      healthCheckTimeoutSeconds: loadBalancing.healthCheck.timeoutSeconds,
      latencyThresholdSeconds: outliers.latencyThresholdSeconds,
      seesInstanceAz: outliers.seesInstanceAz,
      p99ThresholdSeconds: ALARM_THRESHOLDS.p99ResponseTimeSeconds,
      latencyObjective: latencyObjectivePlan && {
        thresholdSeconds: latencyObjectivePlan.latencyThresholdSeconds!, budgetPercent: latencyObjectivePlan.budgetPercent,
      },
      outlierShift,
    },
  }, v);
  const access = planAccess({
    listenerPorts: loadBalancing.listenerPorts,
    allowedCidrs: loadBalancing.allowedCidrs,
    allowVpcCidr: loadBalancing.allowVpcCidr,
    appPort: loadBalancing.appPort,
    databasePort: database?.port,
    databaseProxyPort: databaseProxy?.port,
    cachePort: cache?.port,
  });
  const prefixes = namePrefixes(namePrefix);
  const dbNames = database && databaseNames(namePrefix, database.readerAzs.length);
  // What AWS and the Terraform provider enforce at create time, on every value decided above.
  checkDeploymentValues(deployedValues({
    namePrefixes: prefixes,
    access,
    database,
    databaseNames: dbNames,
    databaseProxy,
    cache,
    webFirewall,
    monitoring,
    faultInjection,
    probes,
    outlierShift,
  }), v);
  const contract = planContract({
    serviceName: namePrefix, healthCheckPath: loadBalancing.healthCheck.path, appPort: loadBalancing.appPort, database, databaseProxy, cache,
  });
  checkUserDataSize(options.userData?.bytes, contract, fleet, env, v);
  v.throwIfAny(env.path);
  const region = env.isUnresolved(env.region) ? undefined : env.region;
  const cost = billOfMaterials(costBasis({
    network, loadBalancing, fleet, database, cache, webFirewall, monitoring, faultInjection, probes,
  }, region));
  const objectives = objectivesReport(slo, figures.estimatedAvailability);
  let report: ResilienceReport = {
    ...figures,
    experiments: faultInjection?.experiments.map((e) => e.prediction) ?? [],
    detection: detectionTable({
      detectionSeconds: figures.detectionSeconds,
      replacementSeconds: figures.replacementSeconds,
      outliers,
      outlierShift,
      slo,
      multiRegion: options.globalDatabase !== undefined,
      probes,
    }),
    objectives,
    cost,
  };
  const availabilityObjective = objectives.find((o) => o.id === 'Availability');
  if (availabilityObjective && availabilityObjective.budgetUsedPercent! > 100) {
    report = {
      ...report,
      findings: [...report.findings, {
        id: FINDINGS.objectiveAboveEstimate,
        message: `The availability objective (${availabilityObjective.goalPercent} %) is tighter than the estimate the parts' published SLAs allow ` +
        `(${(figures.estimatedAvailability * 100).toFixed(3)} %): expect to spend ${availabilityObjective.budgetUsedPercent} % of its budget on them alone.`,
      }],
    };
  }

  const warnings: ServiceWarning[] = [];
  const names = propNames(options);
  if (options.alarmTopic && options.alarmEmails?.length) {
    warnings.push({ id: WARNINGS.emailsWithOwnTopic, message: `alarmEmails are ignored when ${names.alarmTopic} is given: subscribe the addresses to your own topic.` });
  }
  if (!loadBalancing.https) {
    warnings.push({
      id: WARNINGS.noHttps,
      message: `The service listens on plain HTTP: give a ${names.certificate}, or a domainName with its ${names.hostedZone}, to serve HTTPS and redirect HTTP.`,
    });
  }
  const afterLoss = report.capacityAfterAzLossPercentOfPeak;
  if (zonalShift.autoshift && afterLoss !== undefined && afterLoss < 100) {
    warnings.push({
      id: WARNINGS.autoshiftWithoutStaticStability,
      message: `Zonal autoshift is on, but after losing an AZ the fleet serves ${afterLoss} % of its planned peak: an autoshift (or a weekly practice run) at peak overloads the other AZs. Plan the capacity with surviveAzLoss.`,
    });
  }
  const largest = Math.max(fleet.maxCapacity, ...fleet.scheduledCapacity.map((c) => c.maxCapacity));
  if (largest > DEFAULTS.largeFleetInstances) {
    warnings.push({
      id: WARNINGS.largeFleet,
      message: `The fleet may grow to ${largest} ${fleet.instanceTypes.join(' / ')} instances. Auto Scaling has no limit of its own, but the account's `
        + 'EC2 On-Demand quotas (vCPUs per instance family, per region) do, and new accounts start low: check them in Service Quotas before the peak needs them.',
    });
  }
  // A security group takes 60 inbound rules until the account raises the VPC quota "Inbound or
  // outbound rules per security group" (Amazon VPC quotas; adjustable): a longer list fails at deploy on a fresh account.
  const groupRules = new Map<string, number>();
  for (const r of access.rules) if (r.direction === 'ingress') groupRules.set(r.group, (groupRules.get(r.group) ?? 0) + 1);
  for (const [group, count] of groupRules) {
    if (count <= DEFAULTS.securityGroupInboundRules) continue;
    warnings.push({
      id: WARNINGS.securityGroupRulesQuota,
      message: `The ${group} security group gets ${count} inbound rules${group === 'loadBalancer' ? ` (${loadBalancing.allowedCidrs.length} allowedCidrs on ${loadBalancing.listenerPorts.length} listener ports)` : ''}: `
        + `a security group takes ${DEFAULTS.securityGroupInboundRules} until the Amazon VPC quota 'Inbound or outbound rules per security group' is raised in Service Quotas. Raise it before deploying, or allow fewer, wider blocks.`,
    });
  }
  const reserved = loadBalancing.capacityReservation;
  if (reserved) {
    const { quotaPerRegion, quotaPerRegionCode, quotaPerLoadBalancer } = LCU_RESERVATION;
    warnings.push({
      id: WARNINGS.loadBalancerCapacityQuota,
      message: `The load balancer reserves ${reserved.units} load balancer capacity units. The Region's quota of reserved Application Load Balancer LCUs is ${quotaPerRegion} `
        + `until raised: request it in Service Quotas (Elastic Load Balancing, ${quotaPerRegionCode}) before deploying`
        + `${reserved.units > quotaPerLoadBalancer ? `, with the quota per load balancer (${quotaPerLoadBalancer} by default)` : ''}, or leave loadBalancerCapacityUnits unset.`,
    });
  }
  if (options.probes && !probes) {
    warnings.push({ id: WARNINGS.probesNeedInternetFacing, message: `probes are ignored with internetFacing false: ${PROBES_NEED_INTERNET_FACING}` });
  }
  if (probes && !loadBalancing.allowedCidrs.includes('0.0.0.0/0')) {
    warnings.push({
      id: WARNINGS.probesBlockedByAllowedCidrs,
      message: `allowedCidrs (${loadBalancing.allowedCidrs.join(', ')}) does not admit 0.0.0.0/0: the canary runs outside the VPC and calls from AWS's public `
        + 'addresses in the Region, not from a range you list: its probes fail, and ProbeSuccess fires, unless the listeners admit them.',
    });
  }
  if (probes && loadBalancing.https && loadBalancing.domainName === undefined) {
    warnings.push({
      id: WARNINGS.probesCertificateWithoutDomain,
      message: `The service serves HTTPS with your ${names.certificate} but has no domainName: the canary calls the load balancer's DNS name, which the certificate `
        + 'does not name, so its TLS check fails. Give domainName (the name the certificate is for).',
    });
  }
  const infos: ServiceWarning[] = [];
  const toReserve = loadBalancing.capacityToReserve;
  if (toReserve && options.loadBalancerCapacityUnits === undefined) {
    const reservation = reservationCost(toReserve);
    infos.push({
      id: INFOS.loadBalancerCapacityToReserve,
      message: `The planned peak needs ${toReserve.needs!.units} load balancer capacity units; nothing is reserved (opt in with loadBalancerCapacityUnits: ${toReserve.units}, `
        + `which keeps the peak's units after losing an AZ, for about $${reservation.monthlyUsd} a month at $${LCU_RESERVATION.price.usdPerUnitHour} per LCU-hour in ${LCU_RESERVATION.price.region}, `
        + `once the Region's quota ${LCU_RESERVATION.quotaPerRegionCode} is raised from ${LCU_RESERVATION.quotaPerRegion}).`,
    });
  }
  const distribution = fleet.assurance.capacityDistribution;
  if (distribution.strategy === CapacityDistributionStrategy.BALANCED_ONLY && !distribution.staticallyStable) {
    warnings.push({
      id: WARNINGS.balancedOnlyWithoutStaticStability,
      message: 'capacityDistributionStrategy is BALANCED_ONLY, but the plan does not show that the other AZs carry the peak without one: when launches fail in an AZ, '
        + 'the group keeps trying there and stays short. Plan the capacity from demand with surviveAzLoss, or keep BALANCED_BEST_EFFORT.',
    });
  }
  if (fleet.assurance.warmPool && !fleet.launchHook) {
    warnings.push({
      id: WARNINGS.warmPoolWithoutLaunchHook,
      message: 'The warm pool has no launch hook to wait for (signalOnHealthy: false): Auto Scaling stops an instance entering the pool without waiting for its user data, '
        + 'which may be cut short, and may put it in service before it is ready.',
    });
  }
  if (fleet.assurance.deletionProtectionUnavailable !== undefined && options.deletionProtection === true) {
    warnings.push({
      id: WARNINGS.fleetDeletionProtectionUnavailable,
      message: `deletionProtection cannot protect the Auto Scaling group here: ${fleet.assurance.deletionProtectionUnavailable}. The load balancer and the database are protected.`,
    });
  }
  if (!fleet.imagePinned && !options.ownMachineImage) {
    warnings.push({
      id: WARNINGS.machineImageFollowsParameter,
      message: `The default machine image is resolved from its SSM parameter at every deployment (${env.imagePinUnavailable}): once AWS publishes a new Amazon Linux AMI, `
        + 'any deployment rolls the whole fleet. Give the stack an env with account and region (the image is then kept in cdk.context.json), or a machineImage of your own.',
    });
  }
  for (const finding of report.findings) {
    if (finding.id === FINDINGS.noHttps) continue; // warned about above
    // Findings about placeholder AZs or subnets would be wrong: the CLI's next pass judges the real ones.
    if (env.lookupPending) continue;
    warnings.push({ id: `cdk-highly-available-service:${finding.id}`, message: finding.message });
  }
  const rollbackRelease = planRollbackRelease(env.rollsBackFailedCreate ?? false, {
    loadBalancer: loadBalancing.deletionProtection,
    database: database && { engine: database.engine, deletionProtection: database.deletionProtection },
    autoScalingGroup: fleet.assurance.deletionProtectionUnavailable === undefined ? fleet.assurance.deletionProtection : undefined,
  });
  const groupReleased = rollbackRelease?.releases.some((r) => r.target === 'autoScalingGroup') ?? false;
  const azLabels = network.availabilityZones.map((az, i) => (env.isUnresolved(az) ? `AZ ${i + 1}` : `AZ ${i + 1}: ${az}`));
  const diagram = renderDiagram({ azLabels, network, loadBalancing, fleet, database, cache });
  return {
    namePrefix,
    reportFileName: `${namePrefix}.resilience`,
    namePrefixes: prefixes,
    network,
    access,
    loadBalancing,
    fleet: groupReleased ? { ...fleet, assurance: { ...fleet.assurance, deletionProtectionSetBy: 'release' } } : fleet,
    database,
    databaseNames: dbNames,
    databaseProxy,
    cache,
    webFirewall,
    monitoring,
    outlierDetection: outliers && { seesInstanceAz: outliers.seesInstanceAz, latencyThresholdSeconds: outliers.latencyThresholdSeconds },
    slo,
    zonalShift,
    outlierShift,
    rollbackRelease,
    probes,
    faultInjection,
    report,
    contract,
    diagram,
    warnings,
    infos,
  };
}

/**
 * EC2 takes at most 16 KB of user data, raw, before base64 (EC2 User Guide, "Work with instance
 * user data"; RequestLaunchTemplateData.UserData "is limited to 16 KB"): the user's script and the
 * lines the service adds to it (the settings file, the launch health gate). References resolve at
 * deploy time: they count as nothing, so the size checked is one the script has at least.
 */
function checkUserDataSize(userBytes: number | undefined, contract: ContractEntry[], fleet: FleetPlan, env: ServiceEnvironment, v: Validator): void {
  if (userBytes === undefined) return;
  const settings = Object.fromEntries(contract.map((e) => [e.key, typeof e.value === 'string' ? e.value : '']));
  // A region known only at deploy counts as nothing too (the shortest line the hook can have).
  const region = env.isUnresolved(env.region) ? '' : env.region;
  const added = [...environmentCommands(settings), ...(fleet.launchHook ? launchHookCommands(fleet.launchHook, region) : [])];
  const addedBytes = added.reduce((n, line) => n + utf8Bytes(line) + 1, 0);
  v.check(userBytes + addedBytes <= LIMITS.userDataBytes,
    `userData must hold at most ${LIMITS.userDataBytes} bytes (EC2's 16 KB of user data) with the ${addedBytes} or more the service adds `
    + `(its settings file and launch health gate), received ${userBytes} bytes: download a larger script from S3 in a short one`);
}

/** The bytes of a string in UTF-8. */
function utf8Bytes(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/**
 * Every name, identifier, description and version the plan decides, each with the deployment
 * rule it must keep (see deployment-rules.ts).
 */
export function deployedValues(p: Pick<ServicePlan, 'namePrefixes' | 'access' | 'database' | 'databaseNames' | 'databaseProxy' | 'cache'
| 'webFirewall' | 'monitoring' | 'faultInjection' | 'probes' | 'outlierShift'>): DeployedValue[] {
  const values: DeployedValue[] = [];
  const add = (rule: DeployedValue['rule'], what: string, value: string | undefined, prefix = false) => values.push({ rule, what, value, prefix });
  const n = p.namePrefixes;
  add('autoScalingName', 'namePrefixes.fleet', n.fleet, true);
  add('launchTemplateName', 'namePrefixes.launchTemplate', n.launchTemplate, true);
  add('launchTemplateNamePrefix', 'namePrefixes.launchTemplate', n.launchTemplate);
  add('roleName', 'namePrefixes.instanceRole', n.instanceRole, true);
  add('instanceProfileName', 'namePrefixes.instanceProfile', n.instanceProfile, true);
  add('securityGroupName', 'namePrefixes.fleetSecurityGroup', n.fleetSecurityGroup, true);
  add('topicName', 'namePrefixes.alarmTopic', n.alarmTopic, true);
  add('bucketName', 'namePrefixes.accessLogsBucket', n.accessLogsBucket, true);
  for (const [group, description] of Object.entries(p.access.groupDescriptions)) add('securityGroupDescription', `access.groupDescriptions.${group}`, description);
  for (const r of p.access.rules) add('securityGroupRuleDescription', `access rule ${r.id}`, r.description);
  if (p.database) {
    add(p.database.global?.engineVersion ? 'rdsGlobalEngineVersion' : 'rdsEngineVersion', 'database.engineVersion.requested', p.database.engineVersion.requested);
    add('securityGroupName', 'namePrefixes.databaseSecurityGroup', n.databaseSecurityGroup, true);
    add('rdsSubnetGroupName', 'namePrefixes.databaseSubnetGroup', n.databaseSubnetGroup, true);
    add('roleName', 'namePrefixes.databaseMonitoringRole', n.databaseMonitoringRole, true);
    if (p.database.logSettings) add('rdsGroupName', 'namePrefixes.databaseParameterGroup', n.databaseParameterGroup, true);
    if (p.database.logSettings?.auditOption) add('rdsGroupName', 'namePrefixes.databaseOptionGroup', n.databaseOptionGroup, true);
  }
  if (p.databaseNames) {
    const d = p.databaseNames;
    add('rdsIdentifier', 'databaseNames.identifierPrefix', d.identifierPrefix, true);
    if (p.database?.aurora) {
      add('rdsIdentifier', 'databaseNames.writerIdentifierPrefix', d.writerIdentifierPrefix, true);
      d.readerIdentifierPrefixes.forEach((r, i) => add('rdsIdentifier', `databaseNames.readerIdentifierPrefixes[${i}]`, r, true));
    }
    add('rdsSnapshotIdentifier', 'databaseNames.finalSnapshotIdentifierPrefix', d.finalSnapshotIdentifierPrefix, true);
  }
  if (p.databaseProxy) {
    add('rdsProxyName', 'databaseProxy.name', p.databaseProxy.name);
    add('rdsProxyName', 'databaseProxy.readOnlyEndpointName', p.databaseProxy.readOnlyEndpointName);
  }
  if (p.cache) {
    add('cacheId', 'cache.replicationGroupId', p.cache.replicationGroupId);
    add('cacheId', 'cache.user.id', p.cache.user.id);
    add('cacheId', 'cache.defaultUserId', p.cache.defaultUserId);
    add('cacheId', 'cache.userGroupId', p.cache.userGroupId);
    add('cacheSubnetGroupName', 'cache.subnetGroupName', p.cache.subnetGroupName);
  }
  const acl = p.webFirewall?.webAcl;
  if (acl) {
    add('webAclName', 'webFirewall.webAcl.name', acl.name);
    add('wafMetricName', 'webFirewall.webAcl.name (metric)', acl.name);
    add('webAclName', 'webFirewall.webAcl.rateLimitRuleName', acl.rateLimitRuleName);
    add('wafMetricName', 'webFirewall.webAcl.rateLimitRuleName (metric)', acl.rateLimitRuleName);
    for (const g of acl.managedRuleGroups) add('webAclName', `managed rule group ${g.name}`, g.name);
    add('logGroupName', 'webFirewall.webAcl.logGroupNamePrefix', acl.logGroupNamePrefix, true);
  }
  for (const a of p.monitoring.alarms) {
    add('alarmName', `alarm ${a.id}`, a.name);
    add('alarmDescription', `alarm ${a.id} description`, a.description);
  }
  for (const c of p.monitoring.composites) {
    add('alarmName', `composite alarm ${c.id}`, c.name);
    add('alarmDescription', `composite alarm ${c.id} description`, c.description);
  }
  if (p.monitoring.serviceHealth) {
    add('alarmName', 'monitoring.serviceHealth.name', p.monitoring.serviceHealth.name);
    add('alarmDescription', 'monitoring.serviceHealth.description', p.monitoring.serviceHealth.description);
  }
  add('dashboardName', 'monitoring.dashboard.name', p.monitoring.dashboard?.name);
  if (p.probes) {
    add('canaryName', 'probes.canaryName', p.probes.canaryName);
    add('bucketName', 'namePrefixes.probeArtifactsBucket', n.probeArtifactsBucket, true);
    add('roleName', 'namePrefixes.probeRole', n.probeRole, true);
  }
  for (const e of p.faultInjection?.experiments ?? []) {
    add('experimentDescription', `experiment ${e.id}`, e.description);
    for (const a of e.actions) add('experimentDescription', `experiment ${e.id} action ${a.name}`, a.description);
  }
  add('ssmDocumentName', 'faultInjection.latencyDocument.name', p.faultInjection?.latencyDocument?.name);
  add('lambdaFunctionName', 'outlierShift.functionName', p.outlierShift?.functionName);
  add('eventRuleName', 'outlierShift.ruleName', p.outlierShift?.ruleName);
  return values;
}

/** What the plan runs, and how many, for the bill of materials (see report/cost.ts). */
export function costBasis(
  p: Pick<ServicePlan, 'network' | 'loadBalancing' | 'fleet' | 'database' | 'cache' | 'webFirewall' | 'monitoring' | 'faultInjection' | 'probes'>, region?: string,
): CostBasis {
  const { network, loadBalancing, fleet, database, cache, webFirewall, monitoring, faultInjection, probes } = p;
  const reservation = loadBalancing.capacityReservation;
  const acl = webFirewall?.webAcl;
  const logGroups = [
    ...(network.createVpc ? ['VPC flow logs'] : []),
    ...(acl ? ['web ACL logs'] : []),
    ...(database?.logExports.length ? [`database logs (${database.logExports.join(', ')})`] : []),
    ...(faultInjection ? ['experiment logs'] : []),
  ];
  return {
    region,
    fleet: {
      instanceType: fleet.instanceTypes[0],
      minCapacity: fleet.minCapacity,
      maxCapacity: Math.max(fleet.maxCapacity, ...fleet.scheduledCapacity.map((c) => c.maxCapacity)),
      rootVolumeSizeGiB: fleet.rootVolumeSizeGiB,
      warmPoolInstances: fleet.assurance.warmPool?.minSize ?? 0,
    },
    natGateways: network.createVpc ? network.natGateways ?? 0 : 0,
    loadBalancerPublicAddresses: loadBalancing.internetFacing ? network.availabilityZones.length : 0,
    reservedLcus: reservation?.unitsKnown ? reservation.units : 0,
    database: database && {
      aurora: database.aurora,
      instanceClass: `db.${database.instanceClass}`,
      minInstances: database.aurora ? 1 + database.readers : 1,
      maxInstances: database.aurora ? 1 + Math.max(database.readers, database.readerScaling?.maxReaders ?? 0) : 1,
      allocatedStorageGiB: database.aurora ? undefined : database.allocatedStorageGiB,
    },
    cache: cache && { nodeType: cache.nodeType, nodes: cache.nodeAzs.length },
    // The database's credentials: RDS's managed secret, or the global database's own (a replica secret is billed as a secret of its Region).
    secrets: database ? 1 : 0,
    experiments: faultInjection?.experiments.length ?? 0,
    webAclRules: acl ? acl.managedRuleGroups.length + 1 : undefined,
    // The keys the service creates: flow logs, alarm topic, a DB instance's storage, web ACL logs, experiment logs, probe artifacts.
    kmsKeys: [
      network.createVpc, monitoring.createTopic, database?.ownStorageKey, acl !== undefined, faultInjection !== undefined, probes !== undefined,
    ].filter(Boolean).length,
    canaryRunsPerMonth: probes ? CANARY.runsPerMonth : 0,
    alarms: monitoring.alarms.length,
    compositeAlarms: monitoring.composites.length + (monitoring.serviceHealth ? 1 : 0),
    dashboards: monitoring.dashboard ? 1 : 0,
    logGroups,
  };
}
