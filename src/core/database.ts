import { DEFAULTS, LIMITS } from './defaults';
import { GLOBAL_CLUSTER_PARAMETERS, GLOBAL_SECRET_ROTATION_DAYS, GlobalDatabaseMembership } from './global-database';
import { DatabaseEngine, ServiceOptions, isAurora } from './options';
import { Validator } from './validation';

/** The replicated database. */
export interface DatabasePlan {
  readonly engine: DatabaseEngine;
  readonly aurora: boolean;
  /** Aurora readers (0 for a Multi-AZ DB instance, whose standby is not readable). */
  readonly readers: number;
  /** AZ index (into the service's AZs) of the writer and of each reader: readers round the other AZs. */
  readonly writerAz: number;
  readonly readerAzs: number[];
  /** Promotion tiers of the writer and of every reader: a reader goes first when the writer fails. */
  readonly promotionTiers: { readonly writer: number; readonly reader: number };
  /** Instance class without the `db.` prefix. */
  readonly instanceClass: string;
  readonly engineVersion: { readonly full: string; readonly major: string };
  /** Not the engine's default port. */
  readonly port: number;
  /** Not the engine's default user name. */
  readonly masterUsername: string;
  readonly backupRetentionDays: number;
  readonly name: string;
  readonly deletionProtection: boolean;
  readonly monitoringIntervalSeconds: number;
  readonly logExports: string[];
  /** Aurora MySQL's backtrack window, hours. */
  readonly backtrackWindowHours?: number;
  /** Whether the storage is encrypted with a key of the service's own (a Multi-AZ DB instance). */
  readonly ownStorageKey: boolean;
  /** A Multi-AZ DB instance's storage, GiB. */
  readonly allocatedStorageGiB: number;
  readonly maxAllocatedStorageGiB: number;
  /** A Multi-AZ DB instance's storage type. */
  readonly storageType: string;
  /** Aurora reader auto scaling, when asked for with `databaseMaxReaders`. */
  readonly readerScaling?: ReaderScalingPlan;
  /** Membership in an Aurora global database (see {@link GlobalDatabasePlan}). */
  readonly global?: GlobalDatabasePlan;
}

/**
 * The cluster's part in a global database: no RDS-managed master secret (unsupported there), no
 * backtracking (unsupported there), and for a secondary no master credentials nor database name.
 */
export interface GlobalDatabasePlan extends GlobalDatabaseMembership {
  readonly secretRotationDays: number;
  /** The cluster parameter group's parameters: TLS required, and write forwarding's consistency on a forwarding secondary. */
  readonly clusterParameters: Record<string, string>;
}

/**
 * Application Auto Scaling of the Aurora readers on their average CPU. The minimum is the planned
 * readers, which CloudFormation places in the other AZs and scaling never removes: a promotable
 * reader outside the writer's AZ is always there. Readers added above it go where RDS puts them.
 */
export interface ReaderScalingPlan {
  readonly minReaders: number;
  readonly maxReaders: number;
  readonly targetCpuPercent: number;
  readonly scaleInCooldownSeconds: number;
  readonly scaleOutCooldownSeconds: number;
}

