import { detectionSeconds, replacementSeconds } from './alarms';
import { DatabaseEngine, ServiceBlueprint } from './blueprint';

/** The headline figures of a service, computed from its resolved settings. */
export interface ServiceSummary {
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
  /** Seconds until the load balancer stops sending to a dead instance (interval x unhealthy threshold). */
  readonly detectionSeconds: number;
  /** Seconds until a dead instance is replaced by a healthy one (detection + grace period + boot estimate). */
  readonly replacementSeconds: number;
  /** The database topology in words. */
  readonly databaseTopology: string;
  /** Expected seconds of write unavailability when the database writer fails (0 without a database). */
  readonly databaseFailoverSeconds: number;
  /** Alarms that notify the alarm topic. */
  readonly alarmCount: number;
  /** Whether clients reach the service over HTTPS. */
  readonly https: boolean;
}

const ENGINE_NAMES: Record<DatabaseEngine, string> = {
  [DatabaseEngine.AURORA_POSTGRESQL]: 'Aurora PostgreSQL',
  [DatabaseEngine.AURORA_MYSQL]: 'Aurora MySQL',
  [DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE]: 'RDS for PostgreSQL',
  [DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE]: 'RDS for MySQL',
};

/**
 * Published failover figures: Aurora promotes a reader in about 30 s; without a reader it must
 * create a new writer (about 10 minutes); a Multi-AZ DB instance fails over in 60-120 s.
 */
export const FAILOVER_SECONDS = {
  auroraWithReader: 30,
  auroraWithoutReader: 600,
  multiAzInstance: 120,
} as const;

/** Describes the database topology and its expected failover time. */
export function databaseTopology(bp: ServiceBlueprint): { topology: string; failoverSeconds: number } {
  const db = bp.database;
  if (!db) return { topology: 'none (stateless service)', failoverSeconds: 0 };
  const name = ENGINE_NAMES[db.engine];
  if (db.aurora) {
    return db.readers > 0
      ? { topology: `${name}: writer + ${db.readers} reader(s) in other AZs`, failoverSeconds: FAILOVER_SECONDS.auroraWithReader }
      : { topology: `${name}: writer only (no reader to promote)`, failoverSeconds: FAILOVER_SECONDS.auroraWithoutReader };
  }
  return { topology: `${name}: Multi-AZ DB instance (synchronous standby)`, failoverSeconds: FAILOVER_SECONDS.multiAzInstance };
}

/** Computes the summary of a resolved service. */
export function summarize(bp: ServiceBlueprint, alarmCount: number): ServiceSummary {
  const maxPerAz = Math.ceil(bp.minCapacity / bp.availabilityZones);
  const minPerAz = Math.floor(bp.minCapacity / bp.availabilityZones);
  const db = databaseTopology(bp);
  return {
    availabilityZones: bp.availabilityZones,
    minCapacity: bp.minCapacity,
    maxCapacity: bp.maxCapacity,
    maxInstancesPerAz: maxPerAz,
    minInstancesPerAz: minPerAz,
    instancesAfterAzLoss: bp.minCapacity - maxPerAz,
    detectionSeconds: detectionSeconds(bp),
    replacementSeconds: replacementSeconds(bp),
    databaseTopology: db.topology,
    databaseFailoverSeconds: db.failoverSeconds,
    alarmCount,
    https: bp.https,
  };
}

/** The summary as Markdown lines. */
export function renderSummaryMarkdown(title: string, s: ServiceSummary): string {
  const perAz = s.minInstancesPerAz === s.maxInstancesPerAz ? `${s.maxInstancesPerAz}` : `${s.minInstancesPerAz}-${s.maxInstancesPerAz}`;
  return [
    `# ${title}`,
    '',
    '| figure | value |',
    '|---|---|',
    `| Availability Zones | ${s.availabilityZones} |`,
    `| instances per AZ (at minimum) | ${perAz} |`,
    `| fleet size | ${s.minCapacity}-${s.maxCapacity} |`,
    `| instances left after losing the fullest AZ | ${s.instancesAfterAzLoss} |`,
    `| dead instance out of rotation after | ${s.detectionSeconds} s |`,
    `| dead instance replaced after | ${s.replacementSeconds} s |`,
    `| database | ${s.databaseTopology} |`,
    `| database failover | ${s.databaseFailoverSeconds > 0 ? `~${s.databaseFailoverSeconds} s` : 'n/a'} |`,
    `| alarms | ${s.alarmCount} |`,
    `| HTTPS | ${s.https ? 'yes' : 'no'} |`,
    '',
  ].join('\n');
}
