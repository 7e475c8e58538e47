import * as fs from 'fs';
import * as path from 'path';
import { A3, Resources, cluster, findingsOf, group, natRoutes, ref, subnetRefs, subnets, targetGroup, violationsOf } from './templates';
import { RESILIENCE_RULES } from '../../src/rules';

// Each rule on small plain templates: one that complies, one that does not.

const alarmOn = (id: string, dimension: string, value: unknown): Resources => ({
  [id]: {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: { ComparisonOperator: 'LessThanThreshold', EvaluationPeriods: 1, Threshold: 1, MetricName: 'M', Namespace: 'N', Period: 60, Statistic: 'Minimum', Dimensions: [{ Name: dimension, Value: value }] },
  },
});
const one = (id: string, type: string, properties: Record<string, unknown>, extra: Record<string, unknown> = {}): Resources =>
  ({ [id]: { Type: type, Properties: properties, ...extra } });
const dbInstance = (props: Record<string, unknown>, extra: Record<string, unknown> = { DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' }) =>
  one('Db', 'AWS::RDS::DBInstance', { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', MultiAZ: true, BackupRetentionPeriod: 7, DeletionProtection: true, ...props }, extra);
const graphCluster = (kind: 'Neptune' | 'DocDB', azs: string[]): Resources => ({
  Graph: { Type: `AWS::${kind}::DBCluster`, Properties: {} },
  ...Object.fromEntries(azs.map((az, i) => [`Node${i}`, { Type: `AWS::${kind}::DBInstance`, Properties: { DBClusterIdentifier: ref('Graph'), DBInstanceClass: 'db.r6g.large', AvailabilityZone: az } }])),
});
const domain = (type: string, config: Record<string, unknown>) =>
  one('Search', type, type === 'AWS::Elasticsearch::Domain' ? { ElasticsearchClusterConfig: config } : { ClusterConfig: config });
const efs = (azs: string[], props: Record<string, unknown> = {}): Resources => ({
  ...subnets(azs),
  Files: { Type: 'AWS::EFS::FileSystem', Properties: props },
  ...Object.fromEntries(azs.map((_, i) => [`Mount${i + 1}`, { Type: 'AWS::EFS::MountTarget', Properties: { FileSystemId: ref('Files'), SubnetId: ref(`Subnet${i + 1}`), SecurityGroups: ['sg-1'] } }])),
});
const record = (id: string, role: string, props: Record<string, unknown> = {}) =>
  one(id, 'AWS::Route53::RecordSet', { HostedZoneId: 'Z1', Name: 'api.example.com.', Type: 'A', SetIdentifier: role, Failover: role, ResourceRecords: ['192.0.2.1'], TTL: '60', ...props });

const CASES: Array<[string, Resources, Resources, string[]]> = [
  ['HA-ASG1', group(A3), group(['eu-west-1a'], { MinSize: '1' }), ['HA-ASG1@Group']],
  ['HA-ASG2', group(A3), group(A3.slice(0, 2)), ['HA-ASG2@Group']],
  ['HA-ASG3', group(A3, { MinSize: '6' }), group(A3, { MinSize: '2' }), ['HA-ASG3@Group']],
  ['HA-ASG4', group(A3), group(A3, { HealthCheckType: 'EC2' }), ['HA-ASG4@Group']],
  ['HA-ASG5', group(A3), group(A3, { HealthCheckGracePeriod: undefined }), ['HA-ASG5@Group']],
  ['HA-ASG6', group(A3), group(A3, { LaunchTemplate: undefined, LaunchConfigurationName: 'lc' }), ['HA-ASG6@Group']],
  ['HA-ASG7', group(A3, {}, { UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: 3 } } }),
    group(A3, {}, { UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: 0 } } }), ['HA-ASG7@Group']],
  ['HA-ELB1', { ...subnets(A3), ...one('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: subnetRefs(A3) }) },
    { ...subnets(['eu-west-1a']), ...one('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: subnetRefs(['eu-west-1a']) }) }, ['HA-ELB1@Lb']],
  ['HA-ELB2', targetGroup(), targetGroup({ HealthCheckPath: undefined }), ['HA-ELB2@Targets']],
  ['HA-ELB3', targetGroup(), targetGroup({ HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 3 }), ['HA-ELB3@Targets']],
  ['HA-ELB4', targetGroup(), targetGroup({ TargetGroupAttributes: [] }), ['HA-ELB4@Targets']],
  ['HA-ELB5', one('Classic', 'AWS::ElasticLoadBalancing::LoadBalancer', { AvailabilityZones: ['eu-west-1a', 'eu-west-1b'], Listeners: [] }),
    { ...subnets(['eu-west-1a']), ...one('Classic', 'AWS::ElasticLoadBalancing::LoadBalancer', { Subnets: subnetRefs(['eu-west-1a']), Listeners: [] }) }, ['HA-ELB5@Classic']],
  ['HA-RDS1', cluster(['eu-west-1b']), cluster([]), ['HA-RDS1@Cluster']],
  ['HA-RDS2', cluster(['eu-west-1b']), cluster(['eu-west-1b'], { BackupRetentionPeriod: 1 }), ['HA-RDS2@Cluster']],
  ['HA-RDS3', cluster(['eu-west-1b']), cluster(['eu-west-1b'], { DeletionProtection: false }), ['HA-RDS3@Cluster']],
  ['HA-RDS4', dbInstance({}), dbInstance({}, {}), ['HA-RDS4@Db']],
  ['HA-NEP1', graphCluster('Neptune', ['eu-west-1a', 'eu-west-1b']), graphCluster('Neptune', ['eu-west-1a']), ['HA-NEP1@Graph']],
  ['HA-DOC1', graphCluster('DocDB', ['eu-west-1a', 'eu-west-1b']), graphCluster('DocDB', ['eu-west-1a', 'eu-west-1a']), ['HA-DOC1@Graph']],
  ['HA-NET1', natRoutes((i) => i), natRoutes(() => 0), ['HA-NET1@Default2', 'HA-NET1@Default3']],
  ['HA-NET2', natRoutes((i) => i), natRoutes(() => 0), ['HA-NET2@Nat1']],
  ['HA-VPCE1', { ...subnets(A3), ...one('Endpoint', 'AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-1.sqs', VpcId: 'vpc-1', SubnetIds: subnetRefs(A3) }) },
    { ...subnets(['eu-west-1a']), ...one('Endpoint', 'AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-1.sqs', VpcId: 'vpc-1', SubnetIds: subnetRefs(['eu-west-1a']) }) },
    ['HA-VPCE1@Endpoint']],
  ['HA-EC1', one('Cache', 'AWS::ElastiCache::ReplicationGroup', { AutomaticFailoverEnabled: true, MultiAZEnabled: 'true' }),
    one('Cache', 'AWS::ElastiCache::ReplicationGroup', { AutomaticFailoverEnabled: true }), ['HA-EC1@Cache']],
  ['HA-EC2', one('Cache', 'AWS::ElastiCache::CacheCluster', { Engine: 'memcached', NumCacheNodes: 2, AZMode: 'cross-az', CacheNodeType: 'cache.m7g.large' }),
    one('Cache', 'AWS::ElastiCache::CacheCluster', { Engine: 'redis', NumCacheNodes: 1, CacheNodeType: 'cache.m7g.large' }), ['HA-EC2@Cache']],
  ['HA-DDB1', one('Table', 'AWS::DynamoDB::Table', { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: 'true' } }),
    one('Table', 'AWS::DynamoDB::Table', {}), ['HA-DDB1@Table']],
  ['HA-OS1', domain('AWS::OpenSearchService::Domain', { InstanceCount: 3, ZoneAwarenessEnabled: true, ZoneAwarenessConfig: { AvailabilityZoneCount: 3 } }),
    domain('AWS::Elasticsearch::Domain', { InstanceCount: 2 }), ['HA-OS1@Search']],
  ['HA-EFS1', efs(['eu-west-1a', 'eu-west-1b']), efs(['eu-west-1a']), ['HA-EFS1@Files']],
  ['HA-MQ1', one('Broker', 'AWS::AmazonMQ::Broker', { DeploymentMode: 'ACTIVE_STANDBY_MULTI_AZ', EngineType: 'ACTIVEMQ' }),
    one('Broker', 'AWS::AmazonMQ::Broker', { DeploymentMode: 'SINGLE_INSTANCE', EngineType: 'ACTIVEMQ' }), ['HA-MQ1@Broker']],
  ['HA-MSK1', { ...subnets(A3), ...one('Kafka', 'AWS::MSK::Cluster', { NumberOfBrokerNodes: 3, BrokerNodeGroupInfo: { ClientSubnets: subnetRefs(A3), InstanceType: 'kafka.m7g.large' } }) },
    { ...subnets(A3.slice(0, 2)), ...one('Kafka', 'AWS::MSK::Cluster', { NumberOfBrokerNodes: 2, BrokerNodeGroupInfo: { ClientSubnets: subnetRefs(A3.slice(0, 2)), InstanceType: 'kafka.m7g.large' } }) },
    ['HA-MSK1@Kafka']],
  ['HA-EC2-1', {}, one('Box', 'AWS::EC2::Instance', { ImageId: 'ami-1' }), ['HA-EC2-1@Box']],
  ['HA-LAMBDA1', { ...subnets(A3), ...one('Fn', 'AWS::Lambda::Function', { VpcConfig: { SubnetIds: subnetRefs(A3), SecurityGroupIds: ['sg-1'] } }) },
    { ...subnets(['eu-west-1a']), ...one('Fn', 'AWS::Lambda::Function', { VpcConfig: { SubnetIds: subnetRefs(['eu-west-1a']), SecurityGroupIds: ['sg-1'] } }) }, ['HA-LAMBDA1@Fn']],
  ['HA-R53-1', { ...record('Primary', 'PRIMARY', { HealthCheckId: 'hc-1' }), ...record('Secondary', 'SECONDARY') },
    { ...record('Primary', 'PRIMARY'), ...record('Secondary', 'SECONDARY') }, ['HA-R53-1@Primary']],
  ['HA-R53-2', { ...record('Primary', 'PRIMARY', { HealthCheckId: 'hc-1' }), ...record('Secondary', 'SECONDARY') },
    { ...record('Primary', 'PRIMARY', { HealthCheckId: 'hc-1' }), ...record('Secondary', 'SECONDARY', { Name: 'www.example.com.' }) }, ['HA-R53-2@Primary', 'HA-R53-2@Secondary']],
  ['HA-ALARM1', { ...group(A3), ...alarmOn('InService', 'AutoScalingGroupName', ref('Group')) }, group(A3), ['HA-ALARM1@Group']],
];

describe('each rule: compliant and non-compliant', () => {
  test.each(CASES)('%s', (ruleId, compliant, broken, expected) => {
    expect(findingsOf(compliant, ruleId)).toEqual([]);
    expect(findingsOf(broken, ruleId)).toEqual(expected);
  });

  test('every rule has an id, a level, a title, a reason and a fix, and a case here', () => {
    const tested = new Set(CASES.map((c) => c[0]));
    for (const rule of RESILIENCE_RULES) {
      expect(rule.id).toMatch(/^HA-[A-Z0-9-]+$/);
      expect([rule.title, rule.why, rule.fix].every((t) => t.length > 10)).toBe(true);
      expect(tested.has(rule.id)).toBe(true);
    }
    expect(new Set(RESILIENCE_RULES.map((r) => r.id)).size).toBe(RESILIENCE_RULES.length);
  });

  test('the ids of the first release are unchanged', () => {
    expect(RESILIENCE_RULES.map((r) => r.id)).toEqual(expect.arrayContaining([
      'HA-ASG1', 'HA-ASG2', 'HA-ASG3', 'HA-ASG4', 'HA-ASG5', 'HA-ASG6', 'HA-ASG7', 'HA-ELB1', 'HA-ELB2', 'HA-ELB3', 'HA-ELB4',
      'HA-RDS1', 'HA-RDS2', 'HA-RDS3', 'HA-RDS4', 'HA-NET1', 'HA-NET2', 'HA-EC1', 'HA-DDB1', 'HA-EC2-1', 'HA-ALARM1',
    ]));
  });
});

describe('shapes that are not single points of failure', () => {
  test('a read replica is not a writer: no HA-RDS1 (nor backups, protection or snapshot findings) on it', () => {
    const replica = one('Replica', 'AWS::RDS::DBInstance', { SourceDBInstanceIdentifier: ref('Db'), DBInstanceClass: 'db.m7g.large' });
    expect(findingsOf({ ...dbInstance({}), ...replica }).filter((f) => f.endsWith('@Replica'))).toEqual([]);
  });

  test('Aurora Serverless v1 has no instances to count', () => {
    const serverless = one('Cluster', 'AWS::RDS::DBCluster', { Engine: 'aurora-mysql', EngineMode: 'serverless', BackupRetentionPeriod: 7, DeletionProtection: true });
    expect(findingsOf(serverless, 'HA-RDS1')).toEqual([]);
  });

  test('a placeholder target group (only a listener default, no targets) is not judged', () => {
    const placeholder: Resources = {
      ...targetGroup({
        Targets: undefined, HealthCheckPath: undefined, TargetGroupAttributes: undefined, HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 5,
      }),
      ...one('Listener', 'AWS::ElasticLoadBalancingV2::Listener', { LoadBalancerArn: 'arn:lb', Port: 80, Protocol: 'HTTP', DefaultActions: [{ Type: 'forward', TargetGroupArn: ref('Targets') }] }),
    };
    expect(findingsOf(placeholder)).toEqual([]);
    // Exported, something else may register targets: judged.
    expect(findingsOf({ Resources: placeholder, Outputs: { Tg: { Value: ref('Targets'), Export: { Name: 'tg' } } } }).sort())
      .toEqual(['HA-ELB2@Targets', 'HA-ELB3@Targets', 'HA-ELB4@Targets']);
  });

  test('a rolling update that replaces one of two at a time keeps 1 of 2 in service', () => {
    const t = { Resources: group(A3.slice(0, 2), {}, { UpdatePolicy: { AutoScalingRollingUpdate: {} } }) };
    const [v] = violationsOf(t, 'HA-ASG7');
    expect(v.message).toBe('a rolling update keeps 1 of 2 instances in service');
  });

  test('Memcached over 2 nodes in one AZ, a single-AZ OpenSearch domain, a One Zone EFS', () => {
    expect(findingsOf(one('Cache', 'AWS::ElastiCache::CacheCluster', { Engine: 'memcached', NumCacheNodes: 3, CacheNodeType: 'cache.m7g.large' }), 'HA-EC2')).toEqual(['HA-EC2@Cache']);
    expect(findingsOf(domain('AWS::OpenSearchService::Domain', { InstanceCount: 2, MultiAZWithStandbyEnabled: true }), 'HA-OS1')).toEqual([]);
    expect(findingsOf(one('Files', 'AWS::EFS::FileSystem', { AvailabilityZoneName: 'eu-west-1a' }), 'HA-EFS1')).toEqual(['HA-EFS1@Files']);
  });

  test('a regional NAT gateway (AvailabilityMode regional) serves every AZ by itself', () => {
    const routes = natRoutes(() => 0);
    routes.Nat1.Properties = { AvailabilityMode: 'regional', VpcId: 'vpc-1' };
    expect(findingsOf(routes).filter((f) => f.startsWith('HA-NET'))).toEqual([]);
  });

  test('a gateway endpoint and a Lambda function outside a VPC are regional', () => {
    expect(findingsOf(one('S3', 'AWS::EC2::VPCEndpoint', { ServiceName: 'com.amazonaws.eu-west-1.s3', VpcId: 'vpc-1', RouteTableIds: ['rtb-1'] }))).toEqual([]);
    expect(findingsOf(one('Fn', 'AWS::Lambda::Function', { Code: { ZipFile: 'x' } }))).toEqual([]);
  });

  test('failover records in a record set group, the primary an alias that evaluates its target', () => {
    const grouped = one('Records', 'AWS::Route53::RecordSetGroup', {
      HostedZoneName: 'example.com.',
      RecordSets: [
        { Name: 'api.example.com', Type: 'A', SetIdentifier: 'a', Failover: 'PRIMARY', AliasTarget: { DNSName: 'lb.example.com', HostedZoneId: 'Z2', EvaluateTargetHealth: true } },
        { Name: 'api.example.com.', Type: 'A', SetIdentifier: 'b', Failover: 'SECONDARY', AliasTarget: { DNSName: 'static.example.com', HostedZoneId: 'Z3' } },
      ],
    });
    expect(findingsOf(grouped)).toEqual([]);
  });
});

test("the README's table is the rules, in their order (paste the expected rows when a rule changes)", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('## Check any app or template for resilience');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const rows = section.split('\n').filter((line) => line.startsWith('| HA-'));
  expect(rows).toEqual(RESILIENCE_RULES.map((r) => `| ${r.id} | ${r.level} | ${r.title} | ${r.why} | ${r.fix} |`));
});
