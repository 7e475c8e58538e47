import { A3, Resources, cluster, findingsOf, group, natRoutes, ref, subnetRefs, subnets, violationsOf } from './templates';
import { RuleLevel, assessTemplate } from '../../src/rules';

// The template as CloudFormation would deploy it: parameters, conditions, Fn::If, Fn::ForEach.

const instance = (props: Record<string, unknown>): Resources => ({
  Db: {
    Type: 'AWS::RDS::DBInstance',
    Properties: { Engine: 'postgres', DBInstanceClass: 'db.m7g.large', MultiAZ: true, BackupRetentionPeriod: 7, DeletionProtection: true, ...props },
    DeletionPolicy: 'Snapshot',
    UpdateReplacePolicy: 'Snapshot',
  },
  DbAlarm: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'DBInstanceIdentifier', Value: ref('Db') }] } },
});

describe('parameters', () => {
  test('a parameter whose default is right is no finding (it was "MultiAZ is not set")', () => {
    const t = { Parameters: { DBMultiAZ: { Type: 'String', Default: 'true' } }, Resources: instance({ MultiAZ: ref('DBMultiAZ') }) };
    expect(findingsOf(t)).toEqual([]);
  });

  test('a backup period from a parameter is its default, not the AWS default (it was reported as 1)', () => {
    const t = { Parameters: { BackupDays: { Type: 'Number', Default: 30 } }, Resources: instance({ BackupRetentionPeriod: ref('BackupDays') }) };
    expect(findingsOf(t)).toEqual([]);
  });

  test('a finding that comes from an open default says so, and keeps its level', () => {
    const t = {
      Parameters: { DBMultiAZ: { Type: 'String', Default: 'false' }, BackupDays: { Type: 'Number', Default: 1 }, Unused: { Type: 'String', Default: 'x' } },
      Resources: instance({ MultiAZ: ref('DBMultiAZ'), BackupRetentionPeriod: ref('BackupDays') }),
    };
    const [rds1, rds2] = violationsOf(t);
    expect(rds1).toMatchObject({ ruleId: 'HA-RDS1', level: RuleLevel.ERROR, message: 'MultiAZ is false', when: 'with the default DBMultiAZ (false)' });
    expect(rds2).toMatchObject({ ruleId: 'HA-RDS2', message: 'BackupRetentionPeriod is 1', when: 'with the default BackupDays (1)' });
  });

  test('AllowedValues: an error for every allowed value, a warning naming the values otherwise', () => {
    const param = (allowed: string[], def: string) => ({ DBMultiAZ: { Type: 'String', Default: def, AllowedValues: allowed } });
    const some = violationsOf({ Parameters: param(['true', 'false'], 'true'), Resources: instance({ MultiAZ: ref('DBMultiAZ') }) });
    expect(some).toEqual([expect.objectContaining({ ruleId: 'HA-RDS1', level: RuleLevel.WARNING, when: 'when DBMultiAZ is false' })]);
    const byDefault = violationsOf({ Parameters: param(['true', 'false'], 'false'), Resources: instance({ MultiAZ: ref('DBMultiAZ') }) });
    expect(byDefault[0]).toMatchObject({ level: RuleLevel.WARNING, when: 'when DBMultiAZ is false (its default)' });
    const all = violationsOf({ Parameters: param(['false', 'FALSE'], 'false'), Resources: instance({ MultiAZ: ref('DBMultiAZ') }) });
    expect(all[0]).toMatchObject({ level: RuleLevel.ERROR });
    expect(all[0].when).toBeUndefined();
  });

  test('string booleans are booleans; "True" and "false" too', () => {
    expect(findingsOf(instance({ MultiAZ: 'true', DeletionProtection: 'True' }))).toEqual([]);
    expect(findingsOf(instance({ MultiAZ: 'false' }))).toEqual(['HA-RDS1@Db']);
  });

  test('Fn::FindInMap, Fn::Sub and Fn::Join over parameters are resolved', () => {
    const t = {
      Parameters: { Env: { Type: 'String', Default: 'prod' } },
      Mappings: { Settings: { prod: { Days: '14' }, dev: { Days: '1' } } },
      Resources: instance({ BackupRetentionPeriod: { 'Fn::FindInMap': ['Settings', ref('Env'), 'Days'] } }),
    };
    expect(findingsOf(t)).toEqual([]);
    expect(violationsOf({ ...t, Parameters: { Env: { Type: 'String', Default: 'dev' } } })[0])
      .toMatchObject({ ruleId: 'HA-RDS2', message: 'BackupRetentionPeriod is 1', when: 'with the default Env (dev)' });
  });
});

