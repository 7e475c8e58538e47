import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromPlan } from './plan-context';
import { checkTerraformJson } from './schema-check';
import { DatabaseEngine, ServiceOptions } from '../../src/core/options/options';
import { ServicePlan } from '../../src/core/service/plan';
import { DatabasePlan } from '../../src/core/tiers/database';
import { awsReferences } from '../../src/tf/context';
import { App, TerraformOutput, TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { aws } from '../../src/tf/private/resource';
import { AwsProvider } from '../../src/tf/provider';
import { TfDatabase, renderDatabase } from '../../src/tf/tiers/database';
import { renderNetwork } from '../../src/tf/tiers/network';
import { plainPlan } from '../core/plain';

// The database tier of the Terraform flavor, rendered from the same plans as the CloudFormation
// flavor's (test/service/database.cases.ts) and checked offline against the hashicorp/aws schema.
// cdktf's test app writes into a folder of its own: one for the file, removed after.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-db-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
let app: App | undefined;

interface Rendered {
  readonly plan: ServicePlan;
  readonly db: DatabasePlan;
  readonly database: TfDatabase;
  readonly config: any;
  readonly resources: (type: string) => any[];
  /** The returned references (string fields), as Terraform gets them: through outputs. */
  readonly references: Record<string, string>;
}

function render(name: string, options: ServiceOptions): Rendered {
  app ??= Testing.app({ outdir });
  const plan = plainPlan(options);
  const stack = new TerraformStack(app, name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const context = awsReferences(stack);
  const network = renderNetwork(stack, plan.network, context);
  const fleet = aws.securityGroup(stack, 'FleetSecurityGroup', { vpc_id: network.vpcId, description: 'Service instances' });
  const database = renderDatabase(stack, plan.database!, network, {
    ...context, ...fromPlan(plan), names: plan.databaseNames!, availabilityZones: plan.network.availabilityZones, clientSecurityGroupId: fleet.attr('id'),
  });
  const fields = Object.entries(database).filter(([, value]) => typeof value === 'string');
  for (const [field, value] of fields) new TerraformOutput(stack, field, { value });
  const config = JSON.parse(Testing.synth(stack));
  return {
    plan,
    db: plan.database!,
    database,
    config,
    resources: (type) => Object.values(config.resource[type] ?? {}),
    references: Object.fromEntries(fields.map(([field]) => [field, config.output[field].value])),
  };
}

const auroraPostgres = render('AuroraPostgres', {});
const auroraMysql = render('AuroraMysql', { databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 2, databaseMaxReaders: 5 });
const multiAz = render('MultiAz', { databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE });
const mysql = render('Mysql', { databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
const all = [auroraPostgres, auroraMysql, multiAz, mysql];
const auroras = [auroraPostgres, auroraMysql];

test('every configuration passes the offline schema check', () => {
  for (const r of all) expect(checkTerraformJson(r.config)).toEqual([]);
});

test('Aurora: the planned writer and readers, in the plan\'s AZs, readers first in line for promotion, the writer created first', () => {
  for (const { plan, db, resources, config } of auroras) {
    const instances = resources('aws_rds_cluster_instance');
    expect(instances).toHaveLength(1 + db.readers);
    const { DatabaseWriter: writer, ...others } = config.resource.aws_rds_cluster_instance;
    const readers = db.readerAzs.map((_, i) => others[`DatabaseReader${i + 1}`]);
    const azs = plan.network.availabilityZones;
    expect(writer).toEqual(expect.objectContaining({ availability_zone: azs[db.writerAz], promotion_tier: db.promotionTiers.writer }));
    expect(readers.map((i) => i.availability_zone)).toEqual(db.readerAzs.map((i) => azs[i]));
    for (const reader of readers) {
      expect(reader.promotion_tier).toBe(db.promotionTiers.reader);
      expect(reader.depends_on).toContain('aws_rds_cluster_instance.DatabaseWriter');
    }
    for (const i of instances) {
      expect(i).toEqual(expect.objectContaining({
        cluster_identifier: '${aws_rds_cluster.DatabaseCluster.id}',
        engine: db.engine,
        instance_class: `db.${db.instanceClass}`,
        publicly_accessible: false,
        auto_minor_version_upgrade: true,
        monitoring_interval: db.monitoringIntervalSeconds,
        monitoring_role_arn: '${aws_iam_role.DatabaseMonitoringRole.arn}',
      }));
      expect(i.identifier_prefix.length).toBeLessThanOrEqual(37);
      expect(i.identifier_prefix).toMatch(/^[a-z][a-z0-9-]*-$/);
    }
  }
  expect(auroraMysql.resources('aws_rds_cluster_instance')).toHaveLength(3);
  expect(auroraPostgres.resources('aws_db_instance')).toHaveLength(0);
});

test('Aurora: the cluster has the CloudFormation flavor\'s engine, port, user, backups, logs and data safety', () => {
  for (const { db, resources } of auroras) {
    const [cluster] = resources('aws_rds_cluster');
    expect(cluster).toEqual(expect.objectContaining({
      engine: db.engine,
      engine_version: db.engineVersion.requested,
      port: db.port,
      master_username: db.masterUsername,
      manage_master_user_password: true,
      database_name: db.name,
      backup_retention_period: db.backupRetentionDays,
      enabled_cloudwatch_logs_exports: db.logExports,
      storage_encrypted: true,
      deletion_protection: db.deletionProtection,
      skip_final_snapshot: false,
      iam_database_authentication_enabled: true,
      copy_tags_to_snapshot: true,
      db_subnet_group_name: '${aws_db_subnet_group.DatabaseSubnetGroup.name}',
      vpc_security_group_ids: ['${aws_security_group.DatabaseSecurityGroup.id}'],
    }));
    // The account's RDS key, as the CloudFormation flavor's cluster: no key of the service's own.
    expect(db.ownStorageKey).toBe(false);
    expect(cluster.kms_key_id).toBeUndefined();
    // Named at the cluster's creation: a kept snapshot never meets the next destroy's.
    expect(cluster.final_snapshot_identifier).toMatch(/^[a-z][a-z0-9-]*-final-\$\{formatdate\("YYYYMMDDhhmmss", timestamp\(\)\)\}$/);
    expect(cluster.lifecycle.ignore_changes).toContain('final_snapshot_identifier');
    expect(cluster.cluster_identifier_prefix.length).toBeLessThanOrEqual(37);
  }
  expect(auroraPostgres.resources('aws_rds_cluster')[0]).toEqual(expect.objectContaining({ port: 5433, master_username: 'service_admin' }));
  expect(auroraPostgres.resources('aws_rds_cluster')[0].backtrack_window).toBeUndefined();
  expect(auroraMysql.resources('aws_rds_cluster')[0].backtrack_window).toBe(auroraMysql.db.backtrackWindowHours! * 3600);
});

test('MySQL writes the logs it exports: Aurora\'s cluster parameters, RDS for MySQL\'s parameters and audit plugin option', () => {
  const [clusterGroup] = auroraMysql.resources('aws_rds_cluster_parameter_group');
  expect(clusterGroup).toEqual(expect.objectContaining({ family: 'aurora-mysql8.0', description: auroraMysql.db.logSettings!.description }));
  expect(clusterGroup.parameter).toEqual(Object.entries(auroraMysql.db.logSettings!.parameters).map(([name, value]) => ({ name, value })));
  expect(clusterGroup.name_prefix).toBe(auroraMysql.plan.namePrefixes.databaseParameterGroup);
  expect(auroraMysql.resources('aws_rds_cluster')[0].db_cluster_parameter_group_name).toBe('${aws_rds_cluster_parameter_group.DatabaseParameterGroup.name}');
  expect(auroraMysql.resources('aws_rds_cluster')[0].engine_version).toBe('8.0');

  const [instance] = mysql.resources('aws_db_instance');
  expect(instance).toEqual(expect.objectContaining({
    engine_version: '8.4',
    parameter_group_name: '${aws_db_parameter_group.DatabaseParameterGroup.name}',
    option_group_name: '${aws_db_option_group.DatabaseOptionGroup.name}',
    enabled_cloudwatch_logs_exports: ['audit', 'error', 'general', 'slowquery'],
  }));
  expect(mysql.resources('aws_db_parameter_group')[0]).toEqual(expect.objectContaining({ family: 'mysql8.4' }));
  expect(mysql.resources('aws_db_option_group')[0]).toEqual(expect.objectContaining({
    // Kept on destroy: the final snapshot keeps it in use (provider #4595, #22598).
    skip_destroy: true,
    engine_name: 'mysql',
    major_engine_version: '8.4',
    option: [{ option_name: 'MARIADB_AUDIT_PLUGIN', option_settings: [{ name: 'SERVER_AUDIT_EVENTS', value: 'CONNECT,QUERY_DCL,QUERY_DDL' }] }],
  }));
  // PostgreSQL writes its exported logs by itself.
  for (const r of [auroraPostgres, multiAz]) {
    expect(r.resources('aws_rds_cluster_parameter_group')).toEqual([]);
    expect(r.resources('aws_db_parameter_group')).toEqual([]);
  }
});

test('Aurora: the returned references name the cluster, its endpoints, secret and resource id', () => {
  const { database, references } = auroraPostgres;
  expect(database.aurora).toBe(true);
  expect(references).toEqual(expect.objectContaining({
    identifier: '${aws_rds_cluster.DatabaseCluster.cluster_identifier}',
    arn: '${aws_rds_cluster.DatabaseCluster.arn}',
    port: '${aws_rds_cluster.DatabaseCluster.port}',
    endpoint: '${aws_rds_cluster.DatabaseCluster.endpoint}',
    readerEndpoint: '${aws_rds_cluster.DatabaseCluster.reader_endpoint}',
    secretArn: '${aws_rds_cluster.DatabaseCluster.master_user_secret[0].secret_arn}',
    resourceIdForIam: '${aws_rds_cluster.DatabaseCluster.cluster_resource_id}',
  }));
  expect(database.instances).toHaveLength(2);
});

test('Aurora reader auto scaling: the plan\'s bounds, CPU target and cooldowns, through the service-linked role, once the planned readers exist', () => {
  const scaling = auroraMysql.db.readerScaling!;
  const [target] = auroraMysql.resources('aws_appautoscaling_target');
  expect(target).toEqual(expect.objectContaining({
    service_namespace: 'rds',
    resource_id: 'cluster:${aws_rds_cluster.DatabaseCluster.cluster_identifier}',
    scalable_dimension: 'rds:cluster:ReadReplicaCount',
    min_capacity: scaling.minReaders,
    max_capacity: scaling.maxReaders,
  }));
  expect(target.role_arn).toBeUndefined();
  expect(target.depends_on).toEqual(expect.arrayContaining(['aws_rds_cluster_instance.DatabaseReader1', 'aws_rds_cluster_instance.DatabaseReader2']));
  const [policy] = auroraMysql.resources('aws_appautoscaling_policy');
  expect(policy).toEqual(expect.objectContaining({
    policy_type: 'TargetTrackingScaling',
    resource_id: '${aws_appautoscaling_target.DatabaseReaderScaling.resource_id}',
    target_tracking_scaling_policy_configuration: {
      target_value: scaling.targetCpuPercent,
      predefined_metric_specification: { predefined_metric_type: 'RDSReaderAverageCPUUtilization' },
      scale_in_cooldown: scaling.scaleInCooldownSeconds,
      scale_out_cooldown: scaling.scaleOutCooldownSeconds,
    },
  }));
  expect([scaling.minReaders, scaling.maxReaders]).toEqual([2, 5]);
  // No scaling without databaseMaxReaders.
  expect(auroraPostgres.resources('aws_appautoscaling_target')).toHaveLength(0);
  expect(multiAz.resources('aws_appautoscaling_policy')).toHaveLength(0);
});

test('Multi-AZ DB instance: the plan\'s engine, class and storage, encrypted with the service\'s own key, snapshotted when destroyed', () => {
  const { db, resources, database, references } = multiAz;
  expect(resources('aws_rds_cluster')).toHaveLength(0);
  expect(resources('aws_rds_cluster_instance')).toHaveLength(0);
  const [instance] = resources('aws_db_instance');
  expect(instance).toEqual(expect.objectContaining({
    engine: db.engine,
    engine_version: db.engineVersion.requested,
    instance_class: `db.${db.instanceClass}`,
    multi_az: true,
    port: db.port,
    username: db.masterUsername,
    manage_master_user_password: true,
    db_name: db.name,
    allocated_storage: db.allocatedStorageGiB,
    max_allocated_storage: db.maxAllocatedStorageGiB,
    storage_type: db.storageType,
    storage_encrypted: true,
    kms_key_id: '${aws_kms_key.DatabaseStorageKey.arn}',
    deletion_protection: db.deletionProtection,
    skip_final_snapshot: false,
    backup_retention_period: db.backupRetentionDays,
    iam_database_authentication_enabled: true,
    enabled_cloudwatch_logs_exports: db.logExports,
    publicly_accessible: false,
    auto_minor_version_upgrade: true,
    copy_tags_to_snapshot: true,
    monitoring_interval: db.monitoringIntervalSeconds,
    depends_on: ['aws_iam_role_policy_attachment.DatabaseMonitoringRolePolicy'],
  }));
  expect(instance.final_snapshot_identifier).toMatch(/^[a-z][a-z0-9-]*-final-\$\{formatdate\("YYYYMMDDhhmmss", timestamp\(\)\)\}$/);
  expect(instance.lifecycle.ignore_changes).toEqual(['final_snapshot_identifier']);
  expect(instance.availability_zone).toBeUndefined();
  // The CloudFormation flavor's key policy: the account administers it, only AWS services create grants.
  const [key] = resources('aws_kms_key');
  expect(key.enable_key_rotation).toBe(true);
  expect(JSON.parse(key.policy).Statement.map((s: any) => s.Sid)).toEqual([undefined, 'GrantsOnlyForAwsServices']);
  expect(database.aurora).toBe(false);
  expect(database.instances).toEqual([]);
  expect(references).toEqual(expect.objectContaining({
    identifier: '${aws_db_instance.DatabaseInstance.identifier}',
    arn: '${aws_db_instance.DatabaseInstance.arn}',
    port: '${aws_db_instance.DatabaseInstance.port}',
    endpoint: '${aws_db_instance.DatabaseInstance.address}',
    secretArn: '${aws_db_instance.DatabaseInstance.master_user_secret[0].secret_arn}',
    resourceIdForIam: '${aws_db_instance.DatabaseInstance.resource_id}',
  }));
  expect(database.readerEndpoint).toBeUndefined();
});

test('in the isolated subnets, reachable only from the client security group on the database port', () => {
  for (const { db, resources } of all) {
    const [group] = resources('aws_db_subnet_group');
    expect(group.subnet_ids).toEqual(['${aws_subnet.IsolatedSubnet1.id}', '${aws_subnet.IsolatedSubnet2.id}', '${aws_subnet.IsolatedSubnet3.id}']);
    expect(group.name_prefix).toMatch(/^[a-z0-9-]+$/);
    expect(resources('aws_vpc_security_group_ingress_rule')).toEqual([expect.objectContaining({
      security_group_id: '${aws_security_group.DatabaseSecurityGroup.id}',
      ip_protocol: 'tcp',
      from_port: db.port,
      to_port: db.port,
      referenced_security_group_id: '${aws_security_group.FleetSecurityGroup.id}',
    })]);
    expect(resources('aws_vpc_security_group_ingress_rule')[0].cidr_ipv4).toBeUndefined();
  }
});

test('enhanced monitoring through a role only RDS monitoring assumes, holding the AWS managed policy before any instance exists', () => {
  for (const { resources } of all) {
    const role = resources('aws_iam_role').find((r) => r.assume_role_policy.includes('monitoring.rds.amazonaws.com'));
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'monitoring.rds.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    expect(role.name_prefix.length).toBeLessThanOrEqual(38);
    expect(resources('aws_iam_role_policy_attachment')).toEqual([{
      role: '${aws_iam_role.DatabaseMonitoringRole.name}',
      policy_arn: 'arn:${data.aws_partition.Partition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole',
    }]);
  }
  for (const { resources } of auroras) {
    for (const i of resources('aws_rds_cluster_instance')) expect(i.depends_on).toContain('aws_iam_role_policy_attachment.DatabaseMonitoringRolePolicy');
  }
});

test('deletionProtection: false turns it off, but the final snapshot stays', () => {
  const { resources } = render('Unprotected', { deletionProtection: false });
  expect(resources('aws_rds_cluster')[0]).toEqual(expect.objectContaining({ deletion_protection: false, skip_final_snapshot: false }));
});
