import { ResilienceRule, RuleLevel } from './rule';

export const CACHE_NO_FAILOVER: ResilienceRule = {
  id: 'HA-EC1',
  level: RuleLevel.ERROR,
  title: 'ElastiCache replication group without automatic failover and Multi-AZ',
  why: 'When the primary node or its AZ fails, nothing is promoted: the cache is down until it is rebuilt.',
  fix: 'Set AutomaticFailoverEnabled and MultiAZEnabled to true, with a replica in another AZ.',
  resourceTypes: ['AWS::ElastiCache::ReplicationGroup'],
  check: (r) => {
    const missing = ['AutomaticFailoverEnabled', 'MultiAZEnabled'].filter((k) => r.Properties?.[k] !== true);
    return missing.length ? `${missing.join(' and ')} not set` : undefined;
  },
};

export const DYNAMODB_NO_PITR: ResilienceRule = {
  id: 'HA-DDB1',
  level: RuleLevel.WARNING,
  title: 'DynamoDB table without point-in-time recovery',
  why: 'A bad write or delete cannot be undone: there is no state of the table to restore from.',
  fix: 'Set PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled to true.',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  check: (r) => {
    const pitr = r.Properties?.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled
      ?? (r.Properties?.Replicas as any[] | undefined)?.every((x) => x.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled === true);
    return pitr === true ? undefined : 'point-in-time recovery is off';
  },
};

export const STANDALONE_INSTANCE: ResilienceRule = {
  id: 'HA-EC2-1',
  level: RuleLevel.WARNING,
  title: 'EC2 instance serving on its own, outside any Auto Scaling group',
  why: 'Nothing replaces it when it or its AZ fails; it is a single point of failure.',
  fix: 'Run it from a launch template in an Auto Scaling group over several AZs (a group of 1 at least replaces it).',
  resourceTypes: ['AWS::EC2::Instance'],
  check: () => 'a standalone instance',
};
