/**
 * Renders the database tier: the Aurora cluster or Multi-AZ DB instance, its secret, parameters and
 * global membership (aws-cdk-lib).
 */
import { Duration, RemovalPolicy, SecretValue, Token } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { GlobalDatabaseMembership } from '../../core/aws/global-database';
import { DEFAULTS } from '../../core/base/defaults';
import { Validator } from '../../core/base/validation';
import { DatabaseEngine } from '../../core/options/options';
import { GROUP_DESCRIPTIONS } from '../../core/tiers/access';
import { DatabaseLogSettingsPlan, GlobalDatabasePlan, ReaderScalingPlan, planDatabase } from '../../core/tiers/database';
import { acknowledge, acknowledgeControl, acknowledgeValidation } from '../private/acknowledge';
import { serviceKey } from '../private/keys';

/** Properties of a {@link ServiceDatabase}. */
export interface ServiceDatabaseProps {
  /** The VPC whose isolated subnets hold the database. */
  readonly vpc: ec2.IVpc;
  /**
   * Engine and topology.
   * @default DatabaseEngine.AURORA_POSTGRESQL
   */
  readonly engine?: DatabaseEngine;
  /**
   * Aurora readers, each in another AZ than the writer where the VPC has one. Any of them can be
   * promoted to writer. Must be 0 for a Multi-AZ DB instance.
   * @default 1 for Aurora, 0 for a Multi-AZ DB instance
   */
  readonly readers?: number;
  /**
   * Instance class of the writer and every reader (or of the Multi-AZ instance).
   * @default - db.r7g.large for Aurora, db.m7g.large for a Multi-AZ DB instance
   */
  readonly instanceType?: ec2.InstanceType;
  /**
   * How long automated backups are kept, 1-35 days.
   * @default Duration.days(7)
   */
  readonly backupRetention?: Duration;
  /**
   * Name of the database created at launch.
   * @default 'app'
   */
  readonly databaseName?: string;
  /**
   * Whether the database refuses to be deleted until this is turned off.
   * @default true
   */
  readonly deletionProtection?: boolean;
  /**
   * Aurora only: let Application Auto Scaling add readers up to this many when the readers'
   * average CPU rises, and remove them again (never below `readers`, which must be 1 or more).
   * @default - no reader auto scaling
   */
  readonly maxReaders?: number;
  /**
   * Readers' average CPU, %, that reader auto scaling holds (10-90).
   * @default 60
   */
  readonly readerCpuTarget?: number;
  /**
   * Aurora only: the cluster's membership in an Aurora global database (`MultiRegionService` sets
   * it). The primary creates the master secret (generated, replicated to the other Regions,
   * rotated) instead of an RDS-managed one, which a global database cannot have; a secondary
   * joins with no master credentials and no database name, and reads its Region's replica.
   * @default - a cluster of its own
   */
  readonly globalDatabase?: GlobalDatabaseMembership;
}

const RDS_MONITORING = DEFAULTS.database.monitoringManagedPolicy;

/** Why a major-only engine version is right where a linter's list of released versions says otherwise. */
export const ENGINE_VERSION_REASON = 'The engine version is a major only: RDS creates the major\'s current default minor (RDS API reference, '
  + 'CreateDBInstance EngineVersion; ModifyDBInstance: a major alone means the default minor). The rule\'s data lists released minors only, '
  + 'and a pinned minor stops creating databases once RDS retires it.';

/**
 * The service's replicated database: an Aurora cluster (a writer plus readers spread over the
 * other AZs) or an RDS Multi-AZ DB instance. Encrypted, in isolated subnets, deletion protected,
 * snapshotted when removed, with IAM authentication and a master password that RDS keeps in
 * Secrets Manager and rotates.
 */
