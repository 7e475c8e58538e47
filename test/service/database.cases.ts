import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { DatabaseEngine } from '../../src';
import { ROLLBACK_RELEASE_FUNCTION } from '../../src/core/tiers/rollback-release';
import { AZS, synthService, defaultService } from '../util';

describe('database, default (Aurora PostgreSQL)', () => {
  const { template, service } = defaultService();

  test('a writer and one reader, in different AZs, the reader first in line for promotion', () => {
    const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
    expect(instances).toHaveLength(2);
    const writer = instances.find((i) => i.Properties.PromotionTier === 0);
    const reader = instances.find((i) => i.Properties.PromotionTier === 1);
    expect(writer.Properties.AvailabilityZone).toBe(AZS[0]);
    expect(reader.Properties.AvailabilityZone).toBe(AZS[1]);
    for (const i of instances) {
      expect(i.Properties.DBInstanceClass).toBe('db.r7g.large');
      expect(i.Properties.PubliclyAccessible).toBe(false);
    }
    expect(service.resilienceReport.databaseTopology).toBe('Aurora PostgreSQL: writer + 1 reader(s) in other AZs');
  });

  test('encrypted, deletion protected, snapshotted on delete, 7 days of backups, IAM auth, managed secret', () => {
    template.hasResource('AWS::RDS::DBCluster', {
      DeletionPolicy: 'Snapshot',
      UpdateReplacePolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'aurora-postgresql',
        StorageEncrypted: true,
        DeletionProtection: true,
        BackupRetentionPeriod: 7,
        EnableIAMDatabaseAuthentication: true,
        ManageMasterUserPassword: true,
        DatabaseName: 'app',
        EnableCloudwatchLogsExports: ['postgresql'],
      }),
    });
    // RDS keeps and rotates the password: no secret or rotation Lambda in the template.
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    // The one function is the release on rollback's.
    expect(Object.values<any>(template.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Code.ZipFile)).toEqual([ROLLBACK_RELEASE_FUNCTION.code]);
  });

  test('in the isolated subnets, reachable only from the fleet', () => {
    const group = Object.values(template.findResources('AWS::RDS::DBSubnetGroup'))[0] as any;
    expect(group.Properties.SubnetIds.map((s: any) => s.Ref).every((id: string) => /IsolatedSubnet/.test(id))).toBe(true);
    expect(group.Properties.SubnetIds).toHaveLength(3);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DatabaseSecurityGroup'), 'GroupId'] } },
    })) as any[];
    expect(ingress).toHaveLength(1);
    expect(ingress[0].Properties.SourceSecurityGroupId['Fn::GetAtt'][0]).toMatch(/FleetSecurityGroup/);
    expect(ingress[0].Properties.FromPort).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DatabaseCluster/), 'Endpoint.Port'] });
    // Not the engine's default port, nor its default user name.
    template.hasResourceProperties('AWS::RDS::DBCluster', { Port: 5433, MasterUsername: 'service_admin' });
    expect(service.database?.port).toBe(5433);
  });

  test('enhanced monitoring every 60 s on every instance, through a role RDS assumes', () => {
    for (const i of Object.values(template.findResources('AWS::RDS::DBInstance')) as any[]) {
      expect(i.Properties.MonitoringInterval).toBe(60);
      expect(i.Properties.MonitoringRoleArn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DatabaseMonitoringRole/), 'Arn'] });
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] },
    });
  });

  test('the instances can read the database secret', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('DatabaseCluster'), 'MasterUserSecret.SecretArn'] },
        })]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('InstanceRole') }],
    });
  });
});

