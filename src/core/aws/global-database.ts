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
   * Write forwarding on a secondary: it forwards writes to the writer's Region, with session
   * read consistency (a session reads its own writes) set in the cluster's parameter group.
   * Without that parameter, forwarding does nothing.
   * @default false
   */
  readonly writeForwarding?: boolean;
}

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
    // apg_write_forward.consistency_mode: SESSION, EVENTUAL, GLOBAL or OFF.
    writeForwarding: { name: 'apg_write_forward.consistency_mode', value: 'SESSION' },
  },
  'aurora-mysql': {
    tls: { name: 'require_secure_transport', value: 'ON' },
    // aurora_replica_read_consistency: SESSION, EVENTUAL or GLOBAL.
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
