/**
 * Renders the Aurora global database of a multi-Region plan as Terraform resources.
 */
import { Construct } from 'constructs';
import { GLOBAL_SECRET_RECOVERY_WINDOW_DAYS } from '../../core/aws/global-database';
import { shortName } from '../../core/base/naming';
import { DatabasePlan, GlobalDatabasePlan } from '../../core/tiers/database';
import { Fn } from '../private/cdktf';
import { AwsDataSource, AwsResource } from '../private/resource';

// Argument interfaces: the arguments this file writes, named and typed as the provider's schema has them.
export interface ClusterParameterGroupArgs {
  readonly name_prefix: string;
  readonly family: string;
  readonly description: string;
  readonly parameter: Array<{ readonly name: string; readonly value: string; readonly apply_method: 'pending-reboot' }>;
}
export interface RandomPasswordArgs { readonly password_length: number; readonly exclude_characters: string }
export interface SecretArgs {
  readonly name: string;
  readonly description: string;
  readonly replica: Array<{ readonly region: string }>;
  readonly recovery_window_in_days: number;
}
export interface SecretVersionArgs { readonly secret_id: string; readonly secret_string: string }
export interface SecretLookupArgs { readonly name: string }

/** The cluster arguments of a member of a global database, replacing the single-Region ones. */
export interface GlobalClusterArgs {
  readonly cluster_identifier: string;
  readonly global_cluster_identifier: string;
  readonly master_username?: string;
  readonly master_password?: string;
  readonly database_name?: string;
  readonly manage_master_user_password?: undefined;
  readonly enable_global_write_forwarding?: boolean;
  readonly enable_local_write_forwarding?: boolean;
  readonly db_cluster_parameter_group_name: string;
}

export interface TfGlobalMembership {
  readonly clusterArgs: GlobalClusterArgs;
  /** The secret the instances read: the primary's, or this Region's replica (looked up by name). */
  readonly secretArn: string;
  /** What Terraform must leave to RDS: a failover changes the members' roles, and the password is set once. */
  readonly ignoreChanges: string[];
}

/** Characters RDS refuses in a master password, and JSON's own. */
const PASSWORD_EXCLUDED = '"@/\\\\ \'';

/**
 * The cluster's part in a global database, in Terraform: a fixed identifier and the global one,
 * the cluster parameter group of the plan (TLS required, write forwarding's consistency), and the
 * credentials. The primary's master password is generated once into a secret replicated to the
 * other Regions; a secondary gets no credentials and reads its Region's replica.
 *
 * Unlike the CloudFormation flavor, the password is in the Terraform state (encrypt the state) and
 * is not rotated: Secrets Manager's hosted rotation is a CloudFormation transform, and Terraform
 * would need the rotation function deployed from the Serverless Application Repository.
 */
export function renderGlobalMembership(scope: Construct, plan: DatabasePlan, g: GlobalDatabasePlan, namePrefix: string): TfGlobalMembership {
  const parameters = new AwsResource<ClusterParameterGroupArgs>(scope, 'DatabaseClusterParameters', 'aws_rds_cluster_parameter_group', {
    name_prefix: `${shortName(namePrefix.toLowerCase(), 200).replace(/^[^a-z]+/, '')}-`,
    family: `${plan.engine}${plan.engineVersion.major}`,
    description: 'Global database member: TLS required, write forwarding consistency',
    parameter: Object.entries(g.clusterParameters).map(([name, value]) => ({ name, value, apply_method: 'pending-reboot' })),
  });
  const common = {
    cluster_identifier: g.clusterIdentifier,
    global_cluster_identifier: g.globalClusterIdentifier,
    manage_master_user_password: undefined,
    db_cluster_parameter_group_name: parameters.attr('name'),
    // On every member, the primary's included: it takes effect when a switch demotes it.
    enable_global_write_forwarding: g.writeForwarding ? true : undefined,
    enable_local_write_forwarding: g.localWriteForwarding ? true : undefined,
  };
  // RDS turns a secondary into a primary (and back) in a switch: Terraform must not fight it. The
  // members' version moves with the global database's upgrades (secondaries first, in AWS's
  // order), not with one Region's apply.
  const ignoreChanges = ['global_cluster_identifier', 'replication_source_identifier', 'engine_version'];
  if (!g.primary) {
    const replica = new AwsDataSource<SecretLookupArgs>(scope, 'DatabaseSecretReplica', 'aws_secretsmanager_secret', { name: g.secretName });
    return {
      clusterArgs: common,
      secretArn: replica.attr('arn'),
      ignoreChanges,
    };
  }
  const password = new AwsDataSource<RandomPasswordArgs>(scope, 'DatabasePassword', 'aws_secretsmanager_random_password', {
    password_length: 30, exclude_characters: PASSWORD_EXCLUDED,
  });
  const secret = new AwsResource<SecretArgs>(scope, 'DatabaseSecret', 'aws_secretsmanager_secret', {
    name: g.secretName,
    description: 'Master user of the global database, replicated to every Region of the service',
    replica: (g.secretReplicaRegions ?? []).map((region) => ({ region })),
    // Its fixed name is free again as soon as it is destroyed: a recreate with the same ids succeeds.
    recovery_window_in_days: GLOBAL_SECRET_RECOVERY_WINDOW_DAYS,
  });
  const generated = password.attr('random_password');
  const version = new AwsResource<SecretVersionArgs>(scope, 'DatabaseSecretValue', 'aws_secretsmanager_secret_version', {
    secret_id: secret.attr('id'),
    secret_string: Fn.jsonencode({ username: plan.masterUsername, password: generated }),
  });
  // The data source draws a new password at every plan: the first one is kept.
  version.lifecycle = { ignoreChanges: ['secret_string'] };
  return {
    clusterArgs: { ...common, master_username: plan.masterUsername, master_password: generated, database_name: plan.name },
    secretArn: secret.attr('arn'),
    ignoreChanges: [...ignoreChanges, 'master_password'],
  };
}