describe('conditions and Fn::If', () => {
  const env = (allowed?: string[], def = 'dev') => ({ Env: { Type: 'String', Default: def, ...(allowed ? { AllowedValues: allowed } : {}) } });
  const isProd = { IsProd: { 'Fn::Equals': [ref('Env'), 'prod'] } };

  test('Fn::If picks the branch of the default parameter values', () => {
    const t = (def: string) => ({ Parameters: env(undefined, def), Conditions: isProd, Resources: instance({ MultiAZ: { 'Fn::If': ['IsProd', true, false] } }) });
    expect(findingsOf(t('prod'))).toEqual([]);
    expect(violationsOf(t('dev'))[0]).toMatchObject({ ruleId: 'HA-RDS1', level: RuleLevel.ERROR, message: 'MultiAZ is false', when: 'when IsProd is false, as with the default Env (dev)' });
  });

  test('a reader that exists only in prod: the one-instance cluster is found (it passed)', () => {
    const resources = cluster(['eu-west-1b']);
    (resources.Db1 as any).Condition = 'IsProd';
    const open = violationsOf({ Parameters: env(), Conditions: isProd, Resources: resources }, 'HA-RDS1');
    expect(open).toEqual([expect.objectContaining({ level: RuleLevel.ERROR, message: 'the cluster has 1 instance in this template', when: 'when IsProd is false, as with the default Env (dev)' })]);
    const closed = violationsOf({ Parameters: env(['dev', 'prod']), Conditions: isProd, Resources: resources }, 'HA-RDS1');
    expect(closed).toEqual([expect.objectContaining({ level: RuleLevel.WARNING, when: 'when IsProd is false (as with the defaults)' })]);
    expect(findingsOf({ Parameters: env(undefined, 'prod'), Conditions: isProd, Resources: resources }, 'HA-RDS1')).toEqual([]);
  });

  test('a NAT layout chosen by a condition is judged for the choice made, not for both', () => {
    const perAz = natRoutes((i) => i);
    const resources: Resources = { ...perAz };
    for (const i of [2, 3]) {
      resources[`Default${i}`] = {
        ...perAz[`Default${i}`],
        Properties: { ...perAz[`Default${i}`].Properties, NatGatewayId: { 'Fn::If': ['OneNat', ref('Nat1'), ref(`Nat${i}`)] } },
      };
      resources[`Nat${i}`] = { ...perAz[`Nat${i}`], Condition: 'NotOneNat' };
    }
    const template = (def: string, allowed?: string[]) => ({
      Parameters: { NatGateways: { Type: 'String', Default: def, ...(allowed ? { AllowedValues: allowed } : {}) } },
      Conditions: { OneNat: { 'Fn::Equals': [ref('NatGateways'), 'one'] }, NotOneNat: { 'Fn::Not': [{ Condition: 'OneNat' }] } },
      Resources: resources,
    });
    expect(findingsOf(template('per-az'))).toEqual([]);
    const chosen = violationsOf(template('per-az', ['per-az', 'one']));
    expect(chosen.map((v) => [`${v.ruleId}@${v.logicalId}`, v.level, v.when])).toEqual([
      ['HA-NET1@Default2', 'warning', 'when OneNat is true'],
      ['HA-NET1@Default3', 'warning', 'when OneNat is true'],
      ['HA-NET2@Nat1', 'warning', 'when OneNat is true'],
    ]);
  });

  test('a condition on a pseudo parameter is both true and false: a warning when only one holds', () => {
    const t = {
      Conditions: { InFrankfurt: { 'Fn::Equals': [ref('AWS::Region'), 'eu-central-1'] } },
      Resources: instance({ MultiAZ: { 'Fn::If': ['InFrankfurt', false, true] } }),
    };
    expect(violationsOf(t)).toEqual([expect.objectContaining({ ruleId: 'HA-RDS1', level: RuleLevel.WARNING, when: 'when InFrankfurt is true' })]);
  });

  test('AWS::NoValue removes the property', () => {
    const t = { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } }, Resources: instance({ MultiAZ: { 'Fn::If': ['Never', true, ref('AWS::NoValue')] } }) };
    expect(violationsOf(t)[0]).toMatchObject({ message: 'MultiAZ is not set' });
  });
});

