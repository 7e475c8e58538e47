/**
 * The single-Region resilience report: figures, findings and the availability estimate, computed from
 * the plan (never read by a planner), and its Markdown.
 */
import { DEFAULTS } from '../base/defaults';
import { CapacityFigures, WARM_START_SECONDS } from '../capacity/assurance';
import { DatabaseEngine } from '../options/options';
import { AlarmBasis, detectionSeconds, replacementSeconds } from '../tiers/alarms';
import { ExperimentPrediction } from '../tiers/experiments';

/** What the report is computed from: a slice of the service plan. */
export interface ReportBasis extends AlarmBasis {
  readonly maxCapacity: number;
  readonly https: boolean;
  /** Whether clients reach the database through RDS Proxy. */
  readonly databaseProxy?: boolean;
  readonly cache?: { readonly nodeAzs: number[]; readonly failoverSeconds: number; readonly nodeType: string };
  readonly database?: {
    readonly engine: DatabaseEngine;
    readonly aurora: boolean;
    readonly readers: number;
    readonly readerScaling?: { readonly minReaders: number; readonly maxReaders: number; readonly targetCpuPercent: number };
  };
}

/** Published monthly uptime commitments the availability estimate composes (see the README). */
export const SLA = {
  loadBalancer: 0.9999,
  ec2MultiAz: 0.9999,
  auroraMultiAz: 0.9999,
  auroraSingleAz: 0.999,
  rdsMultiAz: 0.9995,
} as const;

/**
 * Published failover figures: Aurora promotes a reader in about 30 s; without a reader it must
 * replace the writer (about 10 minutes); a Multi-AZ DB instance fails over in 60-120 s.
 */
export const FAILOVER_SECONDS = {
  auroraWithReader: 30,
  auroraWithoutReader: 600,
  multiAzInstance: 120,
} as const;

const MINUTES_PER_MONTH = 30 * 24 * 60;

/** Demand the report measures capacity against (from a demand-based capacity plan). */
export interface ReportDemand {
  readonly peakRequestsPerSecond: number;
  readonly requestsPerSecondPerInstance: number;
  readonly targetUtilization: number;
}

/** What the report needs beyond the blueprint. */
export interface ReportContext {
  readonly alarmCount: number;
  readonly demand?: ReportDemand;
  /** NAT gateways of the VPC, when known. */
  readonly natGateways?: number;
  /** Whether the stack's AZs come from Fn::GetAZs (an environment-agnostic stack). */
  readonly environmentAgnostic?: boolean;
  /** The capacity the service can count on when an AZ fails (see capacity-assurance.ts). */
  readonly capacity: CapacityFigures;
}

/** One part of the availability estimate. */
export interface AvailabilityTerm {
  /** The part. */
  readonly component: string;
  /** Its published monthly availability, e.g. 0.9999. */
  readonly availability: number;
}

/** A single point of failure or a resilience warning, with a stable id. */
export interface ResilienceFinding {
  /** Stable id. */
  readonly id: string;
  /** What is wrong and what to do. */
  readonly message: string;
}

