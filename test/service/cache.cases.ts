import { Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HighlyAvailableService } from '../../src';
import { AZ_CONTEXT, ENV, synthService, testApp } from '../util';

const refId = (value: any): string => value.Ref ?? value['Fn::GetAtt']?.[0];

describe('a cache', () => {
  const { template, service } = synthService({ cache: true });
  const group = () => (Object.values(template.findResources('AWS::ElastiCache::ReplicationGroup'))[0] as any);

  test('Valkey, a node per AZ, Multi-AZ failover, encrypted at rest and TLS required, a final snapshot on delete', () => {
    const g = group();
    expect(g.DeletionPolicy).toBe('Snapshot');
    expect(g.UpdateReplacePolicy).toBe('Snapshot');
    expect(g.Properties).toEqual(expect.objectContaining({
      ReplicationGroupId: 'test-web-51a73038',
      Engine: 'valkey',
      EngineVersion: '8.0',
      CacheNodeType: 'cache.m7g.large',
      NumCacheClusters: 3,
      PreferredCacheClusterAZs: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
      MultiAZEnabled: true,
      AutomaticFailoverEnabled: true,
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
      Port: 6380,
      SnapshotRetentionLimit: 7,
      AutoMinorVersionUpgrade: true,
    }));
    const [subnets] = Object.values(template.findResources('AWS::ElastiCache::SubnetGroup')) as any[];
    expect(subnets.Properties.SubnetIds.map(refId).every((id: string) => id.startsWith('WebVpcIsolatedSubnet'))).toBe(true);
    expect(service.cache).toBeDefined();
  });

  test('role-based access: the default user off, the instances\' user on IAM; only the fleet reaches the port; the role may connect', () => {
    const users = Object.values(template.findResources('AWS::ElastiCache::User')).map((u: any) => u.Properties);
    expect(users).toEqual(expect.arrayContaining([
      expect.objectContaining({ UserName: 'default', AccessString: 'off -@all' }),
      { UserId: 'test-web-51a73038-app', UserName: 'test-web-51a73038-app', Engine: 'valkey', AccessString: 'on ~* +@all', AuthenticationMode: { Type: 'iam' } },
    ]));
    expect(group().Properties.UserGroupIds).toEqual([{ Ref: expect.stringMatching(/^WebCacheUserGroup/) }]);
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties)
      .filter((r) => refId(r.GroupId).startsWith('WebCacheSecurityGroup'));
    expect(ingress).toEqual([expect.objectContaining({ FromPort: 6380, ToPort: 6380, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^WebFleet/), 'GroupId'] } })]);
    const policy = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => refId(r).startsWith('WebInstanceRole'))));
    expect(policy).toContain('elasticache:Connect');
    expect(policy).toContain(':replicationgroup:test-web-51a73038');
    expect(policy).toContain(':user:test-web-51a73038-app');
  });

  test('the instances find the endpoint, port and user in the environment file the built-in app reads', () => {
    const userData = JSON.stringify(Object.values(template.findResources('AWS::EC2::LaunchTemplate'))[0]);
    expect(userData).toContain("cat > /etc/cdk-highly-available-service/service.env <<'ENV'");
    expect(userData).toMatch(/CACHE_HOST=",\{"Fn::GetAtt":\["WebCache[0-9A-F]+","PrimaryEndPoint.Address"\]\}/);
    expect(userData).toContain('CACHE_PORT=6380');
    expect(userData).toContain('CACHE_USER=test-web-51a73038-app');
    expect(userData).toContain('EnvironmentFile=-/etc/cdk-highly-available-service/service.env');
    // Written before the app starts.
    expect(userData.indexOf('service.env <<')).toBeLessThan(userData.indexOf('systemctl enable --now builtin-app'));
  });

  test('alarms over every node, and the AZ experiment cuts the power of the cache\'s node there', () => {
    const cpu = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a: any) => a.Properties.AlarmName.endsWith('-CacheEngineCpu')) as any;
    const metrics = cpu.Properties.Metrics;
    expect(metrics.find((m: any) => m.Expression).Expression).toBe('MAX([cpu1, cpu2, cpu3])');
    expect(metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Metric.Dimensions))
      .toEqual(['001', '002', '003'].map((n) => [{ Name: 'CacheClusterId', Value: `test-web-51a73038-${n}` }, { Name: 'CacheNodeId', Value: '0001' }]));
    const az = Object.values(template.findResources('AWS::FIS::ExperimentTemplate')).find((e: any) => e.Properties.Tags.Name.endsWith('AzImpairment')) as any;
    expect(az.Properties.Actions.InterruptCacheNodes).toEqual(expect.objectContaining({
      ActionId: 'aws:elasticache:replicationgroup-interrupt-az-power', Targets: { ReplicationGroups: 'InterruptCacheNodes' },
    }));
    expect(az.Properties.Targets.InterruptCacheNodes.ResourceType).toBe('aws:elasticache:replicationgroup');
  });
});

test('the cache acknowledges exactly what cdk-nag finds on it: AEC6, which only knows AUTH tokens', () => {
  const app = testApp({ context: AZ_CONTEXT });
  const stack = new Stack(app, 'Bare', { env: ENV });
  const service = new HighlyAvailableService(stack, 'Web', { database: false, cache: true });
  // validateScope reports what the rules find, before acknowledgements apply.
  const found = new AwsSolutionsChecks().validateScope(service).violations
    .filter((v) => v.violatingResources.some((r) => ((r as any).constructPath as string).startsWith('Bare/Web/Cache')))
    .map((v) => v.ruleName);
  const acknowledged = service.node.findAll()
    .filter((c) => c.node.path.startsWith('Bare/Web/Cache'))
    .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).flatMap((m) => Object.keys(m.data)));
  expect(found).toEqual(['AwsSolutions-AEC6']);
  expect(acknowledged).toEqual(['AwsSolutions::AwsSolutions-AEC6']);
});