export class ServiceDatabase extends Construct implements ec2.IConnectable {
  /** The engine and topology. */
  public readonly engine: DatabaseEngine;
  /** The Aurora cluster, when the engine is an Aurora one. */
  public readonly cluster?: rds.DatabaseCluster;
  /** The Multi-AZ DB instance, when the engine is not an Aurora one. */
  public readonly instance?: rds.DatabaseInstance;
  /**
   * The master user secret: RDS manages and rotates it for a cluster of its own. In a global
   * database the service generates it, replicates it to the other Regions and rotates it in the
   * primary's Region (its `host` is the primary's cluster endpoint, which the rotation uses; the
   * instances connect to DATABASE_HOST of their environment file).
   */
  public readonly secret: secretsmanager.ISecret;
  /** The writer endpoint. */
  public readonly endpoint: rds.Endpoint;
  /** The load-balanced reader endpoint (Aurora only). */
  public readonly readerEndpoint?: rds.Endpoint;
  /** Security group access to the database. */
  public readonly connections: ec2.Connections;
  /** Aurora readers created. */
  public readonly readers: number;
  /** The port the database listens on (not the engine's default). */
  public readonly port: number;
  /** The role RDS enhanced monitoring publishes OS metrics with. */
  public readonly monitoringRole: iam.Role;
  /** The key encrypting a Multi-AZ DB instance's storage (Aurora uses the account's RDS key). */
  public readonly storageEncryptionKey?: kms.IKey;

  /** The scalable target of the Aurora readers, with `maxReaders`. */
  public readonly readerScaling?: appscaling.CfnScalableTarget;

