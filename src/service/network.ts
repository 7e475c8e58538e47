import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Subnet group names of the VPC the service creates. */
export const SUBNETS = {
  public: 'Public',
  private: 'Private',
  isolated: 'Isolated',
} as const;

/**
 * A VPC over `maxAzs` AZs with public, private-with-egress and isolated subnets in each, one NAT
 * gateway per AZ (so losing an AZ never cuts another AZ's egress) and flow logs of all traffic.
 */
export function createVpc(scope: Construct, maxAzs: number): ec2.Vpc {
  const flowLogGroup = new logs.LogGroup(scope, 'FlowLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs,
    // One NAT gateway in each AZ's public subnet: the default of ec2.Vpc, stated so that no
    // later default change can make several AZs share one.
    natGatewayProvider: ec2.NatProvider.gateway(),
    subnetConfiguration: [
      { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: SUBNETS.private, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      { name: SUBNETS.isolated, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: 24 },
    ],
    flowLogs: {
      All: {
        destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogGroup),
        trafficType: ec2.FlowLogTrafficType.ALL,
      },
    },
    // Locking the default security group needs a custom-resource Lambda; nothing in the
    // service uses the default group, every resource gets its own.
    restrictDefaultSecurityGroup: false,
  });
  return vpc;
}
