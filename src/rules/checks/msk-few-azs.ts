/**
 * The rule HA-MSK1: MSK cluster with brokers in fewer than 3 Availability Zones. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';

export const MSK_FEW_AZS: ResilienceRule = {
  id: 'HA-MSK1',
  level: RuleLevel.WARNING,
  title: 'MSK cluster with brokers in fewer than 3 Availability Zones',
  why: 'With 2 AZs, losing one leaves a single copy of each partition: writes that need 2 in-sync replicas stop, and nothing is left to lose.',
  fix: 'Give BrokerNodeGroupInfo.ClientSubnets 3 subnets in 3 AZs (NumberOfBrokerNodes a multiple of 3), with replication factor 3 and min.insync.replicas 2.',
  terraformFix: 'Give broker_node_group_info.client_subnets 3 subnets in 3 AZs (number_of_broker_nodes a multiple of 3), with replication factor 3 and min.insync.replicas 2.',
  resourceTypes: ['AWS::MSK::Cluster'],
  check: (r, _id, t) => {
    const subnets = r.Properties?.BrokerNodeGroupInfo?.ClientSubnets;
    if (subnets === undefined) return undefined;
    const azs = t.subnetAzs(subnets).size;
    return azs < 3 ? `the brokers are in ${azs} AZ${azs === 1 ? '' : 's'}` : undefined;
  },
};
