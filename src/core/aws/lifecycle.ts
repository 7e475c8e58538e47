/**
 * The lifecycle facts of every resource type the service renders, in both flavors: what blocks its
 * deletion when a failed first create is rolled back or the service is torn down, which of its names
 * AWS keeps taken after a delete (so that a recreate with the same ids would fail), and, for what
 * holds data, which property changes replace it. Each entry names its source; the tests run every
 * resource of both matrices through {@link lifecycleFindings}.
 */

/** The two engines. */
export type Flavor = 'cloudFormation' | 'terraform';

/** A resource as rendered, in either flavor. */
export interface RenderedResource {
  /** The logical id (CloudFormation) or the address (Terraform). */
  readonly id: string;
  readonly type: string;
  /** CloudFormation: the resource's Properties. Terraform: its arguments, with its `lifecycle` block. */
  readonly properties: Record<string, unknown>;
  /** CloudFormation's DeletionPolicy (Delete when absent). */
  readonly deletionPolicy?: string;
  /** CloudFormation's DependsOn (the references in its properties are read from them). */
  readonly dependsOn?: readonly string[];
}

/** A setting or a state that makes a delete fail. */
export interface DeletionBlocker {
  readonly what: string;
  /**
   * Where it is set and the values that block (`[]` steps into a list, `[Key=value]` into the list
   * elements whose Key is value). No path: it blocks whatever the properties say.
   */
  readonly path?: string;
  readonly blocking?: ReadonlyArray<string | boolean>;
  /** A resource that is kept (Retain, skip_destroy) is never deleted, so this does not block it. */
  readonly unlessKept?: boolean;
  /** It does not block when this argument has this value (e.g. `force_destroy` true). */
  readonly unless?: { readonly path: string; readonly value: unknown };
  /**
   * A release on rollback (a {@link RELEASE_RESOURCE_TYPE} custom resource) takes it away when a
   * failed first create rolls back (CloudFormation); {@link rollbackWalk} checks that one is there
   * in time, whatever fails. Without it, the protection stops the rollback.
   */
  readonly releasedOnRollback?: boolean;
  /**
   * The Control Tower control that requires it in the template from the create: then the release,
   * which exists only once the resource does, cannot cover a failure of the resource's own create.
   */
  readonly requiredAtCreateBy?: string;
  /** The documented way past it in a teardown; none: it must not be there. */
  readonly destroyStep?: string;
  readonly source: string;
}

/** A name that stays taken after the resource is deleted, or because the resource is kept. */
export interface LastingName {
  /** Where the name is; a name the engine generates (no value, or a name prefix) is new each time. */
  readonly path: string;
  /** How long it stays taken. */
  readonly keptFor: string;
  /** It stays only when the resource is kept (Retain, skip_destroy, prevent_destroy). */
  readonly onlyWhenKept: boolean;
  /** It does not stay when this argument has this value (e.g. `recovery_window_in_days` 0). */
  readonly unless?: { readonly path: string; readonly value: unknown };
  readonly source: string;
}

/** One resource type's lifecycle. */
export interface LifecycleEntry {
  readonly what: string;
  /** Replacing or deleting it loses data (a database, a cache, logs, a key that decrypts kept data, credentials). */
  readonly holdsData: boolean;
  readonly blockers?: readonly DeletionBlocker[];
  readonly lastingNames?: readonly LastingName[];
  /** For data holders: the properties whose change replaces it. */
  readonly replacedBy?: readonly string[];
  readonly source: string;
}

/** A lifecycle problem of one rendered resource. */
export interface LifecycleFinding {
  /** What fails: the rollback of a failed first create, a teardown, a recreate with the same ids; or an unknown type. */
  readonly check: 'rollback' | 'destroy' | 'recreate' | 'unknown';
  readonly resource: string;
  readonly message: string;
}

/** The custom resource type of a release on rollback (src/core/tiers/rollback-release.ts renders it). */
export const RELEASE_RESOURCE_TYPE = 'Custom::DeletionProtectionRelease';
const TEARDOWN = 'README "Tearing down"';
const CFN_SCHEMA = 'CloudFormation resource schema createOnlyProperties (as cfn-lint 1.51 bundles it)';
const DELETED_WITH_STACK = 'deleted with the stack or configuration, nothing depends on it but what is deleted first; its name, if fixed, is free once it is gone';

/** An entry for what holds no data, blocks nothing and leaves no name behind. */
function plain(what: string, source: string = DELETED_WITH_STACK): LifecycleEntry {
  return { what, holdsData: false, source };
}

const LOG_GROUP_PROTECTION = (path: string): DeletionBlocker => ({
  what: 'deletion protection',
  path,
  blocking: [true, 'true'],
  unlessKept: true,
  source: 'CloudWatch Logs API reference, DeleteLogGroup (a log group with deletion protection is not deleted); '
    + 'AWS::Logs::LogGroup DeletionProtectionEnabled, provider internal/service/logs/group.go deletion_protection_enabled',
});

const KEPT_LOG_NAME = (path: string): LastingName => ({
  path,
  keptFor: 'as long as the kept log group exists',
  onlyWhenKept: true,
  source: 'CloudWatch Logs API reference, CreateLogGroup (ResourceAlreadyExistsException)',
});

/**
 * The outside-in canary: its fixed name is free once it is deleted (DeleteCanary keeps nothing
 * reserved); its Lambda function and layers go with it when asked (`how`); the log group its
 * function wrote, `/aws/lambda/cwsyn-<name>-<id>`, stays (README "Tearing down"), and a new canary's
 * function has a new id, so a recreate does not meet it.
 */
