/**
 * The global layer's planners: DNS routing and health checks, the Aurora global cluster, the
 * activation function, the Region alarms, the ARC Region switch plans and the cross-Region experiment.
 */
import { GlobalDatabaseMembership, instanceWritesOf } from '../aws/global-database';
import { DEFAULTS } from '../base/defaults';
import { shortName } from '../base/naming';
import { Validator } from '../base/validation';
import { RegionMode, RegionalFleet } from '../capacity/regions';
import { DatabaseEngine, ServiceOptions } from '../options/options';
import { ServicePlan } from '../service/plan';
import { Comparison, MissingData } from '../tiers/alarms';
import { PolicyStatementJson } from '../tiers/keys';
import { RollbackRelease } from '../tiers/rollback-release';
import { FLEET_TAG } from '../tiers/user-data';

/**
 * Published figures the global layer is planned with, each with its source. Where AWS publishes a
 * range in words, the planning figure is stated as such.
 */
export const REGION_FIGURES = {
  route53: {
    /** Route 53 health checks run every 10 or 30 s (30 by default); 10 s costs more and detects three times faster. */
    intervalSeconds: 10,
    /** Consecutive failures before unhealthy: 1-10 (3 by default). */
    failureThreshold: 3,
    source: 'Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy"',
  },
  /** An alias record to a load balancer answers with the load balancer's TTL, 60 s (the TTL AWS recommends for failover records). */
  aliasTtlSeconds: 60,
  aliasTtlSource: 'Route 53 Developer Guide (alias records take the TTL of the AWS resource; ELB: 60 s) and Trusted Advisor\'s failover-record TTL check',
  globalDatabase: {
    /** "Typically under a second". */
    replicationLagSeconds: 1,
    /**
     * Cross-Region failover or switchover: AWS publishes an RTO "in the order of minutes". Planning
     * figure: 5 minutes. Measure yours with a switchover in a test account.
     */
    failoverSeconds: 300,
    source: 'Aurora User Guide, "Using switchover or failover in Amazon Aurora Global Database"',
  },
  /** A CloudWatch alarm on a one-minute metric sees a change after about a period and a half; Route 53 reads the alarm state. */
  writerSignalSeconds: 120,
  arc: {
    /** ARC evaluates a plan after each change and then every 30 minutes. */
    evaluationMinutes: 30,
    source: 'ARC Developer Guide, "Region switch" (plan evaluation, execution blocks)',
    /**
     * The EC2 Auto Scaling block raises the activating Region's group to this percentage of the
     * running capacity of the Region it leaves (the maximum sampled over 24 hours), in both modes.
     */
    targetPercent: 100,
    capacityMonitoringApproach: 'sampledMaxInLast24Hours',
    /**
     * In an ungraceful run the block is done once this share of its target runs (0-99): the
     * database failover then goes ahead while the last instances boot. The report states the
     * shortfall it allows.
     */
    ungracefulMinimumSuccessPercentage: 90,
    blockSource: 'ARC API reference, Ec2AsgCapacityIncreaseConfiguration and Ec2Ungraceful; ARC Developer Guide, "Amazon EC2 Auto Scaling group execution block"',
  },
  /** The AWS managed policy for a plan's execution role: plan reads, evaluation, alarms (AWS Managed Policy reference). */
  executionManagedPolicy: 'AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy',
} as const;

/**
 * A CloudWatch alarm whose state says a Region's cluster is not the writer (it reports replication
 * lag). AWS does not state the dimension set the metric is published under: one alarm per set AWS
 * material shows, and the record is unhealthy when any of them fires.
 */
export interface WriterCheckPlan {
  /** The alarm's id in the Region's alarms. */
  readonly id: string;
  readonly alarmName: string;
  readonly clusterIdentifier: string;
  /** The metric's dimensions: the cluster alone, or the cluster and the writer's Region. */
  readonly dimensions: Record<string, string>;
  readonly namespace: 'AWS/RDS';
  readonly metricName: 'AuroraGlobalDBReplicationLag';
  readonly statistic: 'SampleCount';
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly treatMissingData: MissingData;
  /** Route 53's view of the alarm while it has no data: the cluster reports no lag, so it is the writer. */
  readonly insufficientDataHealthStatus: 'Healthy';
}

/** One Region's record for the service's name. */
export interface RoutingRecordPlan {
  readonly region: string;
  /** The Region's name: people and ARC map a record to its Region by it. */
  readonly setIdentifier: string;
  /** Failover routing (standby modes). */
  readonly failover?: 'PRIMARY' | 'SECONDARY';
  /** Latency routing (active-active): the record's Region. */
  readonly latencyRegion?: string;
  /**
   * With writer checks the record is healthy only while its Region's load balancer answers AND no
   * writer check fires (a calculated health check of them all), so DNS follows a switchover.
   */
  readonly writerChecks?: WriterCheckPlan[];
}