/** The resilience figures of a service, computed from its resolved settings at synth. */
export interface ResilienceReport {
  /** Availability Zones the service spans. */
  readonly availabilityZones: number;
  /** Minimum instances in the fleet. */
  readonly minCapacity: number;
  /** Maximum instances in the fleet. */
  readonly maxCapacity: number;
  /** Instances in the fullest AZ at minimum capacity. */
  readonly maxInstancesPerAz: number;
  /** Instances in the emptiest AZ at minimum capacity. */
  readonly minInstancesPerAz: number;
  /** Instances left at minimum capacity after losing the fullest AZ. */
  readonly instancesAfterAzLoss: number;
  /** Those instances as % of the minimum fleet. */
  readonly capacityAfterAzLossPercentOfMinimum: number;
  /** What they serve at the target utilization, as % of the planned peak (only with a demand plan). */
  readonly capacityAfterAzLossPercentOfPeak?: number;
  /** Seconds until the load balancer stops sending to a dead instance (interval x unhealthy threshold). */
  readonly detectionSeconds: number;
  /** Seconds until a dead instance is replaced by a healthy one (detection + grace period + boot estimate). */
  readonly replacementSeconds: number;
  /** The database topology in words. */
  readonly databaseTopology: string;
  /** Expected seconds of write unavailability when the database writer fails (0 without a database). */
  readonly databaseFailoverSeconds: number;
  /** The parts whose availability the estimate multiplies (all are needed to serve). */
  readonly availabilityTerms: AvailabilityTerm[];
  /** Estimated monthly availability: the product of the terms. */
  readonly estimatedAvailability: number;
  /** The same as minutes of downtime a 30-day month allows. */
  readonly estimatedDowntimeMinutesPerMonth: number;
  /** The cache in words, with it. */
  readonly cacheTopology?: string;
  /** Expected seconds without cache writes when its primary fails (an estimate), with a cache. */
  readonly cacheFailoverSeconds?: number;
  /** Alarms that notify the alarm topic. */
  readonly alarmCount: number;
  /** Whether clients reach the service over HTTPS. */
  readonly https: boolean;
  /** Single points of failure and warnings. */
  readonly findings: ResilienceFinding[];
  /** The fault-injection experiments of the service, each with what the plan predicts it shows. */
  readonly experiments: ExperimentPrediction[];
  /** Load balancer capacity units reserved (`MinimumLoadBalancerCapacity`), 0 for none. */
  readonly loadBalancerCapacityUnits: number;
  /** How the reservation was sized (by each LCU dimension), what stays after an AZ loss and what it costs, or why there is none. */
  readonly loadBalancerCapacity: string;
  /** The reservation's cost per hour in USD, at the published US East (N. Virginia) price named in `loadBalancerCapacity`. */
  readonly loadBalancerCapacityHourlyCostUsd: number;
  /**
   * With a demand plan and no reservation (reserving is opt-in): the units the planned peak needs,
   * what `loadBalancerCapacityUnits` would take to reserve it.
   */
  readonly loadBalancerCapacityUnitsToReserve?: number;
  /** What reserving `loadBalancerCapacityUnitsToReserve` would cost per hour in USD, at the same published price. */
  readonly loadBalancerCapacityToReserveHourlyCostUsd?: number;
  /** The group's `CapacityDistributionStrategy`: balanced-only or balanced-best-effort. */
  readonly capacityDistributionStrategy: string;
  /** Why the plan chose it. */
  readonly capacityDistribution: string;
  /** Share of the minimum fleet that runs in On-Demand Capacity Reservations, % (with capacityReservations). */
  readonly reservedShareOfMinimumPercent?: number;
  /** The capacity reservations in words (with capacityReservations). */
  readonly capacityReservations?: string;
  /** Stopped instances kept in the warm pool (with warmPool). */
  readonly warmPoolInstances?: number;
  /** The warm pool in words (with warmPool). */
  readonly warmPool?: string;
  /** Seconds until a dead instance is replaced from the warm pool: detection + grace period + a 30 s warm start (with warmPool). */
  readonly warmReplacementSeconds?: number;
  /** The Auto Scaling group's deletion protection in words. */
  readonly fleetDeletionProtection: string;
}

const ENGINE_NAMES: Record<DatabaseEngine, string> = {
  [DatabaseEngine.AURORA_POSTGRESQL]: 'Aurora PostgreSQL',
  [DatabaseEngine.AURORA_MYSQL]: 'Aurora MySQL',
  [DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE]: 'RDS for PostgreSQL',
  [DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE]: 'RDS for MySQL',
};

/** Stable ids of the report's findings. */
export const FINDINGS = {
  twoAzs: 'resilience:twoAzs',
  environmentAgnostic: 'resilience:environmentAgnostic',
  noReader: 'resilience:noDatabaseReader',
  sharedNat: 'resilience:sharedNatGateway',
  belowPeakAfterAzLoss: 'resilience:belowPeakAfterAzLoss',
  unevenSpread: 'resilience:unevenSpread',
  noHttps: 'resilience:noHttps',
} as const;