const CANARY_WHAT = (how: string) => `the outside-in canary (fixed name, free once deleted; its Lambda function and layers go with it, ${how}; its function's log group stays)`;
const CANARY_SOURCE = 'Synthetics API reference, DeleteCanary ("other resources ... are not automatically deleted": alarms, buckets, roles, log groups) and CreateCanary (ProvisionedResourceCleanup)';

/** Every CloudFormation type the service renders. */
export const CLOUDFORMATION_LIFECYCLE: Readonly<Record<string, LifecycleEntry>> = {
  'AWS::RDS::DBCluster': {
    what: 'the Aurora cluster',
    holdsData: true,
    blockers: [{
      what: 'deletion protection',
      path: 'DeletionProtection',
      blocking: [true, 'true'],
      releasedOnRollback: true,
      requiredAtCreateBy: 'CT.RDS.PR.3',
      destroyStep: TEARDOWN,
      source: 'aws-cloudformation-resource-providers-rds aws-rds-dbcluster DeleteHandler ("Cannot delete protected Cluster"); '
        + 'required at create by Control Tower CT.RDS.PR.3 (a CloudFormation hook)',
    }],
    replacedBy: ['AvailabilityZones', 'ClusterScalabilityType', 'DBClusterIdentifier', 'DBSubnetGroupName', 'DBSystemId', 'DatabaseName',
      'EngineMode', 'KmsKeyId', 'PubliclyAccessible', 'RestoreToTime', 'RestoreType', 'SnapshotIdentifier', 'SourceDBClusterIdentifier',
      'SourceDbClusterResourceId', 'SourceRegion', 'StorageEncrypted', 'UseLatestRestorableTime'],
    source: `${CFN_SCHEMA}; DeletionPolicy Snapshot names its snapshot from the stack id, logical id and request token (resource-providers-rds DeleteHandler)`,
  },
  'AWS::RDS::DBInstance': {
    what: 'a Multi-AZ DB instance, or an Aurora cluster member',
    holdsData: true,
    blockers: [{
      what: 'deletion protection',
      path: 'DeletionProtection',
      blocking: [true, 'true'],
      releasedOnRollback: true,
      requiredAtCreateBy: 'CT.RDS.PR.13',
      destroyStep: TEARDOWN,
      source: 'RDS API reference, DeleteDBInstance (InvalidParameterCombination on a protected instance); resource-providers-rds aws-rds-dbinstance DeleteHandler; '
        + 'required at create by Control Tower CT.RDS.PR.13',
    }],
    replacedBy: ['BackupTarget', 'CharacterSetName', 'CustomIAMInstanceProfile', 'DBClusterIdentifier', 'DBInstanceIdentifier', 'DBName', 'DBSubnetGroupName',
      'DBSystemId', 'KmsKeyId', 'MasterUsername', 'NcharCharacterSetName', 'SourceRegion', 'StorageEncrypted', 'Timezone'],
    source: CFN_SCHEMA,
  },
  'AWS::RDS::OptionGroup': {
    what: 'the MySQL audit option group',
    holdsData: false,
    blockers: [{
      what: 'in use by the instance\'s final snapshot (DeletionPolicy Snapshot)',
      unlessKept: true,
      source: 'resource-providers-rds aws-rds-optiongroup (InvalidOptionGroupStateFault -> ResourceConflict); terraform-provider-aws #4595, #22598',
    }],
    lastingNames: [{ path: 'OptionGroupName', keptFor: 'as long as the kept group exists', onlyWhenKept: true, source: 'RDS API reference, CreateOptionGroup (OptionGroupAlreadyExistsFault)' }],
    source: 'RDS User Guide, working with option groups: a snapshot keeps its option group',
  },
  'AWS::ElastiCache::ReplicationGroup': {
    what: 'the cache',
    holdsData: true,
    replacedBy: ['AtRestEncryptionEnabled', 'CacheSubnetGroupName', 'DataTieringEnabled', 'GlobalReplicationGroupId', 'KmsKeyId', 'NetworkType', 'Port',
      'PreferredCacheClusterAZs', 'ReplicasPerNodeGroup', 'ReplicationGroupId', 'SnapshotArns', 'SnapshotName'],
    source: `${CFN_SCHEMA}; DeletionPolicy Snapshot takes a final snapshot that CloudFormation names`,
  },
  'AWS::Logs::LogGroup': {
    what: 'a log group (flow logs, WAF logs, experiment logs, a function\'s logs)',
    holdsData: true,
    // The service keeps its log groups (Retain) and never turns their deletion protection on.
    blockers: [LOG_GROUP_PROTECTION('DeletionProtectionEnabled')],
    lastingNames: [KEPT_LOG_NAME('LogGroupName')],
    replacedBy: ['LogGroupName'],
    source: CFN_SCHEMA,
  },
  'AWS::KMS::Key': {
    what: 'a key of the service (kept when it encrypts kept data)',
    holdsData: true,
    replacedBy: [],
    source: `${CFN_SCHEMA} (none); a key has no name, and the service gives it no alias`,
  },
  'AWS::S3::Bucket': {
    what: 'a bucket of logs (the access logs; the canary\'s run artifacts), kept',
    holdsData: true,
    blockers: [{
      what: 'not empty: S3 deletes only an empty bucket',
      unlessKept: true,
      source: 'S3 API reference, DeleteBucket (BucketNotEmpty)',
    }],
    lastingNames: [{
      path: 'BucketName',
      keptFor: 'as long as the kept bucket exists (bucket names are global)',
      onlyWhenKept: true,
      source: 'S3 User Guide, bucket naming rules (unique across all accounts)',
    }],
    replacedBy: ['BucketName', 'BucketNamePrefix', 'BucketNamespace'],
    source: CFN_SCHEMA,
  },
  'AWS::SecretsManager::Secret': {
    what: 'a secret',
    holdsData: true,
    // CloudFormation deletes a secret without a recovery window: its name is free at once.
    lastingNames: [{
      path: 'Name',
      keptFor: 'as long as the kept secret exists',
      onlyWhenKept: true,
      source: 'DeletionPolicy attribute docs and cloudformation-coverage-roadmap #1999 (CloudFormation force-deletes a secret without recovery)',
    }],
    replacedBy: ['Name'],
    source: CFN_SCHEMA,
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    what: 'the load balancer',
    holdsData: false,
    blockers: [{
      what: 'deletion protection',
      path: 'LoadBalancerAttributes[Key=deletion_protection.enabled].Value',
      blocking: [true, 'true'],
      releasedOnRollback: true,
      requiredAtCreateBy: 'CT.ELASTICLOADBALANCING.PR.5',
      destroyStep: TEARDOWN,
      source: 'ELB API reference, DeleteLoadBalancer (OperationNotPermitted while deletion_protection.enabled); '
        + 'required at create by Control Tower CT.ELASTICLOADBALANCING.PR.5',
    }],
    source: 'Elastic Load Balancing API reference',
  },
  'AWS::AutoScaling::AutoScalingGroup': {
    what: 'the Auto Scaling group',
    holdsData: false,
    blockers: [{
      what: 'deletion protection prevent-all-deletion (prevent-force-deletion would let CloudFormation\'s delete through: it empties the group and deletes it without ForceDelete)',
      path: 'DeletionProtection',
      blocking: ['prevent-all-deletion'],
      // No control requires it at create (no rule of the bundled Control Tower guard files reads a group's DeletionProtection):
      // the service leaves it out of the template and the group's release sets it once the group exists.
      releasedOnRollback: true,
      destroyStep: TEARDOWN,
      source: 'Auto Scaling User Guide, "Configure deletion protection"; aws/aws-cdk#18179 (CloudFormation does not force-delete a group)',
    }],
    source: 'Auto Scaling API reference, DeleteAutoScalingGroup',
  },
  [RELEASE_RESOURCE_TYPE]: plain('a release on rollback: deleted before its resource (it depends on it); its delete turns the resource\'s protection off '
    + 'only while the stack is ROLLBACK_IN_PROGRESS, and always answers SUCCESS (src/core/tiers/rollback-release.ts)'),
  'AWS::RDS::GlobalCluster': {
    what: 'the Aurora global database (its data is in its member clusters, deleted before it: they depend on it)',
    holdsData: false,
    blockers: [{
      what: 'deletion protection',
      path: 'DeletionProtection',
      blocking: [true, 'true'],
      // No control requires it at create (no rule of the bundled Control Tower guard files names AWS::RDS::GlobalCluster):
      // the service leaves it out of the template and the global cluster's release sets it once the cluster exists.
      releasedOnRollback: true,
      destroyStep: TEARDOWN,
      source: 'RDS API reference, DeleteGlobalCluster and ModifyGlobalCluster DeletionProtection ("The global database cluster can\'t be deleted when deletion protection is enabled")',
    }],
    source: 'RDS API reference, DeleteGlobalCluster (a global cluster with members cannot be deleted: its members go first); its identifier is free once deleted',
  },
  'AWS::SecretsManager::SecretTargetAttachment': plain('the secret\'s attachment to the cluster'),
  'AWS::SecretsManager::RotationSchedule': plain('the secret\'s rotation (its hosted rotation function is a nested application, deleted with it)'),
  'AWS::SecretsManager::ResourcePolicy': plain('the secret\'s resource policy (it denies DeleteSecret; it refers to the secret, so it is deleted first)'),
  'AWS::Route53::HealthCheck': plain('a Route 53 health check'),
  'AWS::ARCRegionSwitch::Plan': plain('the Region switch plan'),
  'Custom::AWS': plain('a read made at deploy (aws-cdk-lib AwsCustomResource): its delete calls nothing'),
  'AWS::RDS::DBProxy': plain('RDS Proxy'),
  'AWS::RDS::DBProxyEndpoint': plain('the proxy\'s read-only endpoint'),
  'AWS::RDS::DBProxyTargetGroup': plain('the proxy\'s target group'),
  'AWS::RDS::DBSubnetGroup': plain('the DB subnet group (deleted after the database)'),
  'AWS::RDS::DBParameterGroup': plain('a DB parameter group (deleted after the database; a snapshot does not keep it)'),
  'AWS::RDS::DBClusterParameterGroup': plain('a DB cluster parameter group'),
  'AWS::ElastiCache::SubnetGroup': plain('the cache subnet group'),
  'AWS::ElastiCache::User': plain('a cache user'),
  'AWS::ElastiCache::UserGroup': plain('the cache user group'),
  'AWS::ApplicationAutoScaling::ScalableTarget': plain('the Aurora readers\' scalable target (its readers are deleted with the cluster\'s members)'),
  'AWS::ApplicationAutoScaling::ScalingPolicy': plain('the Aurora readers\' scaling policy'),
  'AWS::AutoScaling::ScalingPolicy': plain('a scaling policy'),
  'AWS::AutoScaling::ScheduledAction': plain('a scheduled action'),
  'AWS::AutoScaling::WarmPool': plain('the warm pool (deleted with its stopped instances)'),
  'AWS::ARCZonalShift::ZonalAutoshiftConfiguration': plain('the zonal autoshift configuration'),
  'AWS::CertificateManager::Certificate': plain('the certificate (deleted after the listener that uses it)'),
  'AWS::ApplicationSignals::ServiceLevelObjective': plain('a service level objective (fixed name; DeleteServiceLevelObjective keeps no recovery window, so the name is free once deleted; a new name replaces it)'),
  'AWS::CloudWatch::Alarm': plain('an alarm (fixed name, free once deleted)'),
  'AWS::CloudWatch::CompositeAlarm': plain('the service-health alarm (fixed name, free once deleted)'),
  'AWS::CloudWatch::Dashboard': plain('the dashboard (fixed name, free once deleted)'),
  'AWS::EC2::EIP': plain('a NAT gateway\'s address'),
  'AWS::EC2::FlowLog': plain('the VPC flow log'),
  'AWS::EC2::InternetGateway': plain('the internet gateway'),
  'AWS::EC2::LaunchTemplate': plain('the launch template'),
  'AWS::EC2::NatGateway': plain('a NAT gateway'),
  'AWS::EC2::Route': plain('a route'),
  'AWS::EC2::RouteTable': plain('a route table'),
  'AWS::EC2::SecurityGroup': plain('a security group (deleted after what uses it)'),
  'AWS::EC2::SecurityGroupEgress': plain('a security group rule'),
  'AWS::EC2::SecurityGroupIngress': plain('a security group rule'),
  'AWS::EC2::Subnet': plain('a subnet'),
  'AWS::EC2::SubnetRouteTableAssociation': plain('a route table association'),
  'AWS::EC2::VPC': plain('the VPC'),
  'AWS::EC2::VPCGatewayAttachment': plain('the internet gateway attachment'),
  'AWS::ElasticLoadBalancingV2::Listener': plain('a listener'),
  'AWS::ElasticLoadBalancingV2::TargetGroup': plain('the target group'),
  'AWS::FIS::ExperimentTemplate': plain('a fault-injection experiment template'),
  'AWS::SSM::Document': plain('the gray-failure experiment\'s Command document (fixed name, free once deleted; a change of content is a new version)',
    'Systems Manager API reference, DeleteDocument and UpdateDocument; AWS::SSM::Document UpdateMethod NewVersion'),
  'AWS::Lambda::Function': plain('a function of the service: the outlier shift function (fixed name, free once deleted), the release on rollback\'s, '
    + 'the Region activation function; their log groups are kept'),
  'AWS::Lambda::Permission': plain('EventBridge\'s permission to invoke the outlier shift function'),
  'AWS::Events::Rule': plain('the rule that starts the outlier shift function (fixed name, free once deleted)'),
  'AWS::IAM::InstanceProfile': plain('the instance profile'),
  'AWS::IAM::Policy': plain('a role\'s policy'),
  'AWS::IAM::Role': plain('a role (IAM frees a deleted role\'s name at once)'),
  'AWS::Route53::RecordSet': plain('a DNS record'),
  'AWS::S3::BucketPolicy': plain('the bucket\'s policy'),
  'AWS::SNS::Subscription': plain('an alarm e-mail subscription'),
  'AWS::SNS::Topic': plain('the alarm topic'),
  'AWS::SNS::TopicPolicy': plain('the topic\'s policy'),
  'AWS::WAFv2::LoggingConfiguration': plain('the web ACL\'s logging configuration'),
  'AWS::WAFv2::WebACL': plain('the web ACL (fixed name, free once deleted)'),
  'AWS::WAFv2::WebACLAssociation': plain('the web ACL\'s association'),
  'AWS::Synthetics::Canary': plain(CANARY_WHAT('ProvisionedResourceCleanup AUTOMATIC'), CANARY_SOURCE),
};