/** Route 53: the service's name, one health-checked record per Region. */
export interface RoutingPlan {
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  readonly policy: 'failover' | 'latency';
  /** A (IPv4) alias records to each Region's load balancer. */
  readonly recordType: 'A';
  readonly ttlSeconds: number;
  /** The health check of each Region's load balancer: HTTPS on the service's deep health path. */
  readonly healthCheck: {
    readonly type: 'HTTPS';
    readonly port: 443;
    readonly path: string;
    readonly intervalSeconds: number;
    readonly failureThreshold: number;
    /**
     * No SNI: with it Route 53 would send the load balancer's DNS name, which the certificate (for
     * the service's name) does not cover. Without it the load balancer answers with its default
     * certificate, and Route 53 does not validate certificates (Route 53 API reference,
     * HealthCheckConfig.EnableSNI; ELB User Guide, "SSL certificates": clients without SNI get the
     * default certificate).
     */
    readonly enableSni: false;
    /** Seconds until Route 53 sees a dead Region: interval x failure threshold. */
    readonly detectionSeconds: number;
  };
  readonly records: RoutingRecordPlan[];
}

/** The routing choices of the options. */
export interface RoutingOptions {
  readonly domainName: string;
  readonly hostedZoneId: string;
  readonly hostedZoneName: string;
  readonly healthCheckIntervalSeconds?: number;
  readonly healthCheckFailureThreshold?: number;
}

interface RoutingInputs {
  readonly mode: RegionMode;
  readonly regions: string[];
  readonly healthCheckPath: string;
  readonly writerCheck: boolean;
  readonly clusterIdentifier?: string;
  readonly namePrefix: string;
}

/** The records and health checks: failover for the standby modes, latency for active-active. */
export function planRouting(o: RoutingOptions, i: RoutingInputs): RoutingPlan {
  const intervalSeconds = o.healthCheckIntervalSeconds ?? REGION_FIGURES.route53.intervalSeconds;
  const failureThreshold = o.healthCheckFailureThreshold ?? REGION_FIGURES.route53.failureThreshold;
  const latency = i.mode === RegionMode.ACTIVE_ACTIVE;
  return {
    domainName: o.domainName.replace(/\.$/, ''),
    hostedZoneId: o.hostedZoneId,
    hostedZoneName: o.hostedZoneName.replace(/\.$/, ''),
    policy: latency ? 'latency' : 'failover',
    recordType: 'A',
    ttlSeconds: REGION_FIGURES.aliasTtlSeconds,
    healthCheck: {
      type: 'HTTPS',
      port: 443,
      path: i.healthCheckPath,
      intervalSeconds,
      failureThreshold,
      enableSni: false,
      detectionSeconds: intervalSeconds * failureThreshold,
    },
    records: i.regions.map((region, index) => ({
      region,
      setIdentifier: region,
      failover: latency ? undefined : index === 0 ? 'PRIMARY' : 'SECONDARY',
      latencyRegion: latency ? region : undefined,
      // Only the primary record follows the writer: the secondary must stay healthy while the
      // primary Region is lost and its cluster is not yet promoted, or Route 53 would answer with
      // the dead primary (it does when both are unhealthy).
      writerChecks: i.writerCheck && index === 0 ? writerChecks(i.namePrefix, i.clusterIdentifier!, i.regions[1]) : undefined,
    })),
  };
}

function writerChecks(namePrefix: string, clusterIdentifier: string, writerRegion: string): WriterCheckPlan[] {
  const checks: Array<{ id: string; alarmName: string; dimensions: Record<string, string> }> = [
    { id: 'NotGlobalWriter', alarmName: `${namePrefix}-NotGlobalWriter`, dimensions: { DBClusterIdentifier: clusterIdentifier } },
    { id: 'NotGlobalWriterFromSource', alarmName: `${namePrefix}-NotGlobalWriterFromSource`, dimensions: { DBClusterIdentifier: clusterIdentifier, SourceRegion: writerRegion } },
  ];
  return checks.map((c) => writerCheck(c.id, c.alarmName, clusterIdentifier, c.dimensions));
}

function writerCheck(id: string, alarmName: string, clusterIdentifier: string, dimensions: Record<string, string>): WriterCheckPlan {
  return {
    id,
    alarmName,
    clusterIdentifier,
    dimensions,
    namespace: 'AWS/RDS',
    metricName: 'AuroraGlobalDBReplicationLag',
    statistic: 'SampleCount',
    periodSeconds: 60,
    evaluationPeriods: 1,
    threshold: 1,
    comparison: Comparison.GREATER_THAN_OR_EQUAL,
    treatMissingData: MissingData.NOT_BREACHING,
    insufficientDataHealthStatus: 'Healthy',
  };
}

