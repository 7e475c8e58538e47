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

const schedule = (props: Record<string, unknown>): Resources =>
  one('Night', 'AWS::AutoScaling::ScheduledAction', { AutoScalingGroupName: ref('Group'), Recurrence: '0 22 * * *', ...props });
const service = (props: Record<string, unknown>): Resources => one('Api', 'AWS::ECS::Service', {
  Cluster: 'shop',
  TaskDefinition: 'api:1',
  LaunchType: 'FARGATE',
  DesiredCount: 3,
  NetworkConfiguration: { AwsvpcConfiguration: { Subnets: subnetRefs(A3) } },
  DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
  ...props,
});
const nodegroup = (subnetList: unknown[]): Resources => one('Nodes', 'AWS::EKS::Nodegroup', {
  ClusterName: 'platform', NodeRole: 'arn:aws:iam::111122223333:role/nodes', Subnets: subnetList, ScalingConfig: { MinSize: 2, MaxSize: 6, DesiredSize: 3 },
});

const CASES: Array<[string, Resources, Resources, string[]]> = [
  ['HA-ASG1', group(A3), group(['eu-west-1a'], { MinSize: '1' }), ['HA-ASG1@Group']],
  ['HA-ASG2', group(A3), group(A3.slice(0, 2)), ['HA-ASG2@Group']],
  ['HA-ASG3', group(A3, { MinSize: '6' }), group(A3, { MinSize: '2' }), ['HA-ASG3@Group']],
  ['HA-ASG4', group(A3), group(A3, { HealthCheckType: 'EC2' }), ['HA-ASG4@Group']],
  ['HA-ASG5', group(A3), group(A3, { HealthCheckGracePeriod: undefined }), ['HA-ASG5@Group']],
  ['HA-ASG6', group(A3), group(A3, { LaunchTemplate: undefined, LaunchConfigurationName: 'lc' }), ['HA-ASG6@Group']],
  ['HA-ASG7', group(A3, {}, { UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: 3 } } }),
    group(A3, {}, { UpdatePolicy: { AutoScalingRollingUpdate: { MinInstancesInService: 0 } } }), ['HA-ASG7@Group']],
  ['HA-ASG8', group(A3), group(A3, { MinSize: '1', MaxSize: '1' }), ['HA-ASG8@Group']],
  ['HA-ASG9', { ...group(A3), ...schedule({ MinSize: 3, DesiredCapacity: 3 }) }, { ...group(A3), ...schedule({ MinSize: 1, MaxSize: 1, DesiredCapacity: 1 }) }, ['HA-ASG9@Night']],
  ['HA-ELB1', { ...subnets(A3), ...one('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: subnetRefs(A3) }) },
    { ...subnets(['eu-west-1a']), ...one('Lb', 'AWS::ElasticLoadBalancingV2::LoadBalancer', { Subnets: subnetRefs(['eu-west-1a']) }) }, ['HA-ELB1@Lb']],
  ['HA-ELB2', targetGroup(), targetGroup({ HealthCheckPath: undefined }), ['HA-ELB2@Targets']],
  ['HA-ELB3', targetGroup(), targetGroup({ HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 3, Targets: [{ Id: 'i-1' }, { Id: 'i-2' }] }), ['HA-ELB3@Targets']],
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
  ['HA-ECS1', { ...subnets(A3), ...service({ DesiredCount: 3 }) }, { ...subnets(A3), ...service({ DesiredCount: 1 }) }, ['HA-ECS1@Api']],
  ['HA-ECS2', { ...subnets(A3), ...service({}) }, { ...subnets(A3), ...service({ DeploymentConfiguration: { MinimumHealthyPercent: 100 } }) }, ['HA-ECS2@Api']],
  ['HA-EKS1', { ...subnets(A3), ...nodegroup(subnetRefs(A3)) }, { ...subnets(A3), ...nodegroup([ref('Subnet1')]) }, ['HA-EKS1@Nodes']],
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

describe('each rule only where availability is at stake', () => {
  test('slow detection is not judged on a target group with one target and room for no other', () => {
    // A group of at most one instance is its only target; traffic has nowhere else to go.
    const single = group(A3, { MinSize: '1', MaxSize: '1' });
    (single.Targets.Properties as any).Targets = undefined;
    Object.assign(single.Targets.Properties!, { HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 3 });
    expect(findingsOf(single, 'HA-ELB3')).toEqual([]);
    expect(findingsOf(targetGroup({ HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 3 }), 'HA-ELB3')).toEqual([]);
    // Two groups of one each, or a group that can grow: judged.
    const grows = group(A3, { MinSize: '1', MaxSize: '3' });
    (grows.Targets.Properties as any).Targets = undefined;
    Object.assign(grows.Targets.Properties!, { HealthCheckIntervalSeconds: 30, UnhealthyThresholdCount: 3 });
    expect(findingsOf(grows, 'HA-ELB3')).toEqual(['HA-ELB3@Targets']);
  });

  test("the deregistration delay is not judged on a Network Load Balancer's one fixed IP target", () => {
    const nlb = { Protocol: 'TCP', TargetType: 'ip', HealthCheckPath: undefined, TargetGroupAttributes: [], Targets: [{ Id: '10.0.0.10', Port: 443 }] };
    expect(findingsOf(targetGroup(nlb), 'HA-ELB4')).toEqual([]);
    expect(findingsOf(targetGroup({ ...nlb, Targets: [{ Id: '10.0.0.10' }, { Id: '10.0.1.10' }] }), 'HA-ELB4')).toEqual(['HA-ELB4@Targets']);
    expect(findingsOf(targetGroup({ ...nlb, Protocol: 'HTTP' }), 'HA-ELB4')).toEqual(['HA-ELB4@Targets']);
  });

  test('a one-shot helper group that stops itself is no serving tier: no alarm, AZ or minimum finding', () => {
    const helper = (props: Record<string, unknown>, extra: Resources = {}) => {
      const g = group(A3.slice(0, 2), { MinSize: '0', MaxSize: '1', TargetGroupARNs: undefined, ...props });
      delete g.Targets;
      return { ...g, ...extra };
    };
    const once = one('Stop', 'AWS::AutoScaling::ScheduledAction', { AutoScalingGroupName: ref('Group'), StartTime: '2026-12-08T06:00:00Z', MaxSize: 0, DesiredCapacity: 0 });
    const never = /HA-(ALARM1|ASG1|ASG2|ASG3)@/;
    expect(findingsOf(helper({ DesiredCapacity: '0' })).filter((f) => never.test(f))).toEqual([]);
    expect(findingsOf(helper({}, once)).filter((f) => never.test(f))).toEqual([]);
    // A recurring schedule to 0 (nights) is a serving tier that sleeps: judged.
    const nightly = one('Stop', 'AWS::AutoScaling::ScheduledAction', { AutoScalingGroupName: ref('Group'), Recurrence: '0 22 * * *', MaxSize: 0, DesiredCapacity: 0 });
    expect(findingsOf(helper({}, nightly)).filter((f) => never.test(f)).sort()).toEqual(['HA-ALARM1@Group', 'HA-ASG2@Group', 'HA-ASG3@Group']);
  });

  test('a replication group with automatic failover and its nodes in two AZs is not told "nothing is promoted"', () => {
    const cache = (props: Record<string, unknown>) => one('Cache', 'AWS::ElastiCache::ReplicationGroup', { AutomaticFailoverEnabled: true, NumCacheClusters: 2, ...props });
    expect(findingsOf(cache({ PreferredCacheClusterAZs: ['eu-west-1a', 'eu-west-1b'] }), 'HA-EC1')).toEqual([]);
    expect(violationsOf({ Resources: cache({ PreferredCacheClusterAZs: ['eu-west-1a', 'eu-west-1a'] }) }, 'HA-EC1')[0].message)
      .toBe('MultiAZEnabled not set, and the nodes all placed in eu-west-1a: the replica promoted may be in the AZ that failed');
    expect(violationsOf({ Resources: cache({ AutomaticFailoverEnabled: false }) }, 'HA-EC1')[0].message)
      .toBe('AutomaticFailoverEnabled and MultiAZEnabled not set: no replica is promoted');
  });

  test('a schedule to one is no finding when another group serves behind the same target group', () => {
    const t = { ...group(A3), ...schedule({ MaxSize: 1, DesiredCapacity: 1, MinSize: 1 }) };
    t.Other = { ...t.Group, Properties: { ...t.Group.Properties } };
    expect(findingsOf(t, 'HA-ASG9')).toEqual([]);
  });

  test('one subnet is one AZ wherever it is defined; a fleet of at most one is judged without its subnets', () => {
    // A subnet passed in as a parameter: its AZ is not known, but there is one.
    const fromParameter = {
      Parameters: { AppSubnet: { Type: 'AWS::EC2::Subnet::Id', Default: 'subnet-0abc' } },
      Resources: { ...group(A3, { VPCZoneIdentifier: [ref('AppSubnet')], MinSize: '1', MaxSize: '1' }) },
    };
    expect(findingsOf(fromParameter).filter((f) => /HA-ASG[138]@/.test(f)).sort()).toEqual(['HA-ASG1@Group', 'HA-ASG8@Group']);
    // Two subnets from parameters: their AZs are unknown, the group is not judged on them; MinSize 1 over 2 subnets is.
    const two = {
      Parameters: { A: { Type: 'AWS::EC2::Subnet::Id', Default: 'subnet-0a' }, B: { Type: 'AWS::EC2::Subnet::Id', Default: 'subnet-0b' } },
      Resources: { ...group(A3, { VPCZoneIdentifier: [ref('A'), ref('B')], MinSize: '1' }) },
    };
    expect(findingsOf(two).filter((f) => /HA-ASG[1238]@/.test(f))).toEqual(['HA-ASG3@Group']);
  });
});

test("a queue's workers scaled from 0 by their policies are a serving tier, judged as one", () => {
  const workers = group(['eu-west-1a'], { MinSize: '0', MaxSize: '10', DesiredCapacity: '0', TargetGroupARNs: undefined });
  delete workers.Targets;
  expect(findingsOf(workers).filter((f) => /HA-(ALARM1|ASG1)@/.test(f)).sort()).toEqual(['HA-ALARM1@Group', 'HA-ASG1@Group']);
});