const TF_FORCE_NEW = 'terraform-provider-aws';

/** Every Terraform type the service renders. */
export const TERRAFORM_LIFECYCLE: Readonly<Record<string, LifecycleEntry>> = {
  aws_rds_cluster: {
    what: 'the Aurora cluster',
    holdsData: true,
    blockers: [{
      what: 'deletion protection',
      path: 'deletion_protection',
      blocking: [true],
      destroyStep: TEARDOWN,
      source: 'RDS API reference, DeleteDBCluster (InvalidParameterCombination on a protected cluster)',
    }],
    lastingNames: [{
      path: 'final_snapshot_identifier',
      keptFor: 'until the final snapshot is deleted',
      onlyWhenKept: false,
      unless: { path: 'skip_final_snapshot', value: true },
      source: 'RDS API reference, DeleteDBCluster (DBClusterSnapshotAlreadyExistsFault)',
    }],
    replacedBy: ['availability_zones', 'cluster_identifier', 'cluster_identifier_prefix', 'cluster_scalability_type', 'database_name', 'db_subnet_group_name',
      'db_system_id', 'engine', 'engine_mode', 'kms_key_id', 'master_username', 'restore_to_point_in_time', 'snapshot_identifier', 'source_region', 'storage_encrypted'],
    source: `${TF_FORCE_NEW} internal/service/rds/cluster.go (ForceNew)`,
  },
  aws_db_instance: {
    what: 'the Multi-AZ DB instance',
    holdsData: true,
    blockers: [{
      what: 'deletion protection',
      path: 'deletion_protection',
      blocking: [true],
      destroyStep: TEARDOWN,
      source: 'RDS API reference, DeleteDBInstance (InvalidParameterCombination on a protected instance)',
    }],
    lastingNames: [{
      path: 'final_snapshot_identifier',
      keptFor: 'until the final snapshot is deleted',
      onlyWhenKept: false,
      unless: { path: 'skip_final_snapshot', value: true },
      source: 'RDS API reference, DeleteDBInstance (DBSnapshotAlreadyExists)',
    }],
    replacedBy: ['availability_zone', 'character_set_name', 'custom_iam_instance_profile', 'db_name', 'engine', 'identifier', 'identifier_prefix', 'kms_key_id',
      'nchar_character_set_name', 'restore_to_point_in_time', 'snapshot_identifier', 'storage_encrypted', 'timezone', 'username'],
    source: `${TF_FORCE_NEW} internal/service/rds/instance.go (ForceNew)`,
  },
  aws_rds_cluster_instance: plain('an Aurora cluster member', 'deleted with the cluster; the cluster holds the data'),
  aws_db_option_group: {
    what: 'the MySQL audit option group',
    holdsData: false,
    blockers: [{
      what: 'in use by the instance\'s final snapshot',
      unlessKept: true,
      source: `${TF_FORCE_NEW} internal/service/rds/option_group.go (Delete retries InvalidOptionGroupStateFault until its timeout; skip_destroy keeps it); #4595, #22598`,
    }],
    lastingNames: [{ path: 'name', keptFor: 'as long as the kept group exists', onlyWhenKept: true, source: 'RDS API reference, CreateOptionGroup (OptionGroupAlreadyExistsFault)' }],
    source: `${TF_FORCE_NEW} internal/service/rds/option_group.go`,
  },
  aws_elasticache_replication_group: {
    what: 'the cache',
    holdsData: true,
    lastingNames: [{
      path: 'final_snapshot_identifier',
      keptFor: 'until the final snapshot is deleted',
      onlyWhenKept: false,
      source: 'ElastiCache API reference, DeleteReplicationGroup (FinalSnapshotIdentifier; SnapshotAlreadyExistsFault)',
    }],
    replacedBy: ['replication_group_id', 'at_rest_encryption_enabled', 'kms_key_id', 'port', 'subnet_group_name', 'preferred_cache_cluster_azs', 'snapshot_arns',
      'snapshot_name', 'data_tiering_enabled', 'network_type'],
    source: `${TF_FORCE_NEW} internal/service/elasticache/replication_group.go (ForceNew)`,
  },
  aws_cloudwatch_log_group: {
    what: 'a log group',
    holdsData: true,
    blockers: [LOG_GROUP_PROTECTION('deletion_protection_enabled')],
    lastingNames: [KEPT_LOG_NAME('name')],
    replacedBy: ['name', 'name_prefix'],
    source: `${TF_FORCE_NEW} internal/service/logs/group.go (ForceNew; skip_destroy keeps it)`,
  },
  aws_kms_key: {
    what: 'a key of the service',
    holdsData: true,
    blockers: [{
      what: 'prevent_destroy (it encrypts data the destroy keeps)',
      path: 'lifecycle.prevent_destroy',
      blocking: [true],
      destroyStep: TEARDOWN,
      source: 'Terraform language, lifecycle prevent_destroy; the provider has no skip_destroy for keys',
    }],
    replacedBy: ['customer_master_key_spec', 'key_usage', 'multi_region', 'custom_key_store_id', 'xks_key_id'],
    source: `${TF_FORCE_NEW} internal/service/kms/key.go (ForceNew)`,
  },
  aws_s3_bucket: {
    what: 'a bucket of logs (the access logs; the canary\'s run artifacts)',
    holdsData: true,
    blockers: [{
      what: 'not empty: without force_destroy the provider does not delete the logs first',
      unless: { path: 'force_destroy', value: true },
      destroyStep: TEARDOWN,
      source: 'S3 API reference, DeleteBucket (BucketNotEmpty); provider internal/service/s3/bucket.go (force_destroy)',
    }],
    lastingNames: [{ path: 'bucket', keptFor: 'until another account takes it (bucket names are global)', onlyWhenKept: false, source: 'S3 User Guide, bucket naming rules' }],
    replacedBy: ['bucket', 'bucket_prefix', 'object_lock_enabled'],
    source: `${TF_FORCE_NEW} internal/service/s3/bucket.go (ForceNew)`,
  },
  aws_secretsmanager_secret: {
    what: 'the global database\'s master secret',
    holdsData: true,
    lastingNames: [{
      path: 'name',
      keptFor: 'its recovery window (recovery_window_in_days, 30 by default, 7 to 30)',
      onlyWhenKept: false,
      unless: { path: 'recovery_window_in_days', value: 0 },
      source: `${TF_FORCE_NEW} internal/service/secretsmanager/secret.go (0 sends ForceDeleteWithoutRecovery); Secrets Manager API reference, DeleteSecret`,
    }],
    replacedBy: ['name', 'name_prefix'],
    source: `${TF_FORCE_NEW} internal/service/secretsmanager/secret.go (ForceNew)`,
  },
  aws_lb: {
    what: 'the load balancer',
    holdsData: false,
    blockers: [{
      what: 'deletion protection',
      path: 'enable_deletion_protection',
      blocking: [true],
      destroyStep: TEARDOWN,
      source: 'ELB API reference, DeleteLoadBalancer (OperationNotPermitted while deletion protection is on)',
    }],
    source: 'Elastic Load Balancing API reference',
  },
  aws_autoscaling_group: plain('the Auto Scaling group (hashicorp/aws 6.25 has no deletion protection for it; the provider drains it, then deletes it)',
    `${TF_FORCE_NEW} internal/service/autoscaling/group.go (force_delete, default false)`),
  aws_appautoscaling_target: {
    what: 'the Aurora readers\' scalable target',
    holdsData: false,
    blockers: [{
      what: 'the readers Application Auto Scaling added are not in the state and keep the cluster from being deleted',
      destroyStep: TEARDOWN,
      source: 'Aurora User Guide, Aurora Auto Scaling (replicas it adds are named application-autoscaling-*); RDS API reference, DeleteDBCluster',
    }],
    source: 'Application Auto Scaling API reference',
  },
  aws_appautoscaling_policy: plain('the Aurora readers\' scaling policy'),
  aws_acm_certificate: plain('the certificate'),
  aws_acm_certificate_validation: plain('the certificate\'s validation (no AWS resource)'),
  aws_autoscaling_lifecycle_hook: plain('the launch hook'),
  aws_autoscaling_notification: plain('the group\'s notifications'),
  aws_autoscaling_policy: plain('a scaling policy'),
  aws_autoscaling_schedule: plain('a scheduled action'),
  aws_cloudwatch_composite_alarm: plain('the service-health alarm (fixed name, free once deleted)'),
  aws_cloudwatch_dashboard: plain('the dashboard (fixed name, free once deleted)'),
  aws_cloudwatch_metric_alarm: plain('an alarm (fixed name, free once deleted)'),
  aws_db_parameter_group: plain('a DB parameter group'),
  aws_rds_cluster_parameter_group: plain('a DB cluster parameter group'),
  aws_db_proxy: plain('RDS Proxy'),
  aws_db_proxy_default_target_group: plain('the proxy\'s target group'),
  aws_db_proxy_endpoint: plain('the proxy\'s read-only endpoint'),
  aws_db_proxy_target: plain('the proxy\'s target'),
  aws_db_subnet_group: plain('the DB subnet group'),
  aws_eip: plain('a NAT gateway\'s address'),
  aws_elasticache_subnet_group: plain('the cache subnet group'),
  aws_elasticache_user: plain('a cache user'),
  aws_elasticache_user_group: plain('the cache user group'),
  aws_fis_experiment_template: plain('a fault-injection experiment template'),
  aws_flow_log: plain('the VPC flow log'),
  aws_iam_instance_profile: plain('the instance profile'),
  aws_iam_role: plain('a role'),
  aws_iam_role_policy: plain('a role\'s policy'),
  aws_iam_role_policy_attachment: plain('a managed policy attachment'),
  aws_internet_gateway: plain('the internet gateway'),
  aws_launch_template: plain('the launch template'),
  aws_lb_listener: plain('a listener'),
  aws_lb_target_group: plain('the target group'),
  aws_nat_gateway: plain('a NAT gateway'),
  aws_route: plain('a route'),
  aws_route53_record: plain('a DNS record'),
  aws_route_table: plain('a route table'),
  aws_route_table_association: plain('a route table association'),
  aws_s3_bucket_lifecycle_configuration: plain('the bucket\'s lifecycle rules'),
  aws_s3_bucket_notification: plain('the bucket\'s notifications'),
  aws_s3_bucket_ownership_controls: plain('the bucket\'s ownership controls'),
  aws_s3_bucket_policy: plain('the bucket\'s policy'),
  aws_s3_bucket_public_access_block: plain('the bucket\'s public access block'),
  aws_s3_bucket_server_side_encryption_configuration: plain('the bucket\'s encryption'),
  aws_s3_bucket_versioning: plain('the bucket\'s versioning'),
  aws_secretsmanager_secret_version: plain('the secret\'s value (deleted with the secret)'),
  aws_security_group: plain('a security group'),
  aws_sns_topic: plain('the alarm topic'),
  aws_sns_topic_policy: plain('the topic\'s policy'),
  aws_sns_topic_subscription: plain('an alarm e-mail subscription'),
  aws_subnet: plain('a subnet'),
  aws_vpc: plain('the VPC'),
  aws_vpc_security_group_egress_rule: plain('a security group rule'),
  aws_vpc_security_group_ingress_rule: plain('a security group rule'),
  aws_wafv2_web_acl: plain('the web ACL (fixed name, free once deleted)'),
  aws_wafv2_web_acl_association: plain('the web ACL\'s association'),
  aws_wafv2_web_acl_logging_configuration: plain('the web ACL\'s logging configuration'),
  aws_lambda_function: plain('the Region activation function, or the outlier shift function (fixed names, free once deleted)'),
  aws_lambda_permission: plain('EventBridge\'s permission to invoke the outlier shift function'),
  aws_cloudwatch_event_rule: plain('the rule that starts the outlier shift function (fixed name, free once deleted)'),
  aws_cloudwatch_event_target: plain('the rule\'s target'),
  aws_ssm_document: plain('the gray-failure experiment\'s Command document (fixed name, free once deleted; the provider updates its content in place)',
    'Systems Manager API reference, DeleteDocument and UpdateDocument; provider internal/service/ssm/document.go'),
  aws_rds_global_cluster: plain('the global cluster (empty once its members are gone)'),
  aws_route53_health_check: plain('a health check'),
  aws_arcregionswitch_plan: plain('the Region switch plan'),
  aws_synthetics_canary: plain(CANARY_WHAT('delete_lambda true'), `${CANARY_SOURCE}; provider internal/service/synthetics/canary.go (delete_lambda sends DeleteLambda)`),
  // Terraform's built-in resource that keeps the fleet's AMI id in state: no cloud resource behind it.
  terraform_data: plain('the pinned machine image id (state only)', 'Terraform language, "The terraform_data managed resource type": it exists in state only'),
};

