/**
 * Renders the database tier as Terraform resources (Aurora cluster or Multi-AZ DB instance, secret,
 * parameters).
 */
import { Construct } from 'constructs';
import { TfContext, createdAtName, keepCreationTime, retainKey, serviceKey } from '../context';
import { TfNetwork } from './network';
import { DEFAULTS } from '../../core/base/defaults';
import { DatabaseNamesPlan, NamePrefixesPlan } from '../../core/base/naming';
import { accessRule } from '../../core/tiers/access';
import { DatabaseLogSettingsPlan, DatabasePlan, ReaderScalingPlan } from '../../core/tiers/database';
import { TerraformResource } from '../private/cdktf';
import { AwsResource, aws } from '../private/resource';
import { renderGlobalMembership } from '../region/multi-region-database';

export interface TfDatabaseContext extends TfContext {
  /**
   * Security group id of the fleet: the only client allowed in. Undefined behind a proxy, whose
   * tier lets the proxy in itself.
   */
  readonly clientSecurityGroupId?: string;
  /** The service's AZ names (`plan.network.availabilityZones`): the plan places the instances by index into them. */
  readonly availabilityZones: readonly string[];
  /** The plan's database identifiers (`plan.databaseNames`). */
  readonly names: DatabaseNamesPlan;
}

export interface TfDatabase {
  /** The `aws_rds_cluster` (Aurora) or `aws_db_instance` (Multi-AZ DB instance). */
  readonly resource: AwsResource<object>;
  readonly aurora: boolean;
  /** Cluster or instance identifier: the `DBClusterIdentifier` / `DBInstanceIdentifier` metric dimension. */
  readonly identifier: string;
  readonly arn: string;
  /** The writer's host name. */
  readonly endpoint: string;
  /** Aurora's load-balanced reader host name. */
  readonly readerEndpoint?: string;
  readonly port: string;
  readonly securityGroup: AwsResource<object>;
  /** The master user secret RDS manages and rotates. */
  readonly secretArn: string;
  /** Aurora instances, writer first; empty for a Multi-AZ DB instance. */
  readonly instances: Array<AwsResource<object>>;
  /** Cluster or instance resource id, for `rds-db:connect`. */
  readonly resourceIdForIam: string;
}

// Argument interfaces: the arguments this tier writes, named and typed as the provider's schema has them.
export interface DbSubnetGroupArgs { readonly name_prefix: string; readonly description: string; readonly subnet_ids: string[] }
/** What an Aurora cluster and a DB instance share. */
interface RdsCommonArgs {
  readonly engine: string;
  readonly engine_version: string;
  readonly port: number;
  readonly db_subnet_group_name: string;
  readonly vpc_security_group_ids: string[];
  readonly storage_encrypted: true;
  readonly kms_key_id?: string;
  readonly deletion_protection: boolean;
  readonly skip_final_snapshot: false;
  readonly final_snapshot_identifier: string;
  readonly backup_retention_period: number;
  readonly iam_database_authentication_enabled: true;
  /** Not in a global database (its secret is the service's own, see multi-region-database.ts). */
  readonly manage_master_user_password?: true;
  readonly enabled_cloudwatch_logs_exports: string[];
  readonly copy_tags_to_snapshot: true;
  readonly apply_immediately: true;
}
export interface RdsClusterArgs extends RdsCommonArgs {
  readonly cluster_identifier_prefix?: string;
  readonly master_username?: string;
  readonly database_name?: string;
  readonly backtrack_window?: number;
  // A member of a global database (multi-region-database.ts).
  readonly cluster_identifier?: string;
  readonly global_cluster_identifier?: string;
  readonly master_password?: string;
  readonly enable_global_write_forwarding?: boolean;
  readonly db_cluster_parameter_group_name?: string;
}
export interface RdsClusterInstanceArgs {
  readonly identifier_prefix: string;
  readonly cluster_identifier: string;
  readonly engine: string;
  readonly instance_class: string;
  readonly availability_zone: string;
  readonly promotion_tier: number;
  readonly db_subnet_group_name: string;
  readonly publicly_accessible: false;
  readonly auto_minor_version_upgrade: true;
  readonly monitoring_interval: number;
  readonly monitoring_role_arn: string;
  readonly apply_immediately: true;
}
export interface DbInstanceArgs extends RdsCommonArgs {
  readonly identifier_prefix: string;
  readonly parameter_group_name?: string;
  readonly option_group_name?: string;
  readonly username: string;
  readonly db_name: string;
  readonly instance_class: string;
  readonly multi_az: true;
  readonly allocated_storage: number;
  readonly max_allocated_storage: number;
  readonly storage_type: string;
  readonly publicly_accessible: false;
  readonly auto_minor_version_upgrade: true;
  readonly monitoring_interval: number;
  readonly monitoring_role_arn: string;
}
export interface ParameterGroupArgs {
  readonly name_prefix: string;
  readonly family: string;
  readonly description: string;
  readonly parameter: Array<{ readonly name: string; readonly value: string }>;
}
export interface OptionGroupArgs {
  readonly name_prefix: string;
  readonly engine_name: string;
  readonly major_engine_version: string;
  readonly option_group_description: string;
  readonly option: Array<{ readonly option_name: string; readonly option_settings: Array<{ readonly name: string; readonly value: string }> }>;
  /** Kept on destroy: the final snapshot keeps it in use (provider internal/service/rds/option_group.go). */
  readonly skip_destroy: boolean;
}
export interface AppAutoScalingTargetArgs {
  readonly service_namespace: string;
  readonly resource_id: string;
  readonly scalable_dimension: string;
  readonly min_capacity: number;
  readonly max_capacity: number;
}
export interface AppAutoScalingPolicyArgs {
  readonly name: string;
  readonly policy_type: 'TargetTrackingScaling';
  readonly service_namespace: string;
  readonly resource_id: string;
  readonly scalable_dimension: string;
  readonly target_tracking_scaling_policy_configuration: {
    readonly target_value: number;
    readonly predefined_metric_specification: { readonly predefined_metric_type: string };
    readonly scale_in_cooldown: number;
    readonly scale_out_cooldown: number;
  };
}

