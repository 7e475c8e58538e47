// Plain CloudFormation templates for the rule tests: small builders, no framework.
import { CfnTemplate, ResilienceViolation, assessTemplate } from '../../src/rules';

export type Resources = Record<string, { Type: string; Properties?: Record<string, any>; [key: string]: unknown }>;

export const A3 = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];
export const ref = (id: string) => ({ Ref: id });

/** Subnets named `${prefix}1..n`, one per AZ given. */
export function subnets(azs: string[], prefix = 'Subnet'): Resources {
  return Object.fromEntries(azs.map((az, i) => [`${prefix}${i + 1}`, {
    Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: az },
  }]));
}
export const subnetRefs = (azs: string[], prefix = 'Subnet') => azs.map((_, i) => ref(`${prefix}${i + 1}`));

/** A group over the given AZs behind a target group, with everything right unless `props` says otherwise. */
export function group(azs: string[], props: Record<string, unknown> = {}, extra: Record<string, unknown> = {}): Resources {
  return {
    ...subnets(azs),
    ...targetGroup(),
    Group: {
      Type: 'AWS::AutoScaling::AutoScalingGroup',
      Properties: {
        MinSize: String(azs.length),
        MaxSize: '12',
        VPCZoneIdentifier: subnetRefs(azs),
        LaunchTemplate: { LaunchTemplateId: 'lt-1', Version: '1' },
        TargetGroupARNs: [ref('Targets')],
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: 300,
        InstanceMaintenancePolicy: { MinHealthyPercentage: 100, MaxHealthyPercentage: 200 },
        ...props,
      },
      ...extra,
    },
  };
}

/** A target group with everything right unless `props` says otherwise (something must register targets with it). */
export function targetGroup(props: Record<string, unknown> = {}): Resources {
  return {
    Targets: {
      Type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
      Properties: {
        VpcId: 'vpc-1',
        Port: 80,
        Protocol: 'HTTP',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 10,
        UnhealthyThresholdCount: 2,
        TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }],
        Targets: [{ Id: 'i-1' }],
        ...props,
      },
    },
  };
}

/** An Aurora cluster with a writer in eu-west-1a and readers in the AZs given. */
export function cluster(readerAzs: string[], props: Record<string, unknown> = {}): Resources {
  const out: Resources = {
    Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', BackupRetentionPeriod: 7, DeletionProtection: true, ...props }, DeletionPolicy: 'Snapshot', UpdateReplacePolicy: 'Snapshot' },
  };
  ['eu-west-1a', ...readerAzs].forEach((az, i) => {
    out[`Db${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: ref('Cluster'), Engine: 'aurora-postgresql', DBInstanceClass: 'db.r7g.large', AvailabilityZone: az } };
  });
  return out;
}

/** Private subnets whose default routes go through the NAT gateway of `natOf(i)`. */
export function natRoutes(natOf: (i: number) => number): Resources {
  const out: Resources = { ...subnets(A3, 'Public'), ...subnets(A3, 'Private') };
  A3.forEach((_, i) => {
    out[`Nat${i + 1}`] = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref(`Public${i + 1}`) } };
    out[`Table${i + 1}`] = { Type: 'AWS::EC2::RouteTable', Properties: { VpcId: 'vpc-1' } };
    out[`Assoc${i + 1}`] = { Type: 'AWS::EC2::SubnetRouteTableAssociation', Properties: { SubnetId: ref(`Private${i + 1}`), RouteTableId: ref(`Table${i + 1}`) } };
    out[`Default${i + 1}`] = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: ref(`Table${i + 1}`), DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: ref(`Nat${natOf(i) + 1}`) } };
  });
  return out;
}

/** The findings of a template, as `RULE@resource` (with ` [when]` where they depend on inputs). */
export function findingsOf(template: object, ruleId?: string): string[] {
  const t = ('Resources' in template ? template : { Resources: template }) as CfnTemplate;
  return assessTemplate(t).violations
    .filter((v) => ruleId === undefined || v.ruleId === ruleId)
    .map((v) => `${v.ruleId}@${v.logicalId}`);
}

/** The findings with all they say. */
export function violationsOf(template: CfnTemplate, ruleId?: string): ResilienceViolation[] {
  return assessTemplate(template).violations.filter((v) => ruleId === undefined || v.ruleId === ruleId);
}