/** The lifecycle table of one flavor. */
export function lifecycleTable(flavor: Flavor): Readonly<Record<string, LifecycleEntry>> {
  return flavor === 'cloudFormation' ? CLOUDFORMATION_LIFECYCLE : TERRAFORM_LIFECYCLE;
}

/** Values at a dotted path; `[]` steps into a list, `[Key=value]` into its elements whose Key is value. */
function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  // A dot inside a filter's brackets is part of the value (`[Key=deletion_protection.enabled]`).
  for (const step of path.split(/\.(?![^[]*\])/)) {
    const filter = /^(\w+)\[(\w+)=([^\]]+)\]$/.exec(step);
    const list = step.endsWith('[]');
    const key = filter ? filter[1] : list ? step.slice(0, -2) : step;
    current = current.flatMap((node) => {
      if (node === null || typeof node !== 'object') return [];
      const child = (node as Record<string, unknown>)[key];
      if (filter) return Array.isArray(child) ? child.filter((e) => e && typeof e === 'object' && (e as Record<string, unknown>)[filter[2]] === filter[3]) : [];
      if (list) return Array.isArray(child) ? child : [];
      return [child];
    });
  }
  return current.filter((x) => x !== undefined);
}

/** Whether the resource is kept when the stack or configuration is deleted. */
function keptOnDelete(flavor: Flavor, r: RenderedResource): boolean {
  if (flavor === 'cloudFormation') return r.deletionPolicy === 'Retain' || r.deletionPolicy === 'RetainExceptOnCreate';
  const lifecycle = r.properties.lifecycle as { prevent_destroy?: boolean } | undefined;
  return r.properties.skip_destroy === true || lifecycle?.prevent_destroy === true;
}