/** One Region's cluster in the global database. */
export interface GlobalClusterMember {
  readonly region: string;
  readonly clusterIdentifier: string;
  readonly clusterArn: string;
  readonly primary: boolean;
  /** Global write forwarding: used whenever the cluster is a secondary (the primary's from its demotion on). */
  readonly writeForwarding: boolean;
  /** Local write forwarding: the cluster's readers take writes while it holds the writer. */
  readonly localWriteForwarding: boolean;
}

/** The Aurora global database. */
export interface GlobalClusterPlan {
  readonly globalClusterIdentifier: string;
  readonly globalClusterArn: string;
  readonly engine: DatabaseEngine;
  /** The full version every member runs (the primary's plan; the members' memberships pin the same). */
  readonly engineVersion: string;
  readonly storageEncrypted: true;
  readonly deletionProtection: boolean;
  /**
   * For an engine that rolls a failed create back (the primary's plan has releases on rollback):
   * the release that sets the global cluster's protection once it exists, and turns it off only
   * in a failed first create's rollback; its protection is then left out of the template (no
   * control requires it at create). Undefined: the protection is in the configuration.
   */
  readonly release?: RollbackRelease;
  readonly primaryRegion: string;
  readonly members: GlobalClusterMember[];
  readonly secretName: string;
  /** Whether the clusters forward writes (with session consistency) once they are secondaries. */
  readonly writeForwarding: boolean;
  /**
   * Where each Region's instances write (DATABASE_HOST of their environment file): the global
   * writer endpoint in the standby modes (DNS sends clients to the writer's Region, where it
   * resolves to a local address); their own Region's reader endpoint with forwarding in
   * active-active (every Region serves, and the global endpoint's address in another Region is
   * reachable only over a network path between the VPCs, which the service does not build).
   */
  readonly instanceWrites: 'globalWriterEndpoint' | 'readerEndpoint';
}

export function planGlobalCluster(
  engine: DatabaseEngine, primary: ServicePlan, members: GlobalDatabaseMembership[], regions: string[], partition: string, account: string,
): GlobalClusterPlan {
  const db = primary.database!;
  const id = members[0].globalClusterIdentifier;
  return {
    globalClusterIdentifier: id,
    globalClusterArn: `arn:${partition}:rds::${account}:global-cluster:${id}`,
    engine,
    engineVersion: db.engineVersion.requested,
    storageEncrypted: true,
    deletionProtection: db.deletionProtection,
    release: primary.rollbackRelease ? { target: 'globalCluster', sets: db.deletionProtection ? 'true' : 'false' } : undefined,
    primaryRegion: regions[0],
    members: members.map((m, i) => ({
      region: regions[i],
      clusterIdentifier: m.clusterIdentifier,
      clusterArn: clusterArn(partition, regions[i], account, m.clusterIdentifier),
      primary: m.primary,
      writeForwarding: m.writeForwarding ?? false,
      localWriteForwarding: m.localWriteForwarding ?? false,
    })),
    secretName: members[0].secretName,
    writeForwarding: members.some((m) => m.writeForwarding),
    instanceWrites: instanceWritesOf(members[0]),
  };
}

function clusterArn(partition: string, region: string, account: string, id: string): string {
  return `arn:${partition}:rds:${region}:${account}:cluster:${id}`;
}

/**
 * The function the Region switch runs in the Region it activates, in a graceful run (ARC skips
 * Lambda steps in an ungraceful one): it raises the fleet's minimum to what the Region must carry
 * and returns once that many targets are healthy behind the load balancer. While too few are, it
 * fails before its own timeout and ARC runs it again after the step's retry interval, which is
 * longer than one run, so two runs never overlap.
 */
export interface ActivationPlan {
  readonly region: string;
  readonly functionName: string;
  readonly functionArn: string;
  /** The fleet minimum the Region carries once active. */
  readonly targetMinCapacity: number;
  /** Healthy targets the function waits for. */
  readonly healthyTargets: number;
  /** Seconds one run may take (Lambda's limit is 900). */
  readonly timeoutSeconds: number;
  /** Seconds between two looks at the targets' health. */
  readonly pollSeconds: number;
}

/** Seconds one run of the activation function may take: 5 minutes, so a retry interval of 6 minutes never overlaps it. */
export const ACTIVATION_TIMEOUT_SECONDS = 300;

export function planActivation(
  region: string, fleet: RegionalFleet, service: ServicePlan, partition: string, account: string,
): ActivationPlan | undefined {
  if (!service.database) return undefined;
  const functionName = `${shortName(service.namePrefix, 64 - '-activate'.length)}-activate`;
  const target = fleet.activatedMinCapacity ?? service.fleet.minCapacity;
  return {
    region,
    functionName,
    functionArn: `arn:${partition}:lambda:${region}:${account}:function:${functionName}`,
    targetMinCapacity: target,
    healthyTargets: target,
    timeoutSeconds: ACTIVATION_TIMEOUT_SECONDS,
    pollSeconds: 15,
  };
}

