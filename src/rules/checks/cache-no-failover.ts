import { RuleLevel, ResilienceRule } from '../rule';
import { bool } from './shared';

export const CACHE_NO_FAILOVER: ResilienceRule = {
  id: 'HA-EC1',
  level: RuleLevel.ERROR,
  title: 'ElastiCache replication group without automatic failover and Multi-AZ',
  why: 'When the primary node or its AZ fails, nothing is promoted: the cache is down until it is rebuilt.',
  fix: 'Set AutomaticFailoverEnabled and MultiAZEnabled to true, with a replica in another AZ.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  check: (r) => {
    const missing = ['AutomaticFailoverEnabled', 'MultiAZEnabled'].filter((k) => bool(r.Properties?.[k]) !== true);
    return missing.length ? `${missing.join(' and ')} not set` : undefined;
  },
};