/** A name with a part that is new at each creation: the stack's id (CloudFormation), the creation time (Terraform). */
function newAtEachCreation(value: unknown): boolean {
  const text = JSON.stringify(value);
  return text.includes('AWS::StackId') || text.includes('timestamp()');
}

/**
 * What would fail for each rendered resource: the rollback of a failed first create
 * (CloudFormation; Terraform has none), a teardown, a recreate with the same ids.
 */
export function lifecycleFindings(flavor: Flavor, resources: readonly RenderedResource[]): LifecycleFinding[] {
  const table = lifecycleTable(flavor);
  const findings: LifecycleFinding[] = [];
  for (const r of resources) {
    const entry = table[r.type];
    const at = `${r.id} (${r.type})`;
    if (!entry) {
      findings.push({ check: 'unknown', resource: r.id, message: `${at} has no lifecycle entry: say what blocks its deletion, which of its names outlive it and what replaces it` });
      continue;
    }
    const kept = keptOnDelete(flavor, r);
    for (const b of entry.blockers ?? []) {
      const set = b.path === undefined || valuesAt(r.properties, b.path).some((v) => (b.blocking ?? []).includes(v as string | boolean));
      if (!set || (b.unless && valuesAt(r.properties, b.unless.path).includes(b.unless.value))) continue;
      // Retain keeps a resource in a stack delete and in the rollback of its create; RetainExceptOnCreate only in the first.
      const keptInRollback = flavor === 'cloudFormation' && r.deletionPolicy === 'Retain';
      if (flavor === 'cloudFormation' && !(b.unlessKept && keptInRollback) && !b.releasedOnRollback) {
        findings.push({ check: 'rollback', resource: r.id, message: `${at}: ${b.what} stops the rollback of a failed first create (${b.source})` });
      }
      if (!(b.unlessKept && kept) && !b.destroyStep) {
        findings.push({ check: 'destroy', resource: r.id, message: `${at}: ${b.what} stops the teardown (${b.source})` });
      }
    }
    for (const n of entry.lastingNames ?? []) {
      if (n.onlyWhenKept && !kept) continue;
      if (n.unless && valuesAt(r.properties, n.unless.path).includes(n.unless.value)) continue;
      for (const value of valuesAt(r.properties, n.path)) {
        if (newAtEachCreation(value)) continue;
        findings.push({
          check: 'recreate',
          resource: r.id,
          message: `${at}: ${n.path} ${JSON.stringify(value)} stays taken ${n.keptFor} after a teardown, so creating the service again with the same ids fails; `
            + `let AWS generate it or give it a part that is new at each creation (${n.source})`,
        });
      }
    }
  }
  if (flavor === 'cloudFormation') findings.push(...rollbackWalk(resources));
  return findings;
}