  constructor(scope: Construct, id: string, props: ServiceDatabaseProps) {
    super(scope, id);
    // The same planner as the service's: one place for the database's defaults and rules.
    const v = new Validator(Token.isUnresolved);
    const azs = props.vpc.availabilityZones;
    const plan = planDatabase({
      databaseEngine: props.engine,
      databaseReaders: props.readers,
      databaseInstanceType: props.instanceType?.toString(),
      databaseBackupRetentionDays: props.backupRetention?.toDays({ integral: false }),
      databaseName: props.databaseName,
      deletionProtection: props.deletionProtection,
      databaseMaxReaders: props.maxReaders,
      databaseReaderCpuTarget: props.readerCpuTarget,
      globalDatabase: props.globalDatabase,
    }, azs.length, v)!;
    v.throwIfAny(this.node.path);

    this.engine = plan.engine;
    this.readers = plan.readers;
    this.port = plan.port;
    // Enhanced monitoring: OS metrics (processes, memory, swap) a failing database shows before
    // CloudWatch's hypervisor view does (AWS Control Tower CT.RDS.PR.2).
    this.monitoringRole = new iam.Role(this, 'MonitoringRole', {
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(`service-role/${RDS_MONITORING}`)],
    });
    acknowledge(this.monitoringRole, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${RDS_MONITORING}]`,
      `${RDS_MONITORING} is the policy AWS maintains for RDS to publish enhanced-monitoring metrics to CloudWatch Logs; it grants nothing else.`);
    const monitoring = { monitoringInterval: Duration.seconds(plan.monitoringIntervalSeconds), monitoringRole: this.monitoringRole };
    // The database's own group, described as the plan describes it (aws-cdk-lib's default group
    // would also open all outbound traffic, which a database never needs).
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc, description: GROUP_DESCRIPTIONS.database, allowAllOutbound: false,
    });
    const common = {
      vpc: props.vpc,
      securityGroups: [securityGroup],
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      deletionProtection: plan.deletionProtection,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      manageMasterUserPassword: true,
      // Not the engine's default user name, which every scanner tries (CT.RDS.PR.21 and .22).
      credentials: rds.Credentials.fromUsername(plan.masterUsername),
      cloudwatchLogsExports: plan.logExports,
      port: plan.port,
      copyTagsToSnapshot: true,
    };
    const backupRetention = Duration.days(plan.backupRetentionDays);
    const instanceType = new ec2.InstanceType(plan.instanceClass);
    // Pinned AZs need names; an environment-agnostic VPC has references, which serve as well.
    const az = (index: number) => (azs.length > 1 ? azs[index] : undefined);

    if (plan.aurora) {
      const version = plan.engineVersion;
      const engine = plan.engine === DatabaseEngine.AURORA_MYSQL
        ? rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.of(version.requested, version.major) })
        : rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.of(version.requested, version.major) });
      const instance = (name: string, promotionTier: number, azIndex: number) => rds.ClusterInstance.provisioned(name, {
        instanceType, promotionTier, availabilityZone: az(azIndex), publiclyAccessible: false, ...monitoring,
      });
      const global = plan.global;
      // Readers in promotion tier 1 go first when the writer fails.
      this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
        ...common,
        ...(global && globalClusterCredentials(global, plan.masterUsername)),
        ...monitoring,
        engine,
        parameterGroup: logSettings(this, plan.logSettings, engine),
        defaultDatabaseName: global?.primary === false ? undefined : plan.name,
        writer: instance('Writer', plan.promotionTiers.writer, plan.writerAz),
        readers: plan.readerAzs.map((azIndex, i) => instance(`Reader${i + 1}`, plan.promotionTiers.reader, azIndex)),
        backup: { retention: backupRetention },
        backtrackWindow: plan.backtrackWindowHours !== undefined ? Duration.hours(plan.backtrackWindowHours) : undefined,
      });
      if (plan.readerScaling) this.readerScaling = scaleReaders(this, this.cluster, plan.readerScaling);
      this.secret = global ? joinGlobalDatabase(this, this.cluster, global, plan.engine) : this.cluster.secret!;
      this.endpoint = this.cluster.clusterEndpoint;
      this.readerEndpoint = this.cluster.clusterReadEndpoint;
      this.connections = this.cluster.connections;
    } else {
      const version = plan.engineVersion;
      const engine = plan.engine === DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE
        ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.of(version.requested, version.major) })
        : rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.of(version.requested, version.major) });
      // A key of the service's own (AWS Control Tower CT.RDS.PR.30).
      this.storageEncryptionKey = plan.ownStorageKey ? serviceKey(this, 'StorageKey', 'Encrypts the service database storage') : undefined;
      this.instance = new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        ...monitoring,
        engine,
        storageEncryptionKey: this.storageEncryptionKey,
        parameterGroup: logSettings(this, plan.logSettings, engine),
        optionGroup: plan.logSettings?.auditOption && keptOptionGroup(new rds.OptionGroup(this, 'OptionGroup', {
          engine,
          description: plan.logSettings.description,
          configurations: [{ name: plan.logSettings.auditOption.name, settings: plan.logSettings.auditOption.settings }],
        }), plan.logSettings.auditOption.keptWithFinalSnapshot),
        instanceType,
        multiAz: true,
        databaseName: plan.name,
        allocatedStorage: plan.allocatedStorageGiB,
        maxAllocatedStorage: plan.maxAllocatedStorageGiB,
        storageType: plan.storageType as rds.StorageType,
        backupRetention,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
      });
      if (plan.engine === DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE) {
        acknowledgeValidation(this.instance, 'E9006', ENGINE_VERSION_REASON);
      }
      this.secret = this.instance.secret!;
      this.endpoint = this.instance.instanceEndpoint;
      this.connections = this.instance.connections;
    }
  }

  /** A CloudWatch metric of this database (cluster-wide for Aurora). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.cluster ? this.cluster.metric(metricName, props) : this.instance!.metric(metricName, props);
  }
}

/** The parameters that make a MySQL engine write the logs it exports, in a group of the engine's family. */
function logSettings(scope: Construct, plan: DatabaseLogSettingsPlan | undefined, engine: rds.IEngine): rds.ParameterGroup | undefined {
  if (!plan) return undefined;
  if (engine.parameterGroupFamily !== plan.family) throw new Error(`the plan's parameters are for ${plan.family}, the engine's family is ${engine.parameterGroupFamily}`);
  return new rds.ParameterGroup(scope, 'ParameterGroup', { engine, description: plan.description, parameters: plan.parameters });
}

/**
 * The cluster's credentials in a global database: the primary's master password is generated into
 * a secret of a fixed name, replicated to the other Regions (RDS cannot manage the master secret of
 * a global database's cluster); a secondary gets none (RDS refuses "user name for cross region
 * replication cluster"): the placeholder password never reaches the template, see
 * {@link joinGlobalDatabase}.
 */
function globalClusterCredentials(global: GlobalDatabasePlan, username: string): Partial<rds.DatabaseClusterProps> {
  return {
    manageMasterUserPassword: false,
    clusterIdentifier: global.clusterIdentifier,
    credentials: global.primary
      ? rds.Credentials.fromGeneratedSecret(username, {
        secretName: global.secretName,
        replicaRegions: (global.secretReplicaRegions ?? []).map((region) => ({ region })),
      })
      : rds.Credentials.fromPassword(username, SecretValue.unsafePlainText('removed-below')),
    parameters: global.clusterParameters,
  };
}

/**
 * Joins the cluster to its global database: the identifier (and write forwarding) on the
 * CloudFormation resource; a secondary loses the master credentials aws-cdk-lib always renders
 * (aws-cdk #29880); the primary rotates its secret with a hosted rotation function in the
 * cluster's VPC. Returns the secret the instances read: the primary's, or the Region's replica.
 */
function joinGlobalDatabase(
  scope: Construct, cluster: rds.DatabaseCluster, global: GlobalDatabasePlan, engine: DatabaseEngine,
): secretsmanager.ISecret {
  const cfn = cluster.node.defaultChild as rds.CfnDBCluster;
  cfn.globalClusterIdentifier = global.globalClusterIdentifier;
  if (engine === DatabaseEngine.AURORA_MYSQL) {
    const why = 'Aurora global databases do not support backtracking (Aurora User Guide, limitations of Aurora Global Database); '
      + 'the cluster keeps point-in-time restore from its automated backups, and the other Regions hold a copy.';
    acknowledge(cfn, 'AwsSolutions-RDS14', why);
    acknowledgeControl(cfn, 'CT.RDS.PR.6', 'aurora_cluster_backtracking_enabled_check', why);
  }
  if (global.writeForwarding) cfn.enableGlobalWriteForwarding = true;
  if (global.localWriteForwarding) cfn.enableLocalWriteForwarding = true;
  if (!global.primary) {
    cfn.addPropertyDeletionOverride('MasterUsername');
    cfn.addPropertyDeletionOverride('MasterUserPassword');
    return secretsmanager.Secret.fromSecretNameV2(scope, 'ReplicaSecret', global.secretName);
  }
  const secret = cluster.secret!;
  const vpcSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
  const rotation = engine === DatabaseEngine.AURORA_MYSQL
    ? secretsmanager.HostedRotation.mysqlSingleUser({ vpc: cluster.vpc, vpcSubnets })
    : secretsmanager.HostedRotation.postgreSqlSingleUser({ vpc: cluster.vpc, vpcSubnets });
  secret.addRotationSchedule('Rotation', { hostedRotation: rotation, automaticallyAfter: Duration.days(global.secretRotationDays) });
  cluster.connections.allowDefaultPortFrom(rotation, 'Master secret rotation');
  return secret;
}

/**
 * Application Auto Scaling of the cluster's reader count on their average CPU. No role is given:
 * Application Auto Scaling uses its service-linked role for RDS.
 */
function scaleReaders(scope: Construct, cluster: rds.DatabaseCluster, plan: ReaderScalingPlan): appscaling.CfnScalableTarget {
  const target = new appscaling.CfnScalableTarget(scope, 'ReaderScaling', {
    serviceNamespace: 'rds',
    resourceId: `cluster:${cluster.clusterIdentifier}`,
    scalableDimension: 'rds:cluster:ReadReplicaCount',
    minCapacity: plan.minReaders,
    maxCapacity: plan.maxReaders,
  });
  new appscaling.CfnScalingPolicy(scope, 'ReaderCpuScaling', {
    policyName: DEFAULTS.database.readerScaling.policyName,
    policyType: 'TargetTrackingScaling',
    scalingTargetId: target.ref,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: plan.targetCpuPercent,
      predefinedMetricSpecification: { predefinedMetricType: 'RDSReaderAverageCPUUtilization' },
      scaleInCooldown: plan.scaleInCooldownSeconds,
      scaleOutCooldown: plan.scaleOutCooldownSeconds,
    },
  });
  return target;
}

/**
 * The option group the plan keeps with the instance's final snapshot (DeletionPolicy Retain): the
 * snapshot keeps it in use, so deleting it would fail the stack's deletion. CloudFormation names it.
 */
function keptOptionGroup(group: rds.OptionGroup, kept: boolean): rds.OptionGroup {
  if (kept) (group.node.defaultChild as rds.CfnOptionGroup).applyRemovalPolicy(RemovalPolicy.RETAIN);
  return group;
}