const db = {
  subnetGroup: (s: Construct, id: string, a: DbSubnetGroupArgs) => new AwsResource(s, id, 'aws_db_subnet_group', a),
  cluster: (s: Construct, id: string, a: RdsClusterArgs) => new AwsResource(s, id, 'aws_rds_cluster', a),
  clusterInstance: (s: Construct, id: string, a: RdsClusterInstanceArgs, dependsOn: TerraformResource[]) =>
    new AwsResource(s, id, 'aws_rds_cluster_instance', a, dependsOn),
  instance: (s: Construct, id: string, a: DbInstanceArgs, dependsOn: TerraformResource[]) => new AwsResource(s, id, 'aws_db_instance', a, dependsOn),
  scalingTarget: (s: Construct, id: string, a: AppAutoScalingTargetArgs, dependsOn: TerraformResource[]) =>
    new AwsResource(s, id, 'aws_appautoscaling_target', a, dependsOn),
  scalingPolicy: (s: Construct, id: string, a: AppAutoScalingPolicyArgs) => new AwsResource(s, id, 'aws_appautoscaling_policy', a),
  clusterParameterGroup: (s: Construct, id: string, a: ParameterGroupArgs) => new AwsResource(s, id, 'aws_rds_cluster_parameter_group', a),
  parameterGroup: (s: Construct, id: string, a: ParameterGroupArgs) => new AwsResource(s, id, 'aws_db_parameter_group', a),
  optionGroup: (s: Construct, id: string, a: OptionGroupArgs) => new AwsResource(s, id, 'aws_db_option_group', a),
};

/**
 * The database of the plan in Terraform, as the CloudFormation flavor renders it: an Aurora
 * cluster (the writer and readers in the AZs the plan gives them, readers in the promotion tier
 * that goes first) or a Multi-AZ DB instance on gp3 storage encrypted with the service's own
 * key. In the isolated subnets, behind a security group that admits only the client's on the
 * database port, encrypted, deletion protected, snapshotted when destroyed or replaced, with IAM
 * authentication, a master password RDS keeps and rotates in Secrets Manager, enhanced
 * monitoring and log exports; plus the Aurora reader auto scaling of the plan. Names are left to
 * Terraform's unique suffixes after the service's prefix, as CloudFormation generates them.
 */