/** The logical ids a CloudFormation value refers to: Ref, Fn::GetAtt and Fn::Sub's `${Id}` (pseudo parameters left out). */
export function referencedIds(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(referencedIds);
  if (value === null || typeof value !== 'object') return [];
  const o = value as Record<string, unknown>;
  if (typeof o.Ref === 'string') return o.Ref.startsWith('AWS::') ? [] : [o.Ref];
  if (Array.isArray(o['Fn::GetAtt'])) return [String(o['Fn::GetAtt'][0])];
  if (typeof o['Fn::GetAtt'] === 'string') return [o['Fn::GetAtt'].split('.')[0]];
  const sub = o['Fn::Sub'];
  if (sub !== undefined) {
    const [text, vars] = Array.isArray(sub) ? [String(sub[0]), sub[1] as Record<string, unknown> | undefined] : [String(sub), undefined];
    const named = [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1].split('.')[0]).filter((id) => !id.startsWith('AWS::') && !(vars && id in vars));
    return [...named, ...referencedIds(vars ?? {})];
  }
  return Object.values(o).flatMap(referencedIds);
}

/**
 * Walks the rollback of a failed first create (CloudFormation) for every resource that could be
 * the one that fails, and reports each protected resource that the rollback would meet protected.
 *
 * CloudFormation creates a resource once everything it depends on is created, in parallel
 * otherwise; so when resource F fails, any resource that does not depend on F, directly or not,
 * may already exist. The rollback deletes in the reverse of the dependency order: a resource that
 * depends on another is deleted before it. A protected resource R (its protection set in the
 * template, a {@link DeletionBlocker} with `releasedOnRollback`) is then deleted cleanly only if a
 * release of R exists when F fails (the release does not depend on F; or it is F, and CloudFormation
 * sends a failed custom resource its Delete too: aws/aws-cdk#5525, "When a CREATE operation fails,
 * CloudFormation will automatically issue a DELETE operation") and is deleted before R (it depends on R).
 * R's own failure (F = R) is covered only when R's protection is not in the template: a resource
 * whose protection a control requires at create ({@link DeletionBlocker.requiredAtCreateBy}) keeps
 * that window, which the README states. A resource whose protection a release sets (the group) is
 * protected only once its release exists, and the release depends on it: it is checked for that.
 */
