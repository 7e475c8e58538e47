/**
 * The database tier: Aurora or a Multi-AZ DB instance, its readers, backups, logs, parameters and
 * its membership in an Aurora global database.
 */
import { databaseClassProblem } from '../aws/database-class-names';
import { GLOBAL_CLUSTER_PARAMETERS, GLOBAL_ENGINE_VERSIONS, GLOBAL_SECRET_ROTATION_DAYS, GlobalDatabaseMembership, instanceWritesOf } from '../aws/global-database';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { Validator } from '../base/validation';
import { DatabaseEngine, ServiceOptions, isAurora } from '../options/options';

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
  /** The version asked for at creation (a major: RDS creates its default minor), and the major of the parameter-group family. */
  readonly engineVersion: { readonly requested: string; readonly major: string };
  /** Not the engine's default port. */
  readonly port: number;
  /** Not the engine's default user name. */
  readonly masterUsername: string;
  readonly backupRetentionDays: number;
  readonly name: string;
  readonly deletionProtection: boolean;
  readonly monitoringIntervalSeconds: number;
  readonly logExports: string[];
  /** What makes the engine write the logs it exports (MySQL engines), undefined where the engine writes them by itself. */
  readonly logSettings?: DatabaseLogSettingsPlan;
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
  /**
   * Where the instances write, as DATABASE_HOST in their environment file: the global writer
   * endpoint (the renderer reads its address), or the Region's reader endpoint with global and
   * local write forwarding on the cluster.
   */
  readonly instanceWrites: 'globalWriterEndpoint' | 'readerEndpoint';
  /** The cluster parameter group's parameters: TLS required, and write forwarding's consistency on a forwarding secondary. */
  readonly clusterParameters: Record<string, string>;
}

/**
 * Engine settings without which a MySQL engine exports empty logs: the audit plugin and the slow
 * query log. Aurora MySQL takes them all as cluster parameters; RDS for MySQL takes the slow query
 * log as parameters and the audit plugin as an option of an option group.
 */