export function renderDatabase(scope: Construct, plan: DatabasePlan, network: TfNetwork, c: TfDatabaseContext): TfDatabase {
  const subnetGroup = db.subnetGroup(scope, 'DatabaseSubnetGroup', {
    name_prefix: c.namePrefixes.databaseSubnetGroup, description: 'Isolated subnets of the service database', subnet_ids: network.subnetIds.isolated,
  });
  const securityGroup = aws.securityGroup(scope, 'DatabaseSecurityGroup', {
    vpc_id: network.vpcId, description: c.access.groupDescriptions.database!, name_prefix: c.namePrefixes.databaseSecurityGroup,
  });
  if (c.clientSecurityGroupId !== undefined) {
    const rule = accessRule(c.access, 'DatabaseIngressFromFleet');
    aws.ingressRule(scope, 'DatabaseIngressFromClient', {
      security_group_id: securityGroup.attr('id'),
      ip_protocol: 'tcp',
      from_port: plan.port,
      to_port: plan.port,
      referenced_security_group_id: c.clientSecurityGroupId,
      description: rule.description,
    });
  }

  // Enhanced monitoring: OS metrics a failing database shows before CloudWatch's hypervisor view does (CT.RDS.PR.2).
  const monitoringRole = aws.iamRole(scope, 'DatabaseMonitoringRole', {
    name_prefix: c.namePrefixes.databaseMonitoringRole,
    description: 'Publishes the service database\'s enhanced-monitoring metrics',
    assume_role_policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  // RDS checks the role's permissions when an instance is created: the policy must be attached by then.
  const monitoringPolicy = aws.iamRolePolicyAttachment(scope, 'DatabaseMonitoringRolePolicy', {
    role: monitoringRole.attr('name'),
    policy_arn: `arn:${c.partition}:iam::aws:policy/service-role/${DEFAULTS.database.monitoringManagedPolicy}`,
  });
  const monitoring = { monitoring_interval: plan.monitoringIntervalSeconds, monitoring_role_arn: monitoringRole.attr('arn') };

  // What CloudFormation's flavor sets on both topologies; apply_immediately as CloudFormation applies
  // a change (not in the next maintenance window).
  const common: RdsCommonArgs = {
    engine: plan.engine,
    engine_version: plan.engineVersion.requested,
    port: plan.port,
    db_subnet_group_name: subnetGroup.attr('name'),
    vpc_security_group_ids: [securityGroup.attr('id')],
    storage_encrypted: true,
    deletion_protection: plan.deletionProtection,
    // CloudFormation's Snapshot policy: a final snapshot whenever Terraform destroys it, replacement included.
    skip_final_snapshot: false,
    final_snapshot_identifier: createdAtName(c.names.finalSnapshotIdentifierPrefix),
    backup_retention_period: plan.backupRetentionDays,
    iam_database_authentication_enabled: true,
    manage_master_user_password: true,
    enabled_cloudwatch_logs_exports: plan.logExports,
    copy_tags_to_snapshot: true,
    apply_immediately: true,
  };
  const instanceClass = `db.${plan.instanceClass}`;

  if (plan.aurora) {
    // Aurora encrypts with the account's RDS key, as the CloudFormation flavor's cluster does (plan.ownStorageKey is false).
    const global = plan.global && renderGlobalMembership(scope, plan, plan.global, c.namePrefix);
    const cluster = db.cluster(scope, 'DatabaseCluster', {
      ...common,
      ...(global?.clusterArgs ?? {
        cluster_identifier_prefix: c.names.identifierPrefix,
        db_cluster_parameter_group_name: plan.logSettings && logParameters(scope, plan.logSettings, c.namePrefixes).attr('name'),
        master_username: plan.masterUsername,
        database_name: plan.name,
      }),
      backtrack_window: plan.backtrackWindowHours !== undefined ? plan.backtrackWindowHours * 3600 : undefined,
    });
    if (global) cluster.lifecycle = { ignoreChanges: global.ignoreChanges };
    keepCreationTime(cluster);
    const instance = (
      id: string, identifierPrefix: string, promotionTier: number, azIndex: number, dependsOn: TerraformResource[],
    ) => db.clusterInstance(scope, id, {
      identifier_prefix: identifierPrefix,
      cluster_identifier: cluster.attr('id'),
      engine: plan.engine,
      instance_class: instanceClass,
      availability_zone: c.availabilityZones[azIndex],
      promotion_tier: promotionTier,
      db_subnet_group_name: subnetGroup.attr('name'),
      publicly_accessible: false,
      auto_minor_version_upgrade: true,
      ...monitoring,
      apply_immediately: true,
    }, dependsOn);
    const writer = instance('DatabaseWriter', c.names.writerIdentifierPrefix, plan.promotionTiers.writer, plan.writerAz, [monitoringPolicy]);
    // The first instance Aurora finishes becomes the writer: the readers wait for it.
    const readers = plan.readerAzs.map((azIndex, i) =>
      instance(`DatabaseReader${i + 1}`, c.names.readerIdentifierPrefixes[i], plan.promotionTiers.reader, azIndex, [monitoringPolicy, writer]));
    const instances = [writer, ...readers];
    if (plan.readerScaling) scaleReaders(scope, cluster.attr('cluster_identifier'), plan.readerScaling, instances);
    return {
      resource: cluster,
      aurora: true,
      identifier: cluster.attr('cluster_identifier'),
      arn: cluster.attr('arn'),
      endpoint: cluster.attr('endpoint'),
      readerEndpoint: cluster.attr('reader_endpoint'),
      port: cluster.attr('port'),
      securityGroup,
      secretArn: global?.secretArn ?? cluster.attr('master_user_secret[0].secret_arn'),
      instances,
      resourceIdForIam: cluster.attr('cluster_resource_id'),
    };
  }

  // A key of the service's own (CT.RDS.PR.30), with the CloudFormation flavor's policy: RDS creates its grants itself.
  const key = plan.ownStorageKey ? serviceKey(scope, 'DatabaseStorageKey', 'Encrypts the service database storage', c) : undefined;
  // The final snapshot is encrypted with this key: like CloudFormation's retained key, it must
  // outlive the database. To destroy the service, `terraform state rm` the key (it stays, with the snapshots).
  if (key) retainKey(key);
  const instance = db.instance(scope, 'DatabaseInstance', {
    ...common,
    kms_key_id: key?.attr('arn'),
    identifier_prefix: c.names.identifierPrefix,
    parameter_group_name: plan.logSettings && logParameters(scope, plan.logSettings, c.namePrefixes).attr('name'),
    option_group_name: plan.logSettings?.auditOption && db.optionGroup(scope, 'DatabaseOptionGroup', {
      name_prefix: c.namePrefixes.databaseOptionGroup,
      engine_name: plan.logSettings.auditOption.engineName,
      major_engine_version: plan.logSettings.auditOption.majorEngineVersion,
      option_group_description: plan.logSettings.description,
      option: [{
        option_name: plan.logSettings.auditOption.name,
        option_settings: Object.entries(plan.logSettings.auditOption.settings).map(([name, value]) => ({ name, value })),
      }],
      skip_destroy: plan.logSettings.auditOption.keptWithFinalSnapshot,
    }).attr('name'),
    username: plan.masterUsername,
    db_name: plan.name,
    instance_class: instanceClass,
    multi_az: true,
    allocated_storage: plan.allocatedStorageGiB,
    max_allocated_storage: plan.maxAllocatedStorageGiB,
    storage_type: plan.storageType,
    publicly_accessible: false,
    auto_minor_version_upgrade: true,
    ...monitoring,
  }, [monitoringPolicy]);
  keepCreationTime(instance);
  return {
    resource: instance,
    aurora: false,
    identifier: instance.attr('identifier'),
    arn: instance.attr('arn'),
    endpoint: instance.attr('address'),
    port: instance.attr('port'),
    securityGroup,
    secretArn: instance.attr('master_user_secret[0].secret_arn'),
    instances: [],
    resourceIdForIam: instance.attr('resource_id'),
  };
}

/** The parameter group (the cluster's for Aurora) that makes a MySQL engine write the logs it exports. */
function logParameters(scope: Construct, plan: DatabaseLogSettingsPlan, names: NamePrefixesPlan): AwsResource<object> {
  const args: ParameterGroupArgs = {
    name_prefix: names.databaseParameterGroup,
    family: plan.family,
    description: plan.description,
    parameter: Object.entries(plan.parameters).map(([name, value]) => ({ name, value })),
  };
  return plan.clusterParameters ? db.clusterParameterGroup(scope, 'DatabaseParameterGroup', args) : db.parameterGroup(scope, 'DatabaseParameterGroup', args);
}

/**
 * Application Auto Scaling of the cluster's reader count on their average CPU, as the
 * CloudFormation flavor's. No role: Application Auto Scaling uses its service-linked role for
 * RDS. Registered once the planned instances exist, so it never counts readers still being
 * created as missing and adds one of its own.
 */
function scaleReaders(scope: Construct, clusterIdentifier: string, plan: ReaderScalingPlan, instances: TerraformResource[]): void {
  const target = db.scalingTarget(scope, 'DatabaseReaderScaling', {
    service_namespace: 'rds',
    resource_id: `cluster:${clusterIdentifier}`,
    scalable_dimension: 'rds:cluster:ReadReplicaCount',
    min_capacity: plan.minReaders,
    max_capacity: plan.maxReaders,
  }, instances);
  db.scalingPolicy(scope, 'DatabaseReaderCpuScaling', {
    name: DEFAULTS.database.readerScaling.policyName,
    policy_type: 'TargetTrackingScaling',
    service_namespace: target.attr('service_namespace'),
    resource_id: target.attr('resource_id'),
    scalable_dimension: target.attr('scalable_dimension'),
    target_tracking_scaling_policy_configuration: {
      target_value: plan.targetCpuPercent,
      predefined_metric_specification: { predefined_metric_type: 'RDSReaderAverageCPUUtilization' },
      scale_in_cooldown: plan.scaleInCooldownSeconds,
      scale_out_cooldown: plan.scaleOutCooldownSeconds,
    },
  });
}
