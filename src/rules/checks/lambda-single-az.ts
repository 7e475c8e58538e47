/**
 * The rule HA-LAMBDA1: Lambda function in a VPC with subnets in fewer than 2 Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { azName } from '../template';

export const LAMBDA_SINGLE_AZ: ResilienceRule = {
  id: 'HA-LAMBDA1',
  level: RuleLevel.ERROR,
  title: 'Lambda function in a VPC with subnets in fewer than 2 Availability Zones',
  why: 'Lambda runs a VPC function only in the AZs of its subnets: when that AZ fails, the function cannot run at all.',
  fix: 'Give VpcConfig.SubnetIds subnets in at least 2 AZs.',
  terraformFix: 'Give vpc_config.subnet_ids subnets in at least 2 AZs.',
  resourceTypes: ['AWS::Lambda::Function'],
  check: (r, _id, t) => {
    const subnets = r.Properties?.VpcConfig?.SubnetIds;
    if (subnets === undefined) return undefined;
    const azs = [...t.subnetAzs(subnets)];
    if (azs.length === 0) return undefined;
    return azs.length < 2 ? `its subnets are all in ${azName(azs[0])}` : undefined;
  },
};
