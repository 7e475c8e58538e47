/**
 * Membership of a service's Aurora cluster in an Aurora global database: what the database tier
 * needs to join one. `MultiRegionService` sets it for the service of each Region; a primary creates
 * the global database's writer and its master secret, a secondary joins with no master credentials
 * (RDS refuses them on a cross-Region replica) and reads the replicated secret.
 */
export interface GlobalDatabaseMembership {
  /** The global database's identifier. */
  readonly globalClusterIdentifier: string;
  /** This Region's cluster identifier: fixed, so that the other Regions and the Region switch can name its ARN. */
  readonly clusterIdentifier: string;
  /** Whether this Region holds the primary (writer) cluster when the service is created. */
  readonly primary: boolean;
  /**
   * Name of the master user secret. RDS cannot manage the master secret of a cluster in a global
   * database, so the primary creates it (generated password, rotated) and replicates it to the
   * other Regions; each Region reads its replica by this name.
   */
  readonly secretName: string;
  /** The Regions the primary replicates the secret to. */
  readonly secretReplicaRegions?: string[];
  /**
   * Days between rotations of the master password (primary only).
   * @default 30
   */
  readonly secretRotationDays?: number;
  /**
   * Global write forwarding: while the cluster is a secondary it forwards writes to the writer's
   * Region, with session read consistency (a session reads its own writes) set in the cluster's
   * parameter group. Without that parameter, forwarding does nothing. On the primary it takes
   * effect when a switchover or failover demotes it ("used immediately if the primary is demoted by
   * a global cluster API operation, but it does nothing until then": RDS API reference,
   * CreateDBCluster EnableGlobalWriteForwarding).
   * @default false
   */
  readonly writeForwarding?: boolean;
  /**
   * Local write forwarding: the cluster's readers forward writes to its own writer, so the
   * instances of the Region that holds the writer can write through the reader endpoint too
   * (Aurora User Guide, "Local write forwarding"). With global forwarding, every Region writes
   * through its own reader endpoint whichever Region holds the writer.
   * @default false
   */
  readonly localWriteForwarding?: boolean;
  /**
   * The engine version every member runs, in full (`17.7`, `8.0.mysql_aurora.3.10.3`): a managed
   * switchover or failover needs the members on the same version, which a major alone does not
   * promise (each Region would get the default minor of the day it is created).
   * @default - the database's default major
   */
  readonly engineVersion?: string;
  /**
   * The address of the global database's writer endpoint, which Aurora moves to the writer after a
   * switchover or failover, as this Region's renderer reads it (it holds a generated part no
   * template can compute): the instances write through it (DATABASE_HOST) unless they write
   * through their Region's reader endpoint.
   * @default - not given: the environment file names no writer host
   */
  readonly writerEndpointAddress?: string;
}

/**
 * Where a member's instances write: the global writer endpoint, or
 * their own Region's reader endpoint when global and local forwarding both take writes there.
 */
export function instanceWritesOf(m: GlobalDatabaseMembership): 'globalWriterEndpoint' | 'readerEndpoint' {
  return m.writeForwarding && m.localWriteForwarding ? 'readerEndpoint' : 'globalWriterEndpoint';
}

/**
 * The full engine version a global database pins on every member, per engine: the versions of
 * aws-cdk-lib 2.276's RDS engine list (AuroraPostgresEngineVersion.VER_17_7,
 * AuroraMysqlEngineVersion.VER_3_10_3, the 3.10 long-term-support line), both above the minimums
 * for global databases in every Region (Aurora User Guide, "Supported Regions and DB engines for
 * Aurora global databases") and for global write forwarding (Aurora PostgreSQL 16+ all minors,
 * Aurora MySQL 2.08.1+).
 */
export const GLOBAL_ENGINE_VERSIONS: Record<'aurora-postgresql' | 'aurora-mysql', { readonly version: string; readonly major: string }> = {
  'aurora-postgresql': { version: '17.7', major: '17' },
  'aurora-mysql': { version: '8.0.mysql_aurora.3.10.3', major: '8.0' },
};

/**
 * The cluster parameters of a global database's clusters, per engine: TLS required (AWS Control
 * Tower CT.RDS.PR.27, and the same rule in every Region, so the same client works after a switch),
 * and on a forwarding secondary the read consistency without which forwarding does nothing.
 */
export const GLOBAL_CLUSTER_PARAMETERS: Record<'aurora-postgresql' | 'aurora-mysql', {
  readonly tls: { readonly name: string; readonly value: string };
  readonly writeForwarding: { readonly name: string; readonly value: string };
}> = {
  'aurora-postgresql': {
    tls: { name: 'rds.force_ssl', value: '1' },
    // apg_write_forward.consistency_mode: SESSION, EVENTUAL, GLOBAL or OFF (local forwarding reads the same parameter).
    writeForwarding: { name: 'apg_write_forward.consistency_mode', value: 'SESSION' },
  },
  'aurora-mysql': {
    tls: { name: 'require_secure_transport', value: 'ON' },
    // aurora_replica_read_consistency: SESSION, EVENTUAL or GLOBAL (global and local forwarding).
    writeForwarding: { name: 'aurora_replica_read_consistency', value: 'SESSION' },
  },
};

/** Default days between rotations of a global database's master password. */
export const GLOBAL_SECRET_ROTATION_DAYS = 30;

/**
 * Days a deleted master secret can be restored, during which its name stays taken: 0, deleted at
 * once. The secret has a fixed name (every Region reads it by name), and a name scheduled for
 * deletion makes a recreate fail ("a secret with this name is already scheduled for deletion";
 * Secrets Manager DeleteSecret: a recovery window of 7 to 30 days, or ForceDeleteWithoutRecovery).
 * The Terraform provider's default is 30 (internal/service/secretsmanager/secret.go,
 * `recovery_window_in_days`); CloudFormation deletes a secret without recovery. Nothing is lost: the
 * password is a credential, reset on a restored cluster with ModifyDBCluster.
 */
export const GLOBAL_SECRET_RECOVERY_WINDOW_DAYS = 0;