test('Fn::ForEach: the tables it generates are judged (they were a silent gap)', () => {
  const t = {
    Transform: 'AWS::LanguageExtensions',
    Parameters: { Names: { Type: 'CommaDelimitedList', Default: 'Orders,Carts,Users,Sessions' } },
    Resources: {
      'Fn::ForEach::Tables': ['Name', ref('Names'), {
        'Table${Name}': { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Sub': '${Name}-table' }, BillingMode: 'PAY_PER_REQUEST' } },
      }],
    },
  };
  expect(findingsOf(t)).toEqual(['HA-DDB1@TableOrders', 'HA-DDB1@TableCarts', 'HA-DDB1@TableUsers', 'HA-DDB1@TableSessions']);
  const literal = { Resources: { 'Fn::ForEach::Q': ['Id', ['a-1', 'b-2'], { 'Box&{Id}': { Type: 'AWS::EC2::Instance', Properties: {} } }] } };
  expect(findingsOf(literal)).toEqual(['HA-EC2-1@Boxa1', 'HA-EC2-1@Boxb2']);
});

describe('values only a deployment knows', () => {
  test('subnets from a parameter without a default are not judged, said once for every resource', () => {
    const resources: Resources = {};
    for (const name of ['Web', 'Api', 'Jobs']) {
      resources[name] = { ...group(A3).Group, Properties: { ...group(A3).Group.Properties, VPCZoneIdentifier: ref('Subnets'), TargetGroupARNs: undefined } };
    }
    const report = assessTemplate({ Parameters: { Subnets: { Type: 'List<AWS::EC2::Subnet::Id>' } }, Resources: resources });
    expect(report.violations.filter((v) => v.ruleId.startsWith('HA-ASG'))).toEqual([]);
    expect(report.notJudged).toEqual([{ reason: 'parameter Subnets (no default)', checks: 9, resources: ['Api', 'Jobs', 'Web'] }]);
  });

  test('an import, a GetAtt or an SSM parameter is not printed as JSON nor judged', () => {
    const t = {
      Parameters: { Type: { Type: 'AWS::SSM::Parameter::Value<String>', Default: '/health/type' } },
      Resources: { ...group(A3, { HealthCheckType: ref('Type'), HealthCheckGracePeriod: { 'Fn::ImportValue': 'grace' } }) },
    };
    const report = assessTemplate(t);
    expect(report.violations.map((v) => v.ruleId)).toEqual(['HA-ALARM1']);
    expect(report.notJudged.map((n) => n.reason)).toEqual(['parameter Type (read from SSM at deploy)']);
    for (const v of report.violations) expect(v.message).not.toMatch(/[{}"]/);
  });

  test('AZs placed by index are named as such, never as JSON', () => {
    const resources = natRoutes(() => 0);
    for (const [i, s] of ['Public1', 'Public2', 'Public3', 'Private1', 'Private2', 'Private3'].entries()) {
      resources[s].Properties!.AvailabilityZone = { 'Fn::Select': [i % 3, { 'Fn::GetAZs': ref('AWS::Region') }] };
    }
    expect(violationsOf({ Resources: resources }, 'HA-NET1')[0].message)
      .toBe("the route serves subnets in the region's AZ 2 through a NAT gateway in the region's AZ 1");
  });

  test('a group over !GetAZs spans at least 2 AZs; how many exactly is not judged', () => {
    const t = { Resources: group(A3, { VPCZoneIdentifier: undefined, AvailabilityZones: { 'Fn::GetAZs': '' } }) };
    expect(findingsOf(t).filter((f) => f.startsWith('HA-ASG'))).toEqual([]);
  });

  test('subnet ids written as literals are outside the template: not judged', () => {
    const report = assessTemplate({ Resources: { ...subnets(A3), ...group(A3, { VPCZoneIdentifier: ['subnet-1', ...subnetRefs(A3)] }) } });
    expect(report.notJudged[0].reason).toBe('subnets defined outside the template');
  });
});

test('100 resources are checked well under a second', () => {
  const resources: Resources = {};
  for (let i = 0; i < 20; i++) {
    const g = group(A3, { MinSize: '1' });
    for (const [id, r] of Object.entries(g)) resources[`${id}${i}`] = JSON.parse(JSON.stringify(r).replace(/"Ref":"(\w+)"/g, `"Ref":"$1${i}"`));
  }
  const t = { Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } }, Resources: resources };
  expect(Object.keys(resources)).toHaveLength(100);
  const start = process.hrtime.bigint();
  const { violations } = assessTemplate(t);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  expect(violations.length).toBeGreaterThan(20);
  expect(ms).toBeLessThan(500);
});

describe('what the template fixes, judged', () => {
  /** Two private subnets, each with its route table, both routed through NAT gateway 1 unless TwoNats. */
  const vpc = (azs: Record<string, unknown>, natCount: Record<string, unknown>) => {
    const azOf = (i: number) => ({ 'Fn::Select': [i, ref('AZs')] });
    const resources: Resources = {};
    [0, 1].forEach((i) => {
      resources[`Public${i + 1}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: azOf(i) } };
      resources[`Private${i + 1}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: `10.0.${i + 2}.0/24`, AvailabilityZone: azOf(i) } };
      resources[`Table${i + 1}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: 'vpc-1' } };
      resources[`Assoc${i + 1}`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref(`Private${i + 1}`), RouteTableId: ref(`Table${i + 1}`) } };
    });
    resources.Nat1 = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('Public1') } };
    resources.Nat2 = { Type: 'AWS::EC2::NatGateway', Condition: 'TwoNats', Properties: { SubnetId: ref('Public2') } };
    resources.Default1 = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref('Table1'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref('Nat1') } };
    resources.Default2 = {
      Type: 'AWS::EC2::Route',
      Properties: { RouteTableId: ref('Table2'), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: { 'Fn::If': ['TwoNats', ref('Nat2'), ref('Nat1')] } },
    };
    return {
      Parameters: { AZs: { Type: 'List<AWS::EC2::AvailabilityZone::Name>', ...azs }, NatCount: { Type: 'Number', ...natCount } },
      Conditions: { TwoNats: { 'Fn::Equals': [ref('NatCount'), 2] } },
      Resources: resources,
    };
  };

  test('a parameter default that routes two AZs through one NAT gateway is judged, saying it depends on the default', () => {
    const [net1] = violationsOf(vpc({ Default: 'eu-west-1a,eu-west-1b' }, { Default: 1 }), 'HA-NET1');
    expect(net1).toMatchObject({
      logicalId: 'Default2',
      level: RuleLevel.ERROR,
      message: 'the route serves subnets in eu-west-1b through a NAT gateway in eu-west-1a',
      // Whatever the AZs (each index another AZ), it is the NAT gateway count that decides.
      when: 'when TwoNats is false, as with the default NatCount (1)',
    });
  });

  test('AZs picked by index from a parameter without a default: the same index is the same AZ, another index another', () => {
    const t = vpc({}, { Default: 1 });
    expect(violationsOf(t, 'HA-NET1')[0].message).toBe('the route serves subnets in AZ 2 of parameter AZs (no default) through a NAT gateway in AZ 1 of parameter AZs (no default)');
    expect(findingsOf(t, 'HA-NET2')).toEqual(['HA-NET2@Nat1']);
    expect(findingsOf(vpc({}, { Default: 2 }))).toEqual([]);
  });

  test('a "when" clause does not name a condition that only an alarm uses', () => {
    const t = {
      Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] } },
      Mappings: { ByEnv: { dev: { MultiAZ: 'false' }, prod: { MultiAZ: 'true' } } },
      Conditions: { IsProd: { 'Fn::Equals': [ref('Env'), 'prod'] } },
      Resources: {
        ...instance({ MultiAZ: { 'Fn::FindInMap': ['ByEnv', ref('Env'), 'MultiAZ'] } }),
        PagerAlarm: { Type: 'AWS::CloudWatch::Alarm', Condition: 'IsProd', Properties: { Dimensions: [{ Name: 'DBInstanceIdentifier', Value: ref('Db') }] } },
      },
    };
    expect(violationsOf(t, 'HA-RDS1')[0]).toMatchObject({ level: RuleLevel.WARNING, when: 'when Env is dev (its default)' });
  });

  test('a classic load balancer is a tier the alarm rule asks an alarm of', () => {
    const classic = (alarmed: boolean): Resources => ({
      Classic: { Type: 'AWS::ElasticLoadBalancing::LoadBalancer', Properties: { AvailabilityZones: A3, Listeners: [] } },
      ...(alarmed ? { Hosts: { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'LoadBalancerName', Value: ref('Classic') }] } } } : {}),
    });
    expect(findingsOf(classic(true), 'HA-ALARM1')).toEqual([]);
    expect(findingsOf(classic(false), 'HA-ALARM1')).toEqual(['HA-ALARM1@Classic']);
  });
});
