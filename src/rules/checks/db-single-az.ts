/**
 * The rule HA-RDS1: Database that is neither Multi-AZ nor an Aurora cluster with a reader in another AZ. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { DB_CLUSTER, DB_INSTANCE, bool, inCluster, isReadReplica, isReplicaCluster, isServerlessV1, members, spreadProblem, str } from './shared';

export const DB_SINGLE_AZ: ResilienceRule = {
  id: 'HA-RDS1',
  level: RuleLevel.ERROR,
  title: 'Database that is neither Multi-AZ nor an Aurora cluster with a reader in another AZ',
  why: 'The writer is a single point of failure: replacing it takes about 10 minutes, losing its AZ takes the data offline.',
  fix: 'Set MultiAZ on the DB instance, or add an Aurora reader in another AZ (promotion tier 0-1).',
  terraformFix: 'Set multi_az = true on the aws_db_instance, or add an aws_rds_cluster_instance reader in another AZ (promotion_tier 0-1).',
  resourceTypes: [DB_INSTANCE, DB_CLUSTER],
  check: (r, id, t) => {
    if (r.Type === DB_INSTANCE) {
      // A read replica is not the writer; an instance of a cluster is judged with its cluster.
      if (inCluster(r) || isReadReplica(r)) return undefined;
      const multiAz = bool(r.Properties?.MultiAZ);
      return multiAz !== true ? `MultiAZ is ${multiAz === false ? 'false' : 'not set'}` : undefined;
    }
    // A Multi-AZ DB cluster has three AZs by design; Serverless v1 has no instances and moves its
    // capacity to another AZ itself; a replica cluster's writer is its source.
    if (r.Properties?.DBClusterInstanceClass !== undefined || isServerlessV1(r) || isReplicaCluster(r)) return undefined;
    if (str(r.Properties?.Engine)?.startsWith('aurora') === false) return undefined;
    return spreadProblem(members(id, t, DB_INSTANCE), 'cluster');
  },
};
