import { DatabaseEngine } from '../../src';
import { synthService } from '../util';

const refId = (value: any): string => value.Ref ?? value['Fn::GetAtt']?.[0];

describe('RDS Proxy in front of Aurora', () => {
  const { template, service } = synthService({ databaseProxy: true });

  test('TLS and IAM required, the RDS-managed master secret, in the isolated subnets', () => {
    const [proxy] = Object.values(template.findResources('AWS::RDS::DBProxy')) as any[];
    expect(proxy.Properties).toEqual(expect.objectContaining({
      DBProxyName: 'test-web-51a73038',
      EngineFamily: 'POSTGRESQL',
      RequireTLS: true,
      IdleClientTimeout: 1800,
      Auth: [expect.objectContaining({ AuthScheme: 'SECRETS', IAMAuth: 'REQUIRED', SecretArn: { 'Fn::GetAtt': [expect.stringMatching(/^WebDatabaseCluster/), 'MasterUserSecret.SecretArn'] } })],
    }));
    expect(proxy.Properties.VpcSubnetIds.map(refId).every((id: string) => id.startsWith('WebVpcIsolatedSubnet'))).toBe(true);
    expect(service.databaseProxy).toBeDefined();
  });

  test('a read-only endpoint over the readers, and both endpoints as outputs', () => {
    template.hasResourceProperties('AWS::RDS::DBProxyEndpoint', { DBProxyEndpointName: 'test-web-51a73038-ro', TargetRole: 'READ_ONLY' });
    const outputs = Object.keys(template.findOutputs('*'));
    expect(outputs).toEqual(expect.arrayContaining([expect.stringMatching(/^WebDatabaseProxyEndpoint/), expect.stringMatching(/^WebDatabaseProxyReadOnlyEndpointOutput/)]));
  });

  test('only the proxy reaches the database, only the fleet the proxy; the fleet connects with IAM and reads no password', () => {
    const ingress = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r: any) => r.Properties);
    const intoDatabase = ingress.filter((r) => refId(r.GroupId).startsWith('WebDatabaseSecurityGroup'));
    expect(intoDatabase).toHaveLength(1);
    expect(refId(intoDatabase[0].SourceSecurityGroupId)).toMatch(/^WebDatabaseProxySecurityGroup/);
    const intoProxy = ingress.filter((r) => refId(r.GroupId).startsWith('WebDatabaseProxySecurityGroup'));
    expect(intoProxy).toEqual([expect.objectContaining({ FromPort: 5432, ToPort: 5432, SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^WebFleet/), 'GroupId'] } })]);
    // Each permission once: EC2 refuses a second resource for a rule that exists (aws-cdk-lib's proxy writes the proxy-database pair).
    const rules = ['AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress'].flatMap((type) => Object.values(template.findResources(type))
      .map((r: any) => JSON.stringify([type, r.Properties.GroupId, r.Properties.SourceSecurityGroupId ?? r.Properties.DestinationSecurityGroupId])));
    expect(new Set(rules).size).toBe(rules.length);
    const fleetPolicy = JSON.stringify(Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p: any) => p.Properties.Roles.some((r: any) => refId(r).startsWith('WebInstanceRole'))));
    expect(fleetPolicy).toContain('rds-db:connect');
    expect(fleetPolicy).not.toContain('secretsmanager:GetSecretValue');
  });

  test('the proxy\'s alarms watch it by name', () => {
    const alarm = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a: any) => a.Properties.AlarmName.endsWith('-DatabaseProxyAuthFailures')) as any;
    expect(alarm.Properties).toEqual(expect.objectContaining({
      Namespace: 'AWS/RDS', MetricName: 'ClientConnectionsSetupFailedAuth', Dimensions: [{ Name: 'ProxyName', Value: { Ref: expect.stringMatching(/^WebDatabaseProxy/) } }],
    }));
  });
});

test('a Multi-AZ instance behind a proxy: MySQL port 3306, no read-only endpoint', () => {
  const { template } = synthService({ databaseProxy: true, databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE });
  template.hasResourceProperties('AWS::RDS::DBProxy', { EngineFamily: 'MYSQL' });
  template.resourceCountIs('AWS::RDS::DBProxyEndpoint', 0);
  template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 3306, ToPort: 3306 });
});