describe('database, options', () => {
  test('reader auto scaling: the cluster\'s reader count between the planned readers and the maximum, on reader CPU, through the service-linked role', () => {
    const { template, service } = synthService({ databaseReaders: 2, databaseMaxReaders: 5, databaseReaderCpuTarget: 50 });
    const [target] = Object.values(template.findResources('AWS::ApplicationAutoScaling::ScalableTarget')) as any[];
    expect(target.Properties).toEqual({
      ServiceNamespace: 'rds',
      ResourceId: { 'Fn::Join': ['', ['cluster:', { Ref: expect.stringMatching(/^WebDatabaseCluster/) }]] },
      ScalableDimension: 'rds:cluster:ReadReplicaCount',
      MinCapacity: 2,
      MaxCapacity: 5,
    });
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 50,
        PredefinedMetricSpecification: { PredefinedMetricType: 'RDSReaderAverageCPUUtilization' },
        ScaleInCooldown: 900,
        ScaleOutCooldown: 300,
      },
    });
    expect(service.database?.readerScaling).toBeDefined();
  });

  test('Aurora MySQL with three readers round the other AZs, backtrack and audit logs', () => {
    const { template, service } = synthService({
      databaseEngine: DatabaseEngine.AURORA_MYSQL, databaseReaders: 3, databaseBackupRetention: Duration.days(14),
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      Engine: 'aurora-mysql',
      BacktrackWindow: 86400,
      BackupRetentionPeriod: 14,
      EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
      Port: 3307,
    });
    const azs = (Object.values(template.findResources('AWS::RDS::DBInstance')) as any[])
      .filter((i) => i.Properties.PromotionTier === 1).map((i) => i.Properties.AvailabilityZone);
    expect(azs).toEqual([AZS[1], AZS[2], AZS[0]]);
    expect(service.database?.readers).toBe(3);
    // The exported logs are written: advanced auditing and the slow query log, in the cluster's own parameter group.
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: Match.objectLike({ server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL', slow_query_log: '1', require_secure_transport: 'ON' }),
    });
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      EngineVersion: '8.0', DBClusterParameterGroupName: { Ref: Match.stringLikeRegexp('DatabaseParameterGroup') },
    });
  });

  test('RDS Multi-AZ MySQL instance: the audit plugin option and the slow query log make its exported logs hold something', () => {
    const { template } = synthService({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
    template.hasResourceProperties('AWS::RDS::DBInstance', {
      Engine: 'mysql',
      EngineVersion: '8.4',
      EnableCloudwatchLogsExports: ['audit', 'error', 'general', 'slowquery'],
      DBParameterGroupName: { Ref: Match.stringLikeRegexp('DatabaseParameterGroup') },
      OptionGroupName: { Ref: Match.stringLikeRegexp('DatabaseOptionGroup') },
    });
    template.hasResourceProperties('AWS::RDS::DBParameterGroup', {
      Family: 'mysql8.4', Parameters: { slow_query_log: '1', long_query_time: '1', log_output: 'FILE', require_secure_transport: '1' },
    });
    template.hasResource('AWS::RDS::OptionGroup', {
      Properties: {
        EngineName: 'mysql',
        MajorEngineVersion: '8.4',
        OptionConfigurations: [{ OptionName: 'MARIADB_AUDIT_PLUGIN', OptionSettings: [{ Name: 'SERVER_AUDIT_EVENTS', Value: 'CONNECT,QUERY_DCL,QUERY_DDL' }] }],
      },
      // Kept with the instance's final snapshot, which keeps it in use: deleting it would fail the stack's deletion.
      DeletionPolicy: 'Retain',
    });
  });

  test('RDS Multi-AZ PostgreSQL instance', () => {
    const { template, service } = synthService({
      databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE,
      databaseInstanceType: ec2.InstanceType.of(ec2.InstanceClass.M7G, ec2.InstanceSize.XLARGE),
    });
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    template.hasResource('AWS::RDS::DBInstance', {
      DeletionPolicy: 'Snapshot',
      Properties: Match.objectLike({
        Engine: 'postgres',
        MultiAZ: true,
        StorageEncrypted: true,
        DeletionProtection: true,
        DBInstanceClass: 'db.m7g.xlarge',
        EnableIAMDatabaseAuthentication: true,
        ManageMasterUserPassword: true,
        BackupRetentionPeriod: 7,
        StorageType: 'gp3',
        Port: '5433',
        MasterUsername: 'service_admin',
        MonitoringInterval: 60,
        // The service's own key encrypts the storage.
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('DatabaseStorageKey'), 'Arn'] },
      }),
    });
    expect(service.database?.instance).toBeDefined();
    expect(service.resilienceReport.databaseFailoverSeconds).toBe(120);
  });

  test('a stateless service has no database and no database alarms', () => {
    const { template, service } = synthService({ database: false });
    template.resourceCountIs('AWS::RDS::DBCluster', 0);
    template.resourceCountIs('AWS::RDS::DBInstance', 0);
    expect(service.database).toBeUndefined();
    expect(service.resilienceReport.databaseTopology).toMatch(/none/);
  });

  test('deletionProtection: false turns it off, but the snapshot on delete stays', () => {
    const { template } = synthService({ deletionProtection: false });
    template.hasResource('AWS::RDS::DBCluster', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: false }) });
  });
});