export function rollbackWalk(resources: readonly RenderedResource[]): LifecycleFinding[] {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const direct = new Map(resources.map((r) => [r.id,
    [...new Set([...referencedIds(r.properties), ...(r.dependsOn ?? [])])].filter((id) => byId.has(id))]));
  const closure = new Map<string, Set<string>>();
  const dependencies = (id: string): Set<string> => {
    const known = closure.get(id);
    if (known) return known;
    const all = new Set<string>();
    closure.set(id, all); // a cycle (which CloudFormation refuses) ends here
    for (const d of direct.get(id) ?? []) {
      all.add(d);
      for (const dd of dependencies(d)) all.add(dd);
    }
    return all;
  };
  const releases = resources.filter((r) => r.type === RELEASE_RESOURCE_TYPE);
  const releasesOf = (id: string) => releases.filter((rel) => referencedIds(rel.properties.Resource).includes(id));
  const findings: LifecycleFinding[] = [];
  for (const rel of releases) {
    const [target] = referencedIds(rel.properties.Resource);
    if (target === undefined || !dependencies(rel.id).has(target)) {
      findings.push({ check: 'rollback', resource: rel.id, message: `${rel.id} (${rel.type}) does not depend on the resource it releases, so the rollback may delete it after that resource` });
    }
  }
  for (const r of resources) {
    const blockers = (CLOUDFORMATION_LIFECYCLE[r.type]?.blockers ?? []).filter((b) => b.releasedOnRollback && b.path !== undefined
      && valuesAt(r.properties, b.path).some((v) => (b.blocking ?? []).includes(v as string | boolean)));
    if (blockers.length === 0 || r.deletionPolicy === 'Retain') continue;
    const at = `${r.id} (${r.type})`;
    const own = releasesOf(r.id);
    if (own.length === 0) {
      findings.push({ check: 'rollback', resource: r.id, message: `${at}: ${blockers[0].what} in the template and no release on rollback: a failed first create stops at it` });
      continue;
    }
    const notCovered: string[] = [];
    for (const f of resources) {
      if (f.id === r.id) {
        if (!blockers.every((b) => b.requiredAtCreateBy)) notCovered.push(`${f.id} (its own create)`);
        continue;
      }
      if (dependencies(r.id).has(f.id)) continue; // r is not created before f
      if (!own.some((rel) => rel.id === f.id || !dependencies(rel.id).has(f.id))) notCovered.push(f.id);
    }
    if (notCovered.length > 0) {
      findings.push({
        check: 'rollback',
        resource: r.id,
        message: `${at} may exist, protected, when ${notCovered.length === 1 ? 'this resource fails' : `any of these ${notCovered.length} resources fails`} `
          + `before its release does (the release waits for it): ${notCovered.slice(0, 5).join(', ')}${notCovered.length > 5 ? ', ...' : ''}`,
      });
    }
  }
  return findings;
}