/** How long each part of a Region switch takes, planned from the figures above and the Regions' plans. */
export interface SwitchTimings {
  /** Route 53 sees a Region's load balancer fail: interval x failure threshold. */
  readonly detectionSeconds: number;
  readonly dnsTtlSeconds: number;
  /** Clients leave a lost Region: detection + TTL. */
  readonly dnsFailoverSeconds: number;
  /** A warm standby's new instances boot and pass the load balancer's health checks (0 when nothing scales). */
  readonly scaleUpSeconds: number;
  /** The global database's failover (or switchover): 0 without a database. */
  readonly databaseFailoverSeconds: number;
  /** After a switchover, until the primary record turns unhealthy and DNS follows the writer. */
  readonly writerDnsSeconds: number;
  /** A Region lost: detection, then the switch (scale-up, then the database). DNS has moved by then. */
  readonly unplannedRecoverySeconds: number;
  /** A planned switchover: scale-up, database switchover, DNS following the writer. */
  readonly plannedSwitchoverSeconds: number;
  /**
   * Instances the activated Region may be short of its peak fleet when it takes the writer in an
   * unplanned failover: the EC2 Auto Scaling block is done at its ungraceful minimum success
   * percentage, and the rest boot after the database has failed over. 0 when the Region already
   * runs the peak (hot standby, active-active).
   */
  readonly unplannedShortfallInstances: number;
  /** Data lost in an unplanned failover: the replication lag, "typically measured in seconds". */
  readonly unplannedRpoSeconds: number;
  /** A switchover loses nothing. */
  readonly plannedRpoSeconds: 0;
}

export function switchTimings(i: {
  mode: RegionMode; routing: RoutingPlan; services: ServicePlan[]; activations: Array<ActivationPlan | undefined>; database: boolean;
}): SwitchTimings {
  const detection = i.routing.healthCheck.detectionSeconds;
  const ttl = i.routing.ttlSeconds;
  const standby = i.services[1];
  const hc = standby.loadBalancing.healthCheck;
  const raised = i.activations[1]?.targetMinCapacity;
  const scales = i.mode === RegionMode.WARM_STANDBY && raised !== undefined && raised > standby.fleet.minCapacity;
  const scaleUp = scales ? DEFAULTS.bootEstimateSeconds + hc.healthyThreshold * hc.intervalSeconds : 0;
  const db = i.database ? REGION_FIGURES.globalDatabase.failoverSeconds : 0;
  const follows = i.routing.records.some((r) => r.writerChecks?.length);
  // The block's target is the running fleet of the Region it leaves (the primary's peak fleet).
  const target = i.services[0].fleet.minCapacity;
  const reached = Math.max(standby.fleet.minCapacity, Math.floor((REGION_FIGURES.arc.ungracefulMinimumSuccessPercentage / 100) * target));
  const shortfall = i.database && scales ? Math.max(0, target - reached) : 0;
  const writerDns = follows ? REGION_FIGURES.writerSignalSeconds + i.routing.healthCheck.intervalSeconds + ttl : 0;
  return {
    detectionSeconds: detection,
    dnsTtlSeconds: ttl,
    dnsFailoverSeconds: detection + ttl,
    scaleUpSeconds: scaleUp,
    databaseFailoverSeconds: db,
    writerDnsSeconds: writerDns,
    unplannedRecoverySeconds: Math.max(detection + ttl, detection + scaleUp + db),
    plannedSwitchoverSeconds: scaleUp + db + writerDns,
    unplannedShortfallInstances: shortfall,
    unplannedRpoSeconds: i.database ? REGION_FIGURES.globalDatabase.replicationLagSeconds : 0,
    plannedRpoSeconds: 0,
  };
}

/** An alarm of the global layer in one Region, on an RDS cluster metric; it notifies the Region's alarm topic. */
export interface RegionAlarmPlan {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly namespace: 'AWS/RDS';
  readonly metricName: string;
  readonly clusterIdentifier: string;
  /** The metric's dimensions (the cluster alone, or with the Region it replicates from). */
  readonly dimensions: Record<string, string>;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: Comparison;
  readonly treatMissingData: MissingData;
}

/** Replication lag above a second for 5 minutes: the RPO of a failover is worse than published. */
export const REPLICATION_LAG_ALARM = { thresholdMilliseconds: 1000, periodSeconds: 60, evaluationPeriods: 5 } as const;