/** Computes the report of a resolved service. */
export function resilienceReport(bp: ReportBasis, ctx: ReportContext): ResilienceReport {
  const azs = bp.availabilityZones;
  const maxPerAz = Math.ceil(bp.minCapacity / azs);
  const minPerAz = Math.floor(bp.minCapacity / azs);
  const left = bp.minCapacity - maxPerAz;
  const findings: ResilienceFinding[] = [];

  let percentOfPeak: number | undefined;
  if (ctx.demand) {
    const served = left * ctx.demand.requestsPerSecondPerInstance * ctx.demand.targetUtilization;
    percentOfPeak = round(100 * served / ctx.demand.peakRequestsPerSecond, 1);
    if (percentOfPeak < 100) {
      findings.push({
        id: FINDINGS.belowPeakAfterAzLoss,
        message: `After losing an AZ the fleet serves ${percentOfPeak} % of the planned peak at the target utilization: raise the capacity (plan with surviveAzLoss).`,
      });
    }
  }
  if (ctx.environmentAgnostic) {
    findings.push({
      id: FINDINGS.environmentAgnostic,
      message: 'The stack is environment-agnostic, so the service only knows 2 AZs (Fn::GetAZs): give the stack an env with a region to use 3.',
    });
  }
  if (azs === 2) {
    findings.push({
      id: FINDINGS.twoAzs,
      message: 'With 2 AZs, surviving the loss of one needs twice the instances a single AZ would (3 AZs need 1.5 times).',
    });
  }
  if (minPerAz !== maxPerAz) {
    findings.push({
      id: FINDINGS.unevenSpread,
      message: `${bp.minCapacity} instances over ${azs} AZs leaves ${maxPerAz} in the fullest AZ and ${minPerAz} in the emptiest: use a multiple of ${azs} so losing any AZ costs the same.`,
    });
  }
  if (ctx.natGateways !== undefined && ctx.natGateways < azs) {
    findings.push({
      id: FINDINGS.sharedNat,
      message: `The VPC has ${ctx.natGateways} NAT gateway(s) for ${azs} AZs: losing the AZ of a shared NAT gateway cuts the egress of the others.`,
    });
  }
  if (!bp.https) {
    findings.push({ id: FINDINGS.noHttps, message: 'The service listens on plain HTTP.' });
  }

  const terms: AvailabilityTerm[] = [
    { component: 'Application Load Balancer', availability: SLA.loadBalancer },
    { component: `EC2 fleet over ${azs} AZs`, availability: SLA.ec2MultiAz },
  ];
  let topology = 'none (stateless service)';
  let failoverSeconds = 0;
  const db = bp.database;
  if (db) {
    const name = ENGINE_NAMES[db.engine];
    if (db.aurora && db.readers > 0) {
      topology = `${name}: writer + ${db.readers} reader(s) in other AZs`;
      const scaling = db.readerScaling;
      if (scaling) {
        topology += `; reader auto scaling ${scaling.minReaders}-${scaling.maxReaders} on ${scaling.targetCpuPercent} % CPU ` +
          `(the ${scaling.minReaders} planned reader(s) are never removed, so one in another AZ can always be promoted)`;
      }
      failoverSeconds = FAILOVER_SECONDS.auroraWithReader;
      terms.push({ component: `${name} with readers in other AZs`, availability: SLA.auroraMultiAz });
    } else if (db.aurora) {
      topology = `${name}: writer only (no reader to promote)`;
      failoverSeconds = FAILOVER_SECONDS.auroraWithoutReader;
      terms.push({ component: `${name}, writer only`, availability: SLA.auroraSingleAz });
      findings.push({
        id: FINDINGS.noReader,
        message: 'The Aurora cluster has no reader: the writer is a single point of failure and replacing it takes about 10 minutes. Set databaseReaders to 1 or more.',
      });
    } else {
      topology = `${name}: Multi-AZ DB instance (synchronous standby)`;
      failoverSeconds = FAILOVER_SECONDS.multiAzInstance;
      terms.push({ component: `${name} Multi-AZ DB instance`, availability: SLA.rdsMultiAz });
    }
  }
  if (db && bp.databaseProxy && failoverSeconds < FAILOVER_SECONDS.auroraWithoutReader) {
    // With a standby or a reader to fail over to, the proxy holds client connections and switches
    // them itself: AWS publishes failover up to 66 % faster for clients.
    failoverSeconds = Math.ceil(failoverSeconds * (1 - DEFAULTS.databaseProxy.failoverReduction));
    topology += `; clients through RDS Proxy (failover up to ${DEFAULTS.databaseProxy.failoverReduction * 100} % faster for them, AWS's published figure)`;
  }
  const estimated = terms.reduce((a, t) => a * t.availability, 1);

  return {
    availabilityZones: azs,
    minCapacity: bp.minCapacity,
    maxCapacity: bp.maxCapacity,
    maxInstancesPerAz: maxPerAz,
    minInstancesPerAz: minPerAz,
    instancesAfterAzLoss: left,
    capacityAfterAzLossPercentOfMinimum: round(100 * left / bp.minCapacity, 1),
    capacityAfterAzLossPercentOfPeak: percentOfPeak,
    detectionSeconds: detectionSeconds(bp),
    replacementSeconds: replacementSeconds(bp),
    databaseTopology: topology,
    databaseFailoverSeconds: failoverSeconds,
    availabilityTerms: terms,
    estimatedAvailability: round(estimated, 6),
    estimatedDowntimeMinutesPerMonth: round((1 - estimated) * MINUTES_PER_MONTH, 1),
    cacheTopology: bp.cache && `Valkey, ${bp.cache.nodeAzs.length} ${bp.cache.nodeType} nodes, one per AZ (primary in AZ 1), Multi-AZ with automatic failover`,
    cacheFailoverSeconds: bp.cache?.failoverSeconds,
    alarmCount: ctx.alarmCount,
    https: bp.https,
    findings,
    experiments: [],
    ...ctx.capacity,
    warmReplacementSeconds: ctx.capacity.warmPoolInstances !== undefined
      ? detectionSeconds(bp) + bp.healthCheckGracePeriodSeconds + WARM_START_SECONDS
      : undefined,
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function percent(x: number): string {
  return `${round(x * 100, 4)} %`;
}

/** The report as Markdown. */
export function renderReportMarkdown(title: string, r: ResilienceReport, diagram?: string): string {
  const perAz = r.minInstancesPerAz === r.maxInstancesPerAz ? `${r.maxInstancesPerAz}` : `${r.minInstancesPerAz}-${r.maxInstancesPerAz}`;
  const lines = [
    `# Resilience report: ${title}`,
    '',
    '| figure | value |',
    '|---|---|',
    `| Availability Zones | ${r.availabilityZones} |`,
    `| instances per AZ (at minimum) | ${perAz} |`,
    `| fleet size | ${r.minCapacity}-${r.maxCapacity} |`,
    `| left after losing the fullest AZ | ${r.instancesAfterAzLoss} instances, ${r.capacityAfterAzLossPercentOfMinimum} % of the minimum` +
      `${r.capacityAfterAzLossPercentOfPeak !== undefined ? `, ${r.capacityAfterAzLossPercentOfPeak} % of peak` : ''} |`,
    `| dead instance out of rotation after | ${r.detectionSeconds} s (health-check interval x unhealthy threshold) |`,
    `| dead instance replaced after | ~${r.replacementSeconds} s (detection + grace period + ${DEFAULTS.bootEstimateSeconds} s boot estimate)` +
      `${r.warmReplacementSeconds !== undefined ? `; ~${r.warmReplacementSeconds} s from the warm pool (a ${WARM_START_SECONDS} s start instead of the boot)` : ''} |`,
    `| database | ${r.databaseTopology} |`,
    `| database failover | ${r.databaseFailoverSeconds > 0 ? `~${r.databaseFailoverSeconds} s` : 'n/a'} |`,
    ...(r.cacheTopology ? [`| cache | ${r.cacheTopology}; failover ~${r.cacheFailoverSeconds} s (estimate) |`] : []),
    `| estimated availability | ${percent(r.estimatedAvailability)} (~${r.estimatedDowntimeMinutesPerMonth} min of downtime a month) |`,
    `| alarms | ${r.alarmCount} |`,
    `| HTTPS | ${r.https ? 'yes' : 'no'} |`,
    '',
    '## Availability estimate',
    '',
    'Every part below is needed to serve a request, so the estimate is the product of their published',
    'monthly availability commitments (SLAs). It assumes failures of the parts are independent and that',
    'the fleet is statically stable (it serves peak after losing an AZ); it leaves out your own code.',
    '',
    ...r.availabilityTerms.map((t) => `- ${t.component}: ${percent(t.availability)}`),
    `- product: ${percent(r.estimatedAvailability)}`,
    '',
    ...capacityMarkdown(r),
    '## Findings',
    '',
    ...(r.findings.length ? r.findings.map((f) => `- \`${f.id}\`: ${f.message}`) : ['- none']),
    '',
    ...experimentsMarkdown(r.experiments),
    ...(diagram ? ['## Deployment', '', '```mermaid', diagram.trimEnd(), '```', ''] : []),
  ];
  return lines.join('\n');
}

/** Where the capacity section's figures come from (read November 2026). */
const CAPACITY_SOURCES = [
  'Sources: [Elastic Load Balancing pricing](https://aws.amazon.com/elasticloadbalancing/pricing/) (LCU dimensions and price), '
    + '[ALB capacity reservations](https://docs.aws.amazon.com/elasticloadbalancing/latest/application/capacity-unit-reservation.html) '
    + 'and [quotas](https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html#lcu-quotas), '
    + '[AZ distribution](https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-availability-zone-balanced.html), '
    + '[capacity reservations](https://docs.aws.amazon.com/autoscaling/ec2/userguide/target-capacity-reservations.html), '
    + '[warm pools](https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-warm-pools.html), '
    + '[group deletion protection](https://docs.aws.amazon.com/autoscaling/ec2/userguide/resource-deletion-protection.html).',
];

function capacityMarkdown(r: ResilienceReport): string[] {
  return [
    '## Capacity you can count on when an AZ fails',
    '',
    'Scaling steps do not guarantee capacity: when an AZ fails, every customer in the Region launches in the others.',
    '',
    '| what | the plan |',
    '|---|---|',
    `| load balancer capacity reserved | ${r.loadBalancerCapacity} |`,
    `| AZ distribution when launches fail | \`${r.capacityDistributionStrategy}\`: ${r.capacityDistribution} |`,
    ...(r.capacityReservations ? [`| On-Demand Capacity Reservations | ${r.reservedShareOfMinimumPercent} % of the minimum: ${r.capacityReservations} |`] : []),
    ...(r.warmPool ? [`| warm pool | ${r.warmPool} |`] : []),
    `| Auto Scaling group deletion protection | ${r.fleetDeletionProtection} |`,
    '',
    ...CAPACITY_SOURCES,
    '',
  ];
}

function experimentsMarkdown(experiments: ExperimentPrediction[]): string[] {
  if (experiments.length === 0) return [];
  const alarms = (ids: string[]) => (ids.length ? ids.join(', ') : 'none');
  return [
    '## Fault-injection experiments',
    '',
    'AWS FIS experiment templates; each stops when the service-health alarm fires. What the plan predicts:',
    '',
    '| experiment | actions | capacity left | should fire | must stay quiet |',
    '|---|---|---|---|---|',
    ...experiments.map((e) => `| ${e.id} | ${e.actions.map((a) => `\`${a}\``).join(', ')} | ${e.instancesLeft} instances, ` +
      `${e.capacityLeftPercentOfMinimum} % of the minimum${e.capacityLeftPercentOfPeak !== undefined ? `, ${e.capacityLeftPercentOfPeak} % of peak` : ''} | ` +
      `${alarms(e.alarmsExpected)} | ${alarms(e.alarmsQuiet)} |`),
    '',
    ...experiments.map((e) => `- **${e.id}**: ${e.summary}`),
    '',
  ];
}