/**
 * The service's props whose change replaces something that holds data: they feed a property that
 * AWS sets only at creation (the `replacedBy` lists above). Everything else updates in place or
 * replaces only what holds no data. Set these when the service is created; to change one, create a
 * new service and move the data (the database's final snapshot, the cache's).
 */
export const SET_AT_CREATION: Readonly<Record<string, string>> = {
  databaseEngine: 'replaces the database: the engine is ForceNew in Terraform (rds/cluster.go, instance.go), and RDS cannot change a cluster\'s or an instance\'s engine family in place',
  databaseName: 'replaces the database: DatabaseName (DB cluster), DBName (DB instance), database_name / db_name are create-only',
  cacheNodes: 'replaces the cache: its nodes\' AZs (PreferredCacheClusterAZs, preferred_cache_cluster_azs) are create-only',
  maxAzs: 'rebuilds the service\'s network and replaces the cache: its nodes\' AZs are create-only (the database\'s subnet group changes in place)',
  database: 'adds or removes the database (false removes it, with its final snapshot)',
  cache: 'adds or removes the cache (false removes it, with its final snapshot)',
  webAcl: 'adds or removes the web ACL and its kept log group',
  webAclArn: 'replaces the service\'s web ACL with yours (its kept log group stays)',
  accessLogsBucket: 'replaces the service\'s access-log bucket with yours (the kept one stays, with its logs)',
  globalDatabase: 'joins the database to a global database (MultiRegionService decides it)',
};