export function planRegionAlarms(
  service: ServicePlan, member: GlobalDatabaseMembership | undefined, routing: RoutingPlan, index: number,
): RegionAlarmPlan[] {
  if (!member) return [];
  // Every Region gets the lag alarms: whichever cluster is a secondary (roles swap in a switch)
  // reports lag. One per dimension set AWS material shows the metric under (the cluster alone; the
  // cluster and the Region it replicates from, each other Region): an alarm on a set that is never
  // published would stay quiet.
  const sources = routing.records.map((r) => r.region).filter((_, i) => i !== index);
  const shapes: Array<{ suffix: string; dimensions: Record<string, string> }> = [
    { suffix: '', dimensions: { DBClusterIdentifier: member.clusterIdentifier } },
    ...sources.map((r) => ({ suffix: sources.length === 1 ? 'FromSource' : `From-${r}`, dimensions: { DBClusterIdentifier: member.clusterIdentifier, SourceRegion: r } })),
  ];
  const alarms: RegionAlarmPlan[] = shapes.map((shape) => ({
    id: `GlobalReplicationLag${shape.suffix}`,
    name: `${service.namePrefix}-GlobalReplicationLag${shape.suffix}`,
    description: `This Region's cluster replicates from the writer's Region more than ${REPLICATION_LAG_ALARM.thresholdMilliseconds / 1000} s behind for ${REPLICATION_LAG_ALARM.evaluationPeriods} minutes (AWS publishes typically under a second): an unplanned failover now would lose that much (metric dimensions: ${Object.keys(shape.dimensions).join(', ')})`,
    namespace: 'AWS/RDS',
    metricName: 'AuroraGlobalDBReplicationLag',
    clusterIdentifier: member.clusterIdentifier,
    dimensions: shape.dimensions,
    statistic: 'Maximum',
    periodSeconds: REPLICATION_LAG_ALARM.periodSeconds,
    evaluationPeriods: REPLICATION_LAG_ALARM.evaluationPeriods,
    datapointsToAlarm: REPLICATION_LAG_ALARM.evaluationPeriods,
    threshold: REPLICATION_LAG_ALARM.thresholdMilliseconds,
    comparison: Comparison.GREATER_THAN,
    // No data while this Region holds the writer.
    treatMissingData: MissingData.NOT_BREACHING,
  }));
  for (const check of routing.records[index].writerChecks ?? []) {
    alarms.push({
      id: check.id,
      name: check.alarmName,
      description: `This Region's cluster reports replication lag (metric dimensions: ${Object.keys(check.dimensions).join(', ')}), so it is a secondary (after a switchover or failover): the primary DNS record turns unhealthy and clients follow the writer to the other Region`,
      namespace: check.namespace,
      metricName: check.metricName,
      clusterIdentifier: check.clusterIdentifier,
      dimensions: check.dimensions,
      statistic: check.statistic,
      periodSeconds: check.periodSeconds,
      evaluationPeriods: check.evaluationPeriods,
      datapointsToAlarm: check.evaluationPeriods,
      threshold: check.threshold,
      comparison: check.comparison,
      treatMissingData: check.treatMissingData,
    });
  }
  return alarms;
}

/** One step of a Region switch workflow, and the ARC execution block it is. */
export interface SwitchStepPlan {
  readonly name: string;
  readonly description: string;
  readonly kind: 'scaleFleet' | 'activateFleet' | 'globalDatabase';
  /** The ARC execution block type (ExecutionBlockType). */
  readonly blockType: 'EC2AutoScaling' | 'CustomActionLambda' | 'AuroraGlobalDatabase';
  readonly timeoutMinutes: number;
  /**
   * scaleFleet: each Region's group, found by the fleet tag its service gives it (the ARN holds an
   * id no other Region's stack can compute; the renderers look it up in that Region).
   */
  readonly groups?: Array<{ readonly region: string; readonly fleetTag: string }>;
  readonly targetPercent?: number;
  readonly capacityMonitoringApproach?: 'sampledMaxInLast24Hours';
  /** scaleFleet in an ungraceful run: done once this share of the target runs. */
  readonly ungracefulMinimumSuccessPercentage?: number;
  /** activateFleet: the function of each Region; ARC runs the activating Region's. */
  readonly functions?: Array<{ readonly region: string; readonly arn: string }>;
  /** activateFleet: minutes before ARC runs the function again; longer than one run. */
  readonly retryIntervalMinutes?: number;
  /** globalDatabase: switchover when run gracefully (RPO 0), failover when run ungracefully. */
  readonly globalClusterIdentifier?: string;
  readonly clusterArns?: string[];
  readonly behavior?: 'switchoverOnly';
  readonly ungraceful?: 'failover';
}