/** The database: engine, topology, placement, data safety. Undefined for a stateless service. */
export function planDatabase(o: ServiceOptions, azs: number, v: Validator): DatabasePlan | undefined {
  if (o.database === false) {
    v.check(o.databaseEngine === undefined && o.databaseReaders === undefined,
      'databaseEngine and databaseReaders need a database; received them with database: false');
    return undefined;
  }
  const engine = o.databaseEngine ?? DatabaseEngine.AURORA_POSTGRESQL;
  const aurora = isAurora(engine);
  const readers = o.databaseReaders ?? (aurora ? DEFAULTS.database.readers : 0);
  if (v.integer('databaseReaders', readers, ...LIMITS.auroraReaders, 'readers') && !aurora && v.known(readers)) {
    v.check(readers === 0,
      `databaseReaders applies to Aurora engines only; a Multi-AZ DB instance (databaseEngine ${engine}) has a standby instead, received databaseReaders ${readers}`);
  }
  const backupRetentionDays = o.databaseBackupRetentionDays ?? DEFAULTS.database.backupRetentionDays;
  v.integer('databaseBackupRetention', backupRetentionDays, ...LIMITS.backupRetentionDays, 'days');
  const name = o.databaseName ?? DEFAULTS.database.name;
  if (!v.isUnresolved(name)) {
    v.check(/^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(name),
      `databaseName must start with a letter and hold only letters, digits and underscores (1-63 characters), received '${name}'`);
  }
  const readerScaling = planReaderScaling(o, aurora, readers, v);
  const global = planGlobalMembership(o, engine, v);
  const postgres = engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE;
  const readerCount = aurora && v.known(readers) && Number.isInteger(readers) && readers > 0 ? readers : 0;
  return {
    engine,
    aurora,
    readers: aurora ? readers : 0,
    // The writer in the first AZ, readers round the others, so a reader in a surviving AZ can be
    // promoted when the writer's AZ fails.
    writerAz: 0,
    readerAzs: Array.from({ length: readerCount }, (_, i) => (i + 1) % azs),
    promotionTiers: DEFAULTS.database.promotionTier,
    instanceClass: o.databaseInstanceType ?? (aurora ? DEFAULTS.database.instanceClass.aurora : DEFAULTS.database.instanceClass.multiAzInstance),
    engineVersion: DEFAULTS.database.engineVersion[engine],
    port: postgres ? DEFAULTS.database.port.postgresql : DEFAULTS.database.port.mysql,
    masterUsername: DEFAULTS.database.masterUsername,
    backupRetentionDays,
    name,
    deletionProtection: o.deletionProtection ?? true,
    monitoringIntervalSeconds: DEFAULTS.database.monitoringIntervalSeconds,
    logExports: [...DEFAULTS.database.logExports[engine]],
    // Backtracking is not available to clusters in a global database.
    backtrackWindowHours: engine === DatabaseEngine.AURORA_MYSQL && !global ? DEFAULTS.database.backtrackWindowHours : undefined,
    ownStorageKey: !aurora,
    allocatedStorageGiB: DEFAULTS.database.allocatedStorageGiB,
    maxAllocatedStorageGiB: DEFAULTS.database.maxAllocatedStorageGiB,
    storageType: DEFAULTS.database.storageType,
    readerScaling,
    global,
  };
}

function planGlobalMembership(o: ServiceOptions, engine: DatabaseEngine, v: Validator): GlobalDatabasePlan | undefined {
  const g = o.globalDatabase;
  if (!g) return undefined;
  if (engine !== DatabaseEngine.AURORA_POSTGRESQL && engine !== DatabaseEngine.AURORA_MYSQL) {
    v.fail(`a global database needs an Aurora engine; databaseEngine ${engine} is an RDS Multi-AZ DB instance, which cannot join one`);
    return undefined;
  }
  v.check(g.primary || !g.secretReplicaRegions?.length, 'globalDatabase.secretReplicaRegions is for the primary, which creates the secret; received it on a secondary');
  v.check(!(g.primary && g.writeForwarding), 'globalDatabase.writeForwarding is for a secondary: the primary holds the writer');
  const secretRotationDays = g.secretRotationDays ?? GLOBAL_SECRET_ROTATION_DAYS;
  v.integer('globalDatabase.secretRotationDays', secretRotationDays, 1, 1000, 'days');
  const parameters = GLOBAL_CLUSTER_PARAMETERS[engine];
  return {
    ...g,
    secretRotationDays,
    clusterParameters: Object.fromEntries([parameters.tls, ...(g.writeForwarding ? [parameters.writeForwarding] : [])].map((p) => [p.name, p.value])),
  };
}

function planReaderScaling(o: ServiceOptions, aurora: boolean, readers: number, v: Validator): ReaderScalingPlan | undefined {
  const max = o.databaseMaxReaders;
  if (max === undefined) {
    v.check(o.databaseReaderCpuTarget === undefined,
      `databaseReaderCpuTarget needs reader auto scaling (databaseMaxReaders); received databaseReaderCpuTarget ${o.databaseReaderCpuTarget} alone`);
    return undefined;
  }
  if (!v.check(aurora, `databaseMaxReaders applies to Aurora engines only (a Multi-AZ DB instance has no readers), received databaseMaxReaders ${max}`)) return undefined;
  const [, most] = LIMITS.auroraReaders;
  v.integer('databaseMaxReaders', max, 1, most, 'readers');
  if (v.known(readers)) {
    v.check(readers >= 1,
      `reader auto scaling needs at least one reader that always exists (databaseReaders >= 1), so a reader in another AZ can be promoted; received databaseReaders ${readers}`);
  }
  v.notAbove('databaseReaders', readers, 'databaseMaxReaders', max);
  const targetCpuPercent = o.databaseReaderCpuTarget ?? DEFAULTS.database.readerScaling.targetCpuPercent;
  v.range('databaseReaderCpuTarget', targetCpuPercent, ...LIMITS.readerCpuTargetPercent, 'percent');
  return {
    minReaders: readers,
    maxReaders: max,
    targetCpuPercent,
    scaleInCooldownSeconds: DEFAULTS.database.readerScaling.scaleInCooldownSeconds,
    scaleOutCooldownSeconds: DEFAULTS.database.readerScaling.scaleOutCooldownSeconds,
  };
}
