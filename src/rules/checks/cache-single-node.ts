/**
 * The rule HA-EC2: ElastiCache cache cluster on one node, or all its nodes in one Availability Zone. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { list, num, str } from './shared';

export const CACHE_SINGLE_NODE: ResilienceRule = {
  id: 'HA-EC2',
  level: RuleLevel.ERROR,
  title: 'ElastiCache cache cluster on one node, or all its nodes in one Availability Zone',
  why: 'A Redis OSS or Valkey cache cluster is a single node with no replica: when it or its AZ fails, the cache is gone; Memcached nodes in one AZ go down together.',
  fix: 'Use an AWS::ElastiCache::ReplicationGroup with a replica in another AZ and automatic failover (Redis OSS, Valkey), or AZMode cross-az over 2 or more nodes (Memcached).',
  terraformFix: 'Use aws_elasticache_replication_group with num_cache_clusters 2 or more and automatic_failover_enabled (Redis OSS, Valkey), or az_mode = "cross-az" over 2 or more nodes (Memcached).',
  resourceTypes: ['AWS::ElastiCache::CacheCluster'],
  check: (r) => {
    const p = r.Properties ?? {};
    const engine = str(p.Engine)?.toLowerCase();
    const nodes = num(p.NumCacheNodes) ?? 1;
    if (engine !== 'memcached') return `a single ${engine === 'valkey' ? 'Valkey' : 'Redis OSS'} node, with no replica`;
    if (nodes < 2) return 'a single Memcached node';
    const zones = new Set((list(p.PreferredAvailabilityZones) ?? []).map((z) => str(z)));
    if (str(p.AZMode) === 'cross-az' || zones.size > 1) return undefined;
    return `all ${nodes} nodes in one AZ (AZMode ${str(p.AZMode) ?? 'single-az, the default'})`;
  },
};
