import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { RESILIENCE_RULES, checkTemplate } from '../../src/rules';
import { testApp } from '../util';

// Each rule, on small stacks of L1 resources: one that complies, one that does not.
type Build = (stack: Stack) => void;

function findings(build: Build): string[] {
  // Partial L1 resources: CloudFormation's own schema rules have nothing to say about these checks.
  const stack = new Stack(testApp({ builtinCloudFormationValidation: false }), 'Rules');
  build(stack);
  return checkTemplate(Template.fromStack(stack).toJSON()).map((v) => `${v.ruleId}@${v.logicalId}`);
}

const vpcId = 'vpc-1';
const subnets = (stack: Stack, azs: string[], prefix = 'Subnet') =>
  azs.map((az, i) => new ec2.CfnSubnet(stack, `${prefix}${i + 1}`, { vpcId, cidrBlock: `10.0.${i}.0/24`, availabilityZone: az }));
const ids = (list: ec2.CfnSubnet[]) => list.map((s) => s.ref);
const A3 = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** A group over the given AZs with everything right unless `props` says otherwise. */
function group(stack: Stack, azs: string[], props: Partial<autoscaling.CfnAutoScalingGroupProps> = {}, options: Record<string, any> = {}) {
  const g = new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
    minSize: String(azs.length),
    maxSize: '12',
    vpcZoneIdentifier: ids(subnets(stack, azs)),
    launchTemplate: { launchTemplateId: 'lt-1', version: '1' },
    targetGroupArns: ['arn:tg'],
    healthCheckType: 'ELB',
    healthCheckGracePeriod: 300,
    instanceMaintenancePolicy: { minHealthyPercentage: 100, maxHealthyPercentage: 200 },
    ...props,
  });
  g.cfnOptions.updatePolicy = options.updatePolicy;
  return g;
}

function targetGroup(stack: Stack, props: Partial<elbv2.CfnTargetGroupProps> = {}) {
  return new elbv2.CfnTargetGroup(stack, 'Targets', {
    vpcId,
    port: 80,
    protocol: 'HTTP',
    healthCheckPath: '/health',
    healthCheckIntervalSeconds: 10,
    unhealthyThresholdCount: 2,
    targetGroupAttributes: [{ key: 'deregistration_delay.timeout_seconds', value: '30' }],
    ...props,
  });
}

function cluster(stack: Stack, readerAzs: string[], props: Partial<rds.CfnDBClusterProps> = {}) {
  const c = new rds.CfnDBCluster(stack, 'Cluster', { engine: 'aurora-postgresql', backupRetentionPeriod: 7, deletionProtection: true, ...props });
  ['eu-west-1a', ...readerAzs].forEach((az, i) => new rds.CfnDBInstance(stack, `Db${i}`, {
    dbClusterIdentifier: c.ref, engine: 'aurora-postgresql', dbInstanceClass: 'db.r7g.large', availabilityZone: az,
  }));
  return c;
}

/** Route tables of private subnets, each default route through the NAT gateway of `natOf(i)`. */
function natRoutes(stack: Stack, natOf: (i: number) => number) {
  const pub = subnets(stack, A3, 'Public');
  const nats = pub.map((s, i) => new ec2.CfnNatGateway(stack, `Nat${i + 1}`, { subnetId: s.ref }));
  subnets(stack, A3, 'Private').forEach((s, i) => {
    const table = new ec2.CfnRouteTable(stack, `Table${i + 1}`, { vpcId });
    new ec2.CfnSubnetRouteTableAssociation(stack, `Assoc${i + 1}`, { subnetId: s.ref, routeTableId: table.ref });
    new ec2.CfnRoute(stack, `Default${i + 1}`, { routeTableId: table.ref, destinationCidrBlock: '0.0.0.0/0', natGatewayId: nats[natOf(i)].ref });
  });
}

const alarmOn = (stack: Stack, id: string, dimension: string, value: string) => new cloudwatch.CfnAlarm(stack, id, {
  comparisonOperator: 'LessThanThreshold',
  evaluationPeriods: 1,
  threshold: 1,
  metricName: 'M',
  namespace: 'N',
  period: 60,
  statistic: 'Minimum',
  dimensions: [{ name: dimension, value }],
});

