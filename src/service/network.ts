import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { serviceKey } from './private/keys';

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
  const stack = Stack.of(scope);
  // Flow logs are encrypted with the service's own key (AWS Control Tower CT.CLOUDWATCH.PR.3).
  const flowLogKey = serviceKey(scope, 'FlowLogsKey', 'Encrypts the service VPC flow logs');
  flowLogKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogs',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': stack.formatArn({ service: 'logs', resource: 'log-group', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
    },
  }));
  const flowLogGroup = new logs.LogGroup(scope, 'FlowLogs', {
    retention: logs.RetentionDays.ONE_YEAR,
    removalPolicy: RemovalPolicy.RETAIN,
    encryptionKey: flowLogKey,
  });
  const vpc = new ec2.Vpc(scope, 'Vpc', {
    maxAzs,
    // One NAT gateway in each AZ's public subnet: the default of ec2.Vpc, stated so that no
    // later default change can make several AZs share one.
    natGatewayProvider: ec2.NatProvider.gateway(),
    subnetConfiguration: [
      // Only the load balancer and the NAT gateways live here, and both bring their own addresses:
      // nothing launched here gets a public IP by accident (AWS Control Tower CT.EC2.PR.11).
      { name: SUBNETS.public, subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24, mapPublicIpOnLaunch: false },
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
