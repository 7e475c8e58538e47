import { RuleLevel, ResilienceRule } from '../rule';
import { bool, list, str } from './shared';

/** The AZs a replication group's nodes are placed in, where the template says. */
function nodeAzs(p: Record<string, any>): Set<string> {
  const azs = (list(p.PreferredCacheClusterAZs) ?? []).map((z) => str(z));
  for (const group of list(p.NodeGroupConfiguration) ?? []) {
    const g = group as Record<string, any>;
    azs.push(str(g?.PrimaryAvailabilityZone), ...(list(g?.ReplicaAvailabilityZones) ?? []).map((z) => str(z)));
  }
  return new Set(azs.filter((z): z is string => z !== undefined));
}

export const CACHE_NO_FAILOVER: ResilienceRule = {
  id: 'HA-EC1',
  level: RuleLevel.ERROR,
  title: 'ElastiCache replication group without automatic failover and Multi-AZ',
  why: 'When the primary node or its AZ fails, nothing is promoted without automatic failover; without Multi-AZ and with the nodes in one AZ, no replica survives the AZ. The cache is down until it is rebuilt.',
  fix: 'Set AutomaticFailoverEnabled and MultiAZEnabled to true, with a replica in another AZ.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  check: (r) => {
    const p = r.Properties ?? {};
    const failover = bool(p.AutomaticFailoverEnabled) === true;
    const multiAz = bool(p.MultiAZEnabled) === true;
    if (failover && multiAz) return undefined;
    if (!failover) return `AutomaticFailoverEnabled${multiAz ? '' : ' and MultiAZEnabled'} not set: no replica is promoted`;
    // Automatic failover promotes a replica; with nodes placed in two AZs or more, one survives the AZ.
    const azs = nodeAzs(p);
    if (azs.size >= 2) return undefined;
    return `MultiAZEnabled not set, and the nodes ${azs.size === 1 ? `all placed in ${[...azs][0]}` : 'placed where ElastiCache chooses'}: the replica promoted may be in the AZ that failed`;
  },
};
