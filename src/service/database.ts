import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { acknowledge } from './private/acknowledge';
import { DatabaseEngine, isAurora } from '../core/blueprint';
import { DEFAULTS } from '../core/defaults';

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
   * Aurora readers, each in another AZ than the writer where the VPC has one; any of them can be
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
}

const ENGINE_PORT: Record<DatabaseEngine, number> = {
  [DatabaseEngine.AURORA_POSTGRESQL]: 5432,
  [DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE]: 5432,
  [DatabaseEngine.AURORA_MYSQL]: 3306,
  [DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE]: 3306,
};

const LOG_EXPORTS: Record<DatabaseEngine, string[]> = {
  [DatabaseEngine.AURORA_POSTGRESQL]: ['postgresql'],
  [DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE]: ['postgresql', 'upgrade'],
  [DatabaseEngine.AURORA_MYSQL]: ['audit', 'error', 'general', 'slowquery'],
  [DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE]: ['audit', 'error', 'general', 'slowquery'],
};

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
  /** The master user secret, managed and rotated by RDS. */
  public readonly secret: secretsmanager.ISecret;
  /** The writer endpoint. */
  public readonly endpoint: rds.Endpoint;
  /** The load-balanced reader endpoint (Aurora only). */
  public readonly readerEndpoint?: rds.Endpoint;
  /** Security group access to the database. */
  public readonly connections: ec2.Connections;
  /** Aurora readers created. */
  public readonly readers: number;

  constructor(scope: Construct, id: string, props: ServiceDatabaseProps) {
    super(scope, id);
    this.engine = props.engine ?? DatabaseEngine.AURORA_POSTGRESQL;
    const aurora = isAurora(this.engine);
    this.readers = props.readers ?? (aurora ? DEFAULTS.database.readers : 0);
    const common = {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      storageEncrypted: true,
      deletionProtection: props.deletionProtection ?? true,
      removalPolicy: RemovalPolicy.SNAPSHOT,
      iamAuthentication: true,
      manageMasterUserPassword: true,
      cloudwatchLogsExports: LOG_EXPORTS[this.engine],
      port: ENGINE_PORT[this.engine],
    };
    const backupRetention = props.backupRetention ?? Duration.days(DEFAULTS.database.backupRetentionDays);

    if (aurora) {
      const azs = props.vpc.availabilityZones;
      const instanceType = props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE);
      const engine = this.engine === DatabaseEngine.AURORA_MYSQL
        ? rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_10_4 })
        : rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_9 });
      // The writer in the first AZ, readers round the others, so a reader in a surviving AZ can
      // be promoted when the writer's AZ fails. Readers in promotion tier 1 go first.
      const readers: rds.IClusterInstance[] = [];
      for (let i = 0; i < this.readers; i++) {
        readers.push(rds.ClusterInstance.provisioned(`Reader${i + 1}`, {
          instanceType,
          promotionTier: 1,
          availabilityZone: azs.length > 1 ? azs[(i + 1) % azs.length] : undefined,
          publiclyAccessible: false,
        }));
      }
      this.cluster = new rds.DatabaseCluster(this, 'Cluster', {
        ...common,
        engine,
        defaultDatabaseName: props.databaseName ?? DEFAULTS.database.name,
        writer: rds.ClusterInstance.provisioned('Writer', {
          instanceType,
          promotionTier: 0,
          availabilityZone: azs.length > 1 ? azs[0] : undefined,
          publiclyAccessible: false,
        }),
        readers,
        backup: { retention: backupRetention },
        copyTagsToSnapshot: true,
        ...(this.engine === DatabaseEngine.AURORA_MYSQL ? { backtrackWindow: Duration.hours(24) } : {}),
      });
      this.secret = this.cluster.secret!;
      this.endpoint = this.cluster.clusterEndpoint;
      this.readerEndpoint = this.cluster.clusterReadEndpoint;
      this.connections = this.cluster.connections;
      this.acknowledgeDefaultPort(this.cluster);
    } else {
      const engine = this.engine === DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE
        ? rds.DatabaseInstanceEngine.mysql({ version: rds.MysqlEngineVersion.VER_8_4_10 })
        : rds.DatabaseInstanceEngine.postgres({ version: rds.PostgresEngineVersion.VER_17_9 });
      this.instance = new rds.DatabaseInstance(this, 'Instance', {
        ...common,
        engine,
        instanceType: props.instanceType ?? ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.LARGE),
        multiAz: true,
        databaseName: props.databaseName ?? DEFAULTS.database.name,
        allocatedStorage: 100,
        maxAllocatedStorage: 1000,
        storageType: rds.StorageType.GP3,
        backupRetention,
        copyTagsToSnapshot: true,
        publiclyAccessible: false,
        autoMinorVersionUpgrade: true,
      });
      this.secret = this.instance.secret!;
      this.endpoint = this.instance.instanceEndpoint;
      this.connections = this.instance.connections;
      this.acknowledgeDefaultPort(this.instance);
    }
  }

  /**
   * AwsSolutions-RDS11 flags MySQL's default port 3306 (it lets PostgreSQL's 5432 pass). The
   * default port is deliberate: the database sits in isolated subnets behind a security group.
   */
  private acknowledgeDefaultPort(resource: Construct): void {
    if (ENGINE_PORT[this.engine] !== 3306) return;
    acknowledge(resource, 'AwsSolutions-RDS11',
      'The database sits in isolated subnets and admits only the service instances\' security group; a non-default port adds no protection and breaks client defaults.');
  }

  /** A CloudWatch metric of this database (cluster-wide for Aurora). */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.cluster ? this.cluster.metric(metricName, props) : this.instance!.metric(metricName, props);
  }
}
