import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { HighlyAvailableService } from '../../src';
import { DEFAULTS } from '../../src/core/base/defaults';
import { allocateSubnets } from '../../src/core/tiers/network';
import { AZS, logicalIds, synthService, testStack } from '../util';

describe('network', () => {
  const { template, service } = synthService({ database: false });

  test('a new VPC spans 3 AZs with public, private and isolated subnets in each', () => {
    expect(service.vpc.availabilityZones).toEqual(AZS);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 9);
    for (const az of AZS) {
      const subnets = template.findResources('AWS::EC2::Subnet', { Properties: { AvailabilityZone: az } });
      expect(Object.keys(subnets)).toHaveLength(3);
    }
    expect(service.vpc.isolatedSubnets).toHaveLength(3);
    expect(service.vpc.privateSubnets).toHaveLength(3);
    expect(service.vpc.publicSubnets).toHaveLength(3);
  });

  test('the subnets are where the plan puts them, so a second renderer builds the same network', () => {
    const tierOf: Record<string, string> = { Public: 'public', Private: 'private', Isolated: 'isolated' };
    const built = Object.values(template.findResources('AWS::EC2::Subnet')).map((s: any) => ({
      tier: tierOf[s.Properties.Tags.find((t: any) => t.Key === 'aws-cdk:subnet-type').Value],
      azIndex: AZS.indexOf(s.Properties.AvailabilityZone),
      cidr: s.Properties.CidrBlock,
    }));
    const planned = allocateSubnets(DEFAULTS.network.vpcCidr, DEFAULTS.network.subnetMasks, 3);
    const key = (s: { tier: string; azIndex: number }) => `${s.tier}-${s.azIndex}`;
    expect(built.sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...planned].sort((a, b) => key(a).localeCompare(key(b))));
    template.hasResourceProperties('AWS::EC2::VPC', { CidrBlock: DEFAULTS.network.vpcCidr });
  });

  test('one NAT gateway per AZ, each private subnet routing through its own AZ\'s gateway', () => {
    const nats = template.findResources('AWS::EC2::NatGateway');
    expect(Object.keys(nats)).toHaveLength(3);
    const natSubnets = new Set(Object.values(nats).map((n: any) => n.Properties.SubnetId.Ref));
    expect(natSubnets.size).toBe(3);
    // Every private subnet's default route targets a distinct NAT gateway.
    const routes = template.findResources('AWS::EC2::Route', { Properties: { NatGatewayId: Match.anyValue() } });
    const targets = new Set(Object.values(routes).map((r: any) => r.Properties.NatGatewayId.Ref));
    expect(Object.keys(routes)).toHaveLength(3);
    expect(targets.size).toBe(3);
  });

  test('flow logs of all traffic go to a retained log group', () => {
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      TrafficType: 'ALL',
      LogDestinationType: 'cloud-watch-logs',
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: { RetentionInDays: 365 } });
  });

  test('an environment-agnostic stack gets the 2 AZs CloudFormation can name, each with its own NAT', () => {
    const agnostic = synthService({ database: false }, { envAgnostic: true });
    expect(agnostic.service.vpc.availabilityZones).toHaveLength(2);
    agnostic.template.resourceCountIs('AWS::EC2::NatGateway', 2);
    expect(agnostic.service.resilienceReport.availabilityZones).toBe(2);
  });

  test('the user\'s VPC is used as given, and nothing of a VPC is created', () => {
    const { stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'Shared', { maxAzs: 2 });
    const svc = new HighlyAvailableService(stack, 'Web', { vpc, database: false });
    expect(svc.vpc).toBe(vpc);
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::EC2::VPC', 1);
    expect(logicalIds(t, 'AWS::EC2::FlowLog')).toHaveLength(0);
    expect(svc.resilienceReport.availabilityZones).toBe(2);
  });
});