export interface DatabaseLogSettingsPlan {
  /** The parameter group family, e.g. `aurora-mysql8.0` or `mysql8.4`. */
  readonly family: string;
  /** Whether the parameters go into the cluster's parameter group (Aurora) or the instance's. */
  readonly clusterParameters: boolean;
  /** The description of the parameter group and of the option group. */
  readonly description: string;
  readonly parameters: Record<string, string>;
  /** The MariaDB Audit Plugin option of RDS for MySQL, with its settings. */
  readonly auditOption?: {
    readonly engineName: string;
    readonly majorEngineVersion: string;
    readonly name: 'MARIADB_AUDIT_PLUGIN';
    readonly settings: Record<string, string>;
    /**
     * The option group is kept when the service is deleted (DeletionPolicy Retain, Terraform
     * skip_destroy): the instance's final snapshot keeps it in use, and RDS refuses to delete an
     * option group in use (InvalidOptionGroupStateFault), so deleting it would fail the teardown
     * (terraform-provider-aws #4595, #22598; resource-providers-rds aws-rds-optiongroup). It goes
     * with the snapshot (a restore uses it); its generated name never meets a recreate's.
     */
    readonly keptWithFinalSnapshot: true;
  };
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
    // RDS DBName / DatabaseName: 1-63 characters for PostgreSQL, 1-64 for MySQL (CreateDBInstance, CreateDBCluster).
    const mysql = engine === DatabaseEngine.AURORA_MYSQL || engine === DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE;
    const longest = mysql ? 64 : 63;
    v.check(name.length <= longest && /^[A-Za-z][A-Za-z0-9_]*$/.test(name),
      `databaseName must start with a letter and hold only letters, digits and underscores (1-${longest} characters), received '${name}'`);
  }
  const instanceClass = o.databaseInstanceType ?? (aurora ? DEFAULTS.database.instanceClass.aurora : DEFAULTS.database.instanceClass.multiAzInstance);
  if (v.known(instanceClass) && (Object.values(DatabaseEngine) as string[]).includes(engine)) {
    const problem = databaseClassProblem('databaseInstanceType', instanceClass, engine);
    if (problem) v.fail(problem);
  }
  const readerScaling = planReaderScaling(o, aurora, readers, v);
  const logSettings = mysqlLogSettings(engine);
  const global = planGlobalMembership(o, engine, v, logSettings);
  const postgres = engine === DatabaseEngine.AURORA_POSTGRESQL || engine === DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE;
  const readerCount = aurora && v.known(readers) && Number.isInteger(readers) && readers > 0 && readers <= LIMITS.auroraReaders[1] ? readers : 0;
  return {
    engine,
    aurora,
    readers: aurora ? readers : 0,
    // The writer in the first AZ, readers round the others, so a reader in a surviving AZ can be
    // promoted when the writer's AZ fails.
    writerAz: 0,
    readerAzs: Array.from({ length: readerCount }, (_, i) => (i + 1) % azs),
    promotionTiers: DEFAULTS.database.promotionTier,
    instanceClass,
    // A global database's members run one full version (see GlobalDatabaseMembership.engineVersion).
    engineVersion: global?.engineVersion
      ? { requested: global.engineVersion, major: DEFAULTS.database.engineVersion[engine].major }
      : DEFAULTS.database.engineVersion[engine],
    port: postgres ? DEFAULTS.database.port.postgresql : DEFAULTS.database.port.mysql,
    masterUsername: DEFAULTS.database.masterUsername,
    backupRetentionDays,
    name,
    deletionProtection: o.deletionProtection ?? true,
    monitoringIntervalSeconds: DEFAULTS.database.monitoringIntervalSeconds,
    logExports: [...DEFAULTS.database.logExports[engine]],
    // A global database's cluster has one parameter group, the global plan's: the log settings join it.
    logSettings: global ? undefined : logSettings,
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

function planGlobalMembership(
  o: ServiceOptions, engine: DatabaseEngine, v: Validator, logSettings: DatabaseLogSettingsPlan | undefined,
): GlobalDatabasePlan | undefined {
  const g = o.globalDatabase;
  if (!g) return undefined;
  if (engine !== DatabaseEngine.AURORA_POSTGRESQL && engine !== DatabaseEngine.AURORA_MYSQL) {
    v.fail(`a global database needs an Aurora engine; databaseEngine ${engine} is an RDS Multi-AZ DB instance, which cannot join one`);
    return undefined;
  }
  v.check(g.primary || !g.secretReplicaRegions?.length, 'globalDatabase.secretReplicaRegions is for the primary, which creates the secret; received it on a secondary');
  const secretRotationDays = g.secretRotationDays ?? GLOBAL_SECRET_ROTATION_DAYS;
  v.integer('globalDatabase.secretRotationDays', secretRotationDays, 1, 1000, 'days');
  const major = DEFAULTS.database.engineVersion[engine].major;
  if (g.engineVersion !== undefined && !v.isUnresolved(g.engineVersion)) {
    v.check(g.engineVersion.startsWith(`${major}.`) && g.engineVersion.split('.').length >= 2,
      `globalDatabase.engineVersion must be a full version of ${engine} ${major} (e.g. ${GLOBAL_ENGINE_VERSIONS[engine].version}), received '${g.engineVersion}'`);
  }
  const parameters = GLOBAL_CLUSTER_PARAMETERS[engine];
  return {
    ...g,
    secretRotationDays,
    instanceWrites: instanceWritesOf(g),
    clusterParameters: {
      // Aurora MySQL's log settings (they require TLS too) go into the global member's group.
      ...(logSettings?.clusterParameters ? logSettings.parameters : {}),
      ...Object.fromEntries([parameters.tls, ...(g.writeForwarding || g.localWriteForwarding ? [parameters.writeForwarding] : [])]
        .map((p) => [p.name, p.value])),
    },
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

/** What makes a MySQL engine write the audit and slow query logs it exports; undefined for PostgreSQL. */
export function mysqlLogSettings(engine: DatabaseEngine): DatabaseLogSettingsPlan | undefined {
  const logs = DEFAULTS.database.mysqlLogs;
  const major = DEFAULTS.database.engineVersion[engine].major;
  const description = 'Makes the service database write the logs it exports';
  const slowQueries = { slow_query_log: '1', long_query_time: String(logs.longQueryTimeSeconds), log_output: 'FILE' };
  if (engine === DatabaseEngine.AURORA_MYSQL) {
    return {
      family: `aurora-mysql${major}`,
      clusterParameters: true,
      description,
      // Aurora MySQL's advanced auditing: its own audit log, no plugin to install. A parameter group
      // of the service's own must require TLS (AWS Control Tower CT.RDS.PR.27): IAM authentication needs it anyway.
      parameters: { server_audit_logging: '1', server_audit_events: logs.auditEvents, ...slowQueries, require_secure_transport: 'ON' },
    };
  }
  if (engine === DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE) {
    return {
      family: `mysql${major}`,
      clusterParameters: false,
      description,
      // A parameter group of the service's own must require TLS (AWS Control Tower CT.RDS.PR.28).
      parameters: { ...slowQueries, require_secure_transport: '1' },
      auditOption: {
        engineName: 'mysql', majorEngineVersion: major, name: 'MARIADB_AUDIT_PLUGIN', settings: { SERVER_AUDIT_EVENTS: logs.auditEvents }, keptWithFinalSnapshot: true,
      },
    };
  }
  return undefined;
}
