import { RuleLevel, ResilienceRule } from '../rule';
import { azName } from '../template';
import { num } from './shared';

export const EKS_NODE_GROUP: ResilienceRule = {
  id: 'HA-EKS1',
  level: RuleLevel.ERROR,
  title: 'EKS managed node group in one Availability Zone, or of at most one node',
  why: 'A managed node group is an Auto Scaling group over its subnets: in one AZ, or with one node, the pods it runs go down with that AZ or node.',
  fix: 'Give the node group Subnets in at least 2 AZs and a ScalingConfig MinSize of 2 or more.',
  terraformFix: 'Give the aws_eks_node_group subnet_ids in at least 2 AZs and a scaling_config min_size of 2 or more.',
  resourceTypes: ['AWS::EKS::Nodegroup'],
  check: (r, _id, t) => {
    const p = r.Properties ?? {};
    const problems: string[] = [];
    const max = num(p.ScalingConfig?.MaxSize);
    if (max !== undefined && max <= 1) problems.push(`ScalingConfig.MaxSize is ${max}`);
    if (p.Subnets !== undefined) {
      const azs = [...t.subnetAzs(p.Subnets)];
      if (azs.length === 1) problems.push(`its subnets are all in ${azName(azs[0])}`);
    }
    return problems.length ? problems.join('; ') : undefined;
  },
};