/** An ARC Region switch plan for two Regions. */
export interface SwitchPlanSpec {
  /** 1-32 letters, digits and inner hyphens, unique in the account. */
  readonly name: string;
  readonly description: string;
  readonly regions: [string, string];
  readonly primaryRegion: string;
  /** The plan activates a Region: active/passive, whatever the DNS policy, because what it moves is the database writer. */
  readonly recoveryApproach: 'activePassive';
  readonly recoveryTimeObjectiveMinutes: number;
  /** The execution role's name (IAM: at most 64). */
  readonly executionRoleName: string;
  /** Each Region's service-health alarm, shown as that Region's application health. */
  readonly associatedAlarms: Array<{ readonly key: string; readonly region: string; readonly alarmName: string; readonly alarmArn: string }>;
  readonly workflows: Array<{ readonly action: 'activate'; readonly description: string; readonly steps: SwitchStepPlan[] }>;
  /** What the execution role may do beyond the managed policy. */
  readonly permissions: PolicyStatementJson[];
  /**
   * The AWS managed policy the role holds for what every plan needs: reading the plan and its
   * executions, the plan evaluation's iam:SimulatePrincipalPolicy, and the alarms
   * (DescribeAlarms on *, which composite alarms require).
   */
  readonly managedPolicies: string[];
}

interface SwitchInputs {
  readonly base: string;
  readonly regions: string[];
  readonly rto: number;
  readonly activations: Array<ActivationPlan | undefined>;
  readonly globalCluster?: GlobalClusterPlan;
  readonly services: ServicePlan[];
  readonly partition: string;
  readonly account: string;
}

/**
 * One plan per pair of Regions (one for two Regions). Activating a Region: raise its group with
 * ARC's EC2 Auto Scaling block (which runs in an ungraceful execution too), in a graceful run also
 * wait for healthy targets (the Lambda step, which ARC skips ungracefully), then switch the
 * database writer to it (switchover when run gracefully, failover when ungracefully). DNS follows by itself: the primary record is healthy only while its
 * Region holds the writer, and a lost Region fails its health check. No triggers: a person starts
 * the plan (console or CLI), which is the decision an unplanned failover (data loss of seconds)
 * needs; the Regions' service-health alarms are attached so the plan shows their state.
 */
export function planSwitchPlans(i: SwitchInputs): SwitchPlanSpec[] {
  const gc = i.globalCluster;
  if (!gc) return [];
  const pairs: Array<[number, number]> = [];
  for (let a = 0; a < i.regions.length; a++) for (let b = a + 1; b < i.regions.length; b++) pairs.push([a, b]);
  return pairs.map(([a, b]) => {
    const suffix = pairs.length === 1 ? '' : `-${a + 1}${b + 1}`;
    const name = shortName(i.base, 32 - suffix.length) + suffix;
    const fns = [a, b].map((x) => i.activations[x]!).map((f) => ({ region: f.region, arn: f.functionArn }));
    const fleetTimeout = Math.ceil(REGION_FIGURES.globalDatabase.failoverSeconds / 60) + 15;
    const arc = REGION_FIGURES.arc;
    const steps: SwitchStepPlan[] = [
      {
        name: 'ScaleFleet',
        description: 'Raise the activating Region\'s group to the running capacity of the Region it leaves; runs in an ungraceful failover too (the Lambda step does not)',
        kind: 'scaleFleet',
        blockType: 'EC2AutoScaling',
        timeoutMinutes: fleetTimeout,
        groups: [a, b].map((x) => ({ region: i.regions[x], fleetTag: i.services[x].namePrefix })),
        targetPercent: arc.targetPercent,
        capacityMonitoringApproach: arc.capacityMonitoringApproach,
        ungracefulMinimumSuccessPercentage: arc.ungracefulMinimumSuccessPercentage,
      },
      {
        name: 'ActivateFleet',
        description: 'Graceful runs: raise the activating Region\'s minimum to the capacity it carries alone and wait until that many targets are healthy behind its load balancer',
        kind: 'activateFleet',
        blockType: 'CustomActionLambda',
        timeoutMinutes: fleetTimeout,
        functions: fns,
        retryIntervalMinutes: Math.floor(ACTIVATION_TIMEOUT_SECONDS / 60) + 1,
      },
      {
        name: 'GlobalDatabase',
        description: 'Move the Aurora global database writer to the activating Region: switchover (no data loss) when run gracefully, failover when the other Region is lost',
        kind: 'globalDatabase',
        blockType: 'AuroraGlobalDatabase',
        timeoutMinutes: 60,
        globalClusterIdentifier: gc.globalClusterIdentifier,
        clusterArns: [a, b].map((x) => gc.members[x].clusterArn),
        behavior: 'switchoverOnly',
        ungraceful: 'failover',
      },
    ];
    const alarms = [a, b].map((x) => {
      const health = i.services[x].monitoring.serviceHealth;
      return health && {
        key: `${i.regions[x]}-ServiceHealth`,
        region: i.regions[x],
        alarmName: health.name,
        alarmArn: `arn:${i.partition}:cloudwatch:${i.regions[x]}:${i.account}:alarm:${health.name}`,
      };
    }).filter((x) => x !== undefined);
    const clusters = [a, b].map((x) => gc.members[x].clusterArn);
    const fleetTags = [a, b].map((x) => i.services[x].namePrefix);
    // Each block's sample policy (ARC Developer Guide, "... execution block sample policy"); the
    // managed policy covers the plan, its evaluation and the alarms.
    const permissions: PolicyStatementJson[] = [
      { Effect: 'Allow', Action: ['lambda:InvokeFunction', 'lambda:GetFunction'], Resource: fns.map((f) => f.arn) },
      { Effect: 'Allow', Action: ['rds:FailoverGlobalCluster', 'rds:SwitchoverGlobalCluster'], Resource: [gc.globalClusterArn, ...clusters] },
      { Effect: 'Allow', Action: ['rds:DescribeGlobalClusters', 'rds:DescribeDBClusters'], Resource: '*' },
      { Effect: 'Allow', Action: 'autoscaling:DescribeAutoScalingGroups', Resource: '*' },
      {
        Effect: 'Allow',
        Action: 'autoscaling:UpdateAutoScalingGroup',
        Resource: [a, b].map((x) => `arn:${i.partition}:autoscaling:${i.regions[x]}:${i.account}:autoScalingGroup:*:autoScalingGroupName/*`),
        Condition: { StringEquals: { [`autoscaling:ResourceTag/${FLEET_TAG}`]: fleetTags } },
      },
    ];
    return {
      name,
      description: `Activates ${i.regions[a]} or ${i.regions[b]}: fleet first, then the database writer; DNS follows the writer`,
      regions: [i.regions[a], i.regions[b]],
      primaryRegion: i.regions[a],
      recoveryApproach: 'activePassive',
      recoveryTimeObjectiveMinutes: i.rto,
      executionRoleName: `${shortName(name, 64 - '-switch'.length)}-switch`,
      associatedAlarms: alarms,
      workflows: [{ action: 'activate', description: 'Activate a Region: its fleet, then the database writer', steps }],
      permissions,
      managedPolicies: [REGION_FIGURES.executionManagedPolicy],
    };
  });
}