const CASES: Array<[string, Build, Build, string[]]> = [
  ['HA-ASG1', (s) => group(s, A3), (s) => group(s, ['eu-west-1a'], { minSize: '1' }), ['HA-ASG1@Group']],
  ['HA-ASG2', (s) => group(s, A3), (s) => group(s, A3.slice(0, 2)), ['HA-ASG2@Group']],
  ['HA-ASG3', (s) => group(s, A3, { minSize: '6' }), (s) => group(s, A3, { minSize: '2' }), ['HA-ASG3@Group']],
  ['HA-ASG4', (s) => group(s, A3), (s) => group(s, A3, { healthCheckType: 'EC2' }), ['HA-ASG4@Group']],
  ['HA-ASG5', (s) => group(s, A3), (s) => group(s, A3, { healthCheckGracePeriod: undefined }), ['HA-ASG5@Group']],
  ['HA-ASG6', (s) => group(s, A3), (s) => group(s, A3, { launchTemplate: undefined, launchConfigurationName: 'lc' }), ['HA-ASG6@Group']],
  ['HA-ASG7', (s) => group(s, A3, {}, { updatePolicy: { autoScalingInstanceRefresh: { strategy: 'Rolling', preferences: { minHealthyPercentage: 100 } } } }),
    (s) => group(s, A3, {}, { updatePolicy: { autoScalingRollingUpdate: { minInstancesInService: 0 } } }), ['HA-ASG7@Group']],
  ['HA-ELB1', (s) => new elbv2.CfnLoadBalancer(s, 'Lb', { subnets: ids(subnets(s, A3)) }),
    (s) => new elbv2.CfnLoadBalancer(s, 'Lb', { subnets: ids(subnets(s, ['eu-west-1a'])) }), ['HA-ELB1@Lb']],
  ['HA-ELB2', (s) => targetGroup(s), (s) => targetGroup(s, { healthCheckPath: undefined }), ['HA-ELB2@Targets']],
  ['HA-ELB3', (s) => targetGroup(s), (s) => targetGroup(s, { healthCheckIntervalSeconds: 30, unhealthyThresholdCount: 3 }), ['HA-ELB3@Targets']],
  ['HA-ELB4', (s) => targetGroup(s), (s) => targetGroup(s, { targetGroupAttributes: [] }), ['HA-ELB4@Targets']],
  ['HA-RDS1', (s) => cluster(s, ['eu-west-1b']), (s) => cluster(s, []), ['HA-RDS1@Cluster']],
  ['HA-RDS2', (s) => cluster(s, ['eu-west-1b']), (s) => cluster(s, ['eu-west-1b'], { backupRetentionPeriod: 1 }), ['HA-RDS2@Cluster']],
  ['HA-RDS3', (s) => cluster(s, ['eu-west-1b']), (s) => cluster(s, ['eu-west-1b'], { deletionProtection: false }), ['HA-RDS3@Cluster']],
  ['HA-NET1', (s) => natRoutes(s, (i) => i), (s) => natRoutes(s, () => 0), ['HA-NET1@Default2', 'HA-NET1@Default3']],
  ['HA-EC1', (s) => new CfnResource(s, 'Cache', { type: 'AWS::ElastiCache::ReplicationGroup', properties: { AutomaticFailoverEnabled: true, MultiAZEnabled: true } }),
    (s) => new CfnResource(s, 'Cache', { type: 'AWS::ElastiCache::ReplicationGroup', properties: { AutomaticFailoverEnabled: true } }), ['HA-EC1@Cache']],
  ['HA-DDB1', (s) => new CfnResource(s, 'Table', { type: 'AWS::DynamoDB::Table', properties: { PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } } }),
    (s) => new CfnResource(s, 'Table', { type: 'AWS::DynamoDB::Table', properties: {} }), ['HA-DDB1@Table']],
  ['HA-EC2-1', () => undefined, (s) => new ec2.CfnInstance(s, 'Box', { imageId: 'ami-1' }), ['HA-EC2-1@Box']],
];

describe('each rule: compliant and non-compliant', () => {
  test.each(CASES)('%s', (ruleId, compliant, broken, expected) => {
    expect(findings(compliant).filter((f) => f.startsWith(`${ruleId}@`))).toEqual([]);
    expect(findings(broken).filter((f) => f.startsWith(`${ruleId}@`))).toEqual(expected);
  });

  test('HA-RDS4: a database deleted, or replaced without a snapshot', () => {
    const ok = findings((s) => new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.m7g.large', multiAz: true })
      .applyRemovalPolicy(RemovalPolicy.SNAPSHOT));
    expect(ok.filter((f) => f.startsWith('HA-RDS4'))).toEqual([]);
    const broken = findings((s) => {
      const db = new rds.CfnDBInstance(s, 'Db', { engine: 'postgres', dbInstanceClass: 'db.m7g.large', multiAz: true });
      db.cfnOptions.deletionPolicy = undefined;
      db.cfnOptions.updateReplacePolicy = undefined;
    });
    expect(broken.filter((f) => f.startsWith('HA-RDS4'))).toEqual(['HA-RDS4@Db']);
  });

  test('HA-NET2: one NAT gateway for three AZs', () => {
    expect(findings((s) => natRoutes(s, (i) => i)).filter((f) => f.startsWith('HA-NET2'))).toEqual([]);
    expect(findings((s) => natRoutes(s, () => 0)).filter((f) => f.startsWith('HA-NET2'))).toEqual(['HA-NET2@Nat1']);
  });

  test('HA-ALARM1: a fleet nobody watches', () => {
    expect(findings((s) => {
      const g = group(s, A3);
      alarmOn(s, 'InService', 'AutoScalingGroupName', g.ref);
    }).filter((f) => f.startsWith('HA-ALARM1'))).toEqual([]);
    expect(findings((s) => group(s, A3)).filter((f) => f.startsWith('HA-ALARM1'))).toEqual(['HA-ALARM1@Group']);
  });

  test('every rule has an id, a level, a title, a reason and a fix, and a test here', () => {
    const tested = new Set([...CASES.map((c) => c[0]), 'HA-RDS4', 'HA-NET2', 'HA-ALARM1']);
    for (const rule of RESILIENCE_RULES) {
      expect(rule.id).toMatch(/^HA-[A-Z0-9-]+$/);
      expect([rule.title, rule.why, rule.fix].every((t) => t.length > 10)).toBe(true);
      expect(tested.has(rule.id)).toBe(true);
    }
    expect(new Set(RESILIENCE_RULES.map((r) => r.id)).size).toBe(RESILIENCE_RULES.length);
  });
});

test('the README lists every rule with its level', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  for (const rule of RESILIENCE_RULES) expect(readme).toContain(`| ${rule.id} | ${rule.level} | ${rule.title} |`);
});
