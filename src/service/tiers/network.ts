/**
 * Renders the network tier: the VPC the service creates with its flow logs, or the checks on the user's (aws-cdk-lib).
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { NetworkPlan } from '../../core/tiers/network';
import { logsKey } from '../private/keys';

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
export function createVpc(scope: Construct, plan: NetworkPlan): ec2.Vpc {
  // Flow logs are encrypted with the service's own key (AWS Control Tower CT.CLOUDWATCH.PR.3).
  const flowLogKey = logsKey(scope, 'FlowLogsKey', 'Encrypts the service VPC flow logs');
  const flowLogGroup = new logs.LogGroup(scope, 'FlowLogs', {
    retention: plan.flowLogRetentionDays as logs.RetentionDays,
    removalPolicy: plan.flowLogsRetained ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    encryptionKey: flowLogKey,
  });
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs: plan.maxAzs,
    // One NAT gateway in each AZ's public subnet: the default of ec2.Vpc, stated so that no
    // later default change can make several AZs share one.
    natGatewayProvider: ec2.NatProvider.gateway(),
    subnetConfiguration: [
      // Only the load balancer and the NAT gateways live here, and both bring their own addresses:
      // nothing launched here gets a public IP by accident (AWS Control Tower CT.EC2.PR.11).
      { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: plan.subnetMasks.public, mapPublicIpOnLaunch: false },
      { name: SUBNETS.private, subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: plan.subnetMasks.private },
      { name: SUBNETS.isolated, subnetType: ec2.SubnetType.PRIVATE_ISOLATED, cidrMask: plan.subnetMasks.isolated },
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
  // The plan was made for the AZs the stack lists; a VPC over others would break its alarms and report.
  if (vpc.availabilityZones.join() !== plan.availabilityZones.join()) {
    throw new Error(`the VPC spans ${vpc.availabilityZones.join(', ')}, not the planned ${plan.availabilityZones.join(', ')}`);
  }
  return vpc;
}