/** The FIS experiment that cuts the primary's subnets off from the other Regions. */
export interface CrossRegionExperimentPlan {
  readonly id: 'CrossRegionConnectivity';
  readonly name: string;
  readonly description: string;
  readonly region: string;
  readonly durationSeconds: number;
  /** One action per other Region: traffic from the primary's subnets to that Region is dropped. */
  readonly actions: Array<{ readonly name: string; readonly actionId: 'aws:network:route-table-disrupt-cross-region-connectivity'; readonly region: string }>;
  /** The primary's service-health alarm: the experiment stops when it fires. */
  readonly stopAlarmName: string;
  /** What the plan predicts. */
  readonly prediction: string;
  readonly alarmsQuiet: string[];
}

export function planCrossRegionExperiment(
  o: { crossRegionFaultInjection?: boolean; service: { faultInjection?: boolean; faultInjectionDurationSeconds?: number } },
  primary: ServicePlan, regions: string[], v: Validator,
): CrossRegionExperimentPlan | undefined {
  const wanted = o.crossRegionFaultInjection ?? o.service.faultInjection ?? true;
  const health = primary.monitoring.serviceHealth;
  if (!wanted) return undefined;
  if (!health) {
    v.check(o.crossRegionFaultInjection === undefined, 'crossRegionFaultInjection needs the service-health alarm to stop the experiment; received it with service.alarms false');
    return undefined;
  }
  const durationSeconds = o.service.faultInjectionDurationSeconds ?? DEFAULTS.faultInjection.durationSeconds;
  return {
    id: 'CrossRegionConnectivity',
    name: `${primary.namePrefix}-CrossRegionConnectivity`,
    description: `Cuts the primary's subnets off from ${regions.slice(1).join(', ')} for ${durationSeconds / 60} minutes`,
    region: regions[0],
    durationSeconds,
    actions: regions.slice(1).map((r) => ({ name: `Isolate-${r}`, actionId: 'aws:network:route-table-disrupt-cross-region-connectivity', region: r })),
    stopAlarmName: health.name,
    prediction: 'The primary keeps serving: nothing on its request path may depend on another Region. Aurora keeps replicating (its storage replication does not cross your subnets), '
      + 'so GlobalReplicationLag stays quiet; ServiceHealth must stay quiet, or the experiment stops and has found a cross-Region dependency.',
    alarmsQuiet: [health.name],
  };
}

