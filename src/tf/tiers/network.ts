/**
 * Renders the network tier as Terraform resources (VPC, subnets, NAT gateways, flow logs) or reads the user's VPC.
 */
import { Construct } from 'constructs';
import { cloudWatchLogsUse, KeyPolicyContext } from '../../core/tiers/keys';
import { NetworkPlan, SubnetTier } from '../../core/tiers/network';
import { retainKey, serviceKey } from '../context';
import { AwsResource, aws } from '../private/resource';

export interface TfNetwork {
  /** The VPC the service created; undefined in the user's VPC. */
  readonly vpc?: AwsResource<object>;
  readonly vpcId: string;
  /** The user's VPC's CIDR block (a reference), when a tier needs it. */
  readonly vpcCidr?: string;
  /** Subnet ids by tier, in the order of the service's AZs. */
  readonly subnetIds: Record<SubnetTier, string[]>;
  readonly natGateways: Array<AwsResource<object>>;
}

/**
 * The VPC of the plan in Terraform: the subnets the plan allocated (public ones assign no public
 * IP), an internet gateway, one NAT gateway per AZ with each private subnet routed through its
 * own AZ's, a route table per subnet, and flow logs of all traffic to a log group encrypted with
 * the service's own key.
 */
export function renderNetwork(scope: Construct, plan: NetworkPlan, context: KeyPolicyContext): TfNetwork {
  const vpc = aws.vpc(scope, 'Vpc', { cidr_block: plan.vpcCidr, enable_dns_hostnames: true, enable_dns_support: true });
  const vpcId = vpc.attr('id');
  const igw = aws.internetGateway(scope, 'InternetGateway', { vpc_id: vpcId });
  const subnetIds: Record<SubnetTier, string[]> = { public: [], private: [], isolated: [] };
  const natGateways: Array<AwsResource<object>> = [];
  const tierName: Record<SubnetTier, string> = { public: 'Public', private: 'Private', isolated: 'Isolated' };
  for (const s of plan.subnets) {
    const id = `${tierName[s.tier]}Subnet${s.azIndex + 1}`;
    const subnet = aws.subnet(scope, id, {
      vpc_id: vpcId, cidr_block: s.cidr, availability_zone: plan.availabilityZones[s.azIndex], map_public_ip_on_launch: false,
    });
    const table = aws.routeTable(scope, `${id}RouteTable`, { vpc_id: vpcId });
    aws.routeTableAssociation(scope, `${id}RouteTableAssociation`, { route_table_id: table.attr('id'), subnet_id: subnet.attr('id') });
    subnetIds[s.tier].push(subnet.attr('id'));
    if (s.tier === 'public') {
      aws.route(scope, `${id}DefaultRoute`, { route_table_id: table.attr('id'), destination_cidr_block: '0.0.0.0/0', gateway_id: igw.attr('id') });
      const eip = aws.eip(scope, `${id}NatAddress`, { domain: 'vpc' });
      natGateways[s.azIndex] = aws.natGateway(scope, `${id}NatGateway`, { allocation_id: eip.attr('id'), subnet_id: subnet.attr('id') });
    } else if (s.tier === 'private') {
      // Public subnets come first in the plan: this AZ's NAT gateway exists by now.
      aws.route(scope, `${id}DefaultRoute`, {
        route_table_id: table.attr('id'), destination_cidr_block: '0.0.0.0/0', nat_gateway_id: natGateways[s.azIndex].attr('id'),
      });
    }
  }

  const key = serviceKey(scope, 'FlowLogsKey', 'Encrypts the service VPC flow logs', context, [cloudWatchLogsUse(context)]);
  // Kept on destroy, with the key that encrypts them (see retainedKey).
  if (plan.flowLogsRetained) retainKey(key);
  const logGroup = aws.logGroup(scope, 'FlowLogs', { retention_in_days: plan.flowLogRetentionDays, kms_key_id: key.attr('arn'), skip_destroy: plan.flowLogsRetained });
  const role = aws.iamRole(scope, 'FlowLogsRole', {
    description: 'Delivers the service VPC flow logs',
    assume_role_policy: JSON.stringify({
      Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'vpc-flow-logs.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  aws.iamRolePolicy(scope, 'FlowLogsRolePolicy', {
    role: role.attr('id'),
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        // The provider's log group ARN has no `:*`: the streams in it need the pattern too.
        {
          Effect: 'Allow',
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents', 'logs:DescribeLogStreams'],
          Resource: [logGroup.attr('arn'), `${logGroup.attr('arn')}:*`],
        },
        { Effect: 'Allow', Action: 'iam:PassRole', Resource: role.attr('arn') },
      ],
    }),
  });
  aws.flowLog(scope, 'FlowLog', {
    vpc_id: vpcId, traffic_type: 'ALL', log_destination_type: 'cloud-watch-logs', log_destination: logGroup.attr('arn'), iam_role_arn: role.attr('arn'),
  });
  return { vpc, vpcId, subnetIds, natGateways };
}