/** FIS takes at most 5 resource ARNs per target (FIS API reference, CreateExperimentTemplateTargetInput.resourceArns). */
export const FIS_TARGET_MAX_ARNS = 5;

/**
 * The experiment's targets and actions for a list of resources FIS takes by ARN: targets of at
 * most {@link FIS_TARGET_MAX_ARNS} each (`<target>1`, `<target>2`... when there are more), and each
 * planned action once per target (`<action>-1`, `<action>-2`...), run together. The primary's
 * subnets (three tiers in each AZ) are more than one target holds.
 */
export function splitFisTargets<A extends { readonly name: string }, R>(
  target: string, resources: R[], actions: A[],
): { targets: Array<{ name: string; resources: R[] }>; actions: Array<A & { target: string }> } {
  const count = Math.max(1, Math.ceil(resources.length / FIS_TARGET_MAX_ARNS));
  const targets = Array.from({ length: count }, (_, i) => ({
    name: count === 1 ? target : `${target}${i + 1}`,
    resources: resources.slice(i * FIS_TARGET_MAX_ARNS, (i + 1) * FIS_TARGET_MAX_ARNS),
  }));
  return {
    targets,
    actions: actions.flatMap((a) => targets.map((t, i) => ({ ...a, name: count === 1 ? a.name : `${a.name}-${i + 1}`, target: t.name }))),
  };
}

/** What the cross-Region experiment's role may do: the actions FIS takes on route tables and prefix lists (FIS action reference). */
export function crossRegionExperimentPermissions(partition: string, account: string, region: string): PolicyStatementJson[] {
  const arn = (type: string) => `arn:${partition}:ec2:${region}:${account}:${type}/*`;
  return [
    { Effect: 'Allow', Action: ['ec2:DescribeRouteTables', 'ec2:DescribeManagedPrefixLists', 'ec2:DescribeSubnets', 'ec2:DescribeVpcPeeringConnections', 'ec2:DescribeTransitGateways', 'ec2:DescribeTransitGatewayAttachments', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeVpcEndpoints'], Resource: '*' },
    { Effect: 'Allow', Action: ['ec2:CreateRouteTable', 'ec2:CreateManagedPrefixList'], Resource: [arn('route-table'), arn('prefix-list'), arn('vpc')], Condition: { StringEquals: { 'aws:RequestTag/managedByFIS': 'true' } } },
    { Effect: 'Allow', Action: 'ec2:CreateTags', Resource: [arn('route-table'), arn('prefix-list')], Condition: { StringEquals: { 'ec2:CreateAction': ['CreateRouteTable', 'CreateManagedPrefixList'] } } },
    { Effect: 'Allow', Action: ['ec2:DeleteRouteTable', 'ec2:DeleteManagedPrefixList', 'ec2:ModifyManagedPrefixList', 'ec2:CreateRoute'], Resource: [arn('route-table'), arn('prefix-list')], Condition: { StringEquals: { 'aws:ResourceTag/managedByFIS': 'true' } } },
    { Effect: 'Allow', Action: ['ec2:AssociateRouteTable', 'ec2:DisassociateRouteTable', 'ec2:ReplaceRouteTableAssociation'], Resource: [arn('route-table'), arn('subnet')] },
  ];
}

/** One Region: its role, its stack, its service's options and plan. */
export interface RegionPlan {
  readonly region: string;
  /** `primary` holds the database writer and the primary DNS record; `standby` waits; `active` serves too (active-active). */
  readonly role: 'primary' | 'standby' | 'active';
  readonly stackName: string;
  /** The service's options in this Region: the shared ones with the Region's capacity, certificate and database membership. */
  readonly serviceOptions: ServiceOptions;
  readonly capacity: RegionalFleet;
  readonly service: ServicePlan;
  /** The function the Region switch runs to raise the fleet before the Region takes over, when the mode needs one. */
  readonly activation?: ActivationPlan;
  /** The Region's alarms of the global layer (replication lag, writer check). */
  readonly alarms: RegionAlarmPlan[];
  /**
   * Whether a Region switch raises this Region's group (ARC's EC2 Auto Scaling block and the
   * activation function): the next Terraform apply must then leave its bounds as the switch left
   * them (lifecycle.ignore_changes); CloudFormation leaves them unless the template's own change.
   */
  readonly switchRaisesFleet: boolean;
  /**
   * Whether this Region's configuration owns the certificate's DNS validation record. ACM issues
   * the same record for the same name in every Region of an account, and Terraform deletes a
   * record with the configuration that holds it: one owner, the primary; the others' certificates
   * validate against it (ACM User Guide, "DNS validation"; terraform-provider-aws #13653).
   */
  readonly ownsCertificateValidationRecord: boolean;
}
