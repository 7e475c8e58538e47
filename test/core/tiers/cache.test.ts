import { ServiceOptions } from '../../../src/core/options/options';
import { cacheNodeIds } from '../../../src/core/tiers/cache';
import { plainPlan, plainProblems } from '../plain';

const problemsOf = plainProblems;

describe('cache', () => {
  test('off by default; cache: true, or any cache option, turns it on', () => {
    expect(plainPlan().cache).toBeUndefined();
    expect(plainPlan({ cache: true }).cache).toBeDefined();
    expect(plainPlan({ cacheNodes: 2 }).cache?.nodeAzs).toEqual([0, 1]);
  });

  test('a Valkey node per AZ on a non-default port, IAM user, snapshots kept, names unique and within 40 characters', () => {
    const p = plainPlan({ cache: true });
    const c = p.cache!;
    expect(c).toEqual(expect.objectContaining({
      replicationGroupId: p.namePrefix.toLowerCase(),
      engine: 'valkey',
      engineVersion: '8.0',
      nodeType: 'cache.m7g.large',
      nodeAzs: [0, 1, 2],
      port: 6380,
      snapshotRetentionDays: 7,
      user: { id: `${p.namePrefix.toLowerCase()}-app`, accessString: 'on ~* +@all' },
      failoverSeconds: 60,
    }));
    const long = plainPlan({ cache: true }, { stackName: 'Shop'.repeat(20) }).cache!;
    for (const id of [long.replicationGroupId, long.user.id, long.defaultUserId, long.userGroupId]) {
      expect(id.length).toBeLessThanOrEqual(40);
      expect(id).toMatch(/^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/);
    }
    expect(cacheNodeIds('shop-api-1', 3)).toEqual(['shop-api-1-001', 'shop-api-1-002', 'shop-api-1-003']);
  });

  test('its alarms fold every node\'s metric, its dashboard row, report and diagram', () => {
    const p = plainPlan({ cache: true });
    const cpu = p.monitoring.alarms.find((a) => a.id === 'CacheEngineCpu')!;
    const nodes = cacheNodeIds(p.cache!.replicationGroupId, 3);
    expect(cpu.expression).toBe('MAX([cpu1, cpu2, cpu3])');
    expect(Object.values(cpu.metrics).map((m) => m.cacheNode)).toEqual(nodes);
    expect(p.monitoring.alarms.map((a) => a.id)).toEqual(expect.arrayContaining(['CacheMemory', 'CacheEvictions', 'CacheReplicationLag', 'CacheConnections']));
    expect(p.monitoring.dashboard!.rows.flat().map((g) => g.title)).toContain('Cache hits, misses and evictions (per minute)');
    expect(p.report.cacheTopology).toBe('Valkey, 3 cache.m7g.large nodes, one per AZ (primary in AZ 1), Multi-AZ with automatic failover');
    expect(p.report.cacheFailoverSeconds).toBe(60);
    expect(p.diagram).toContain('Aurora writer, cache primary');
    expect(p.diagram).toContain('1 reader, cache replica');
  });

  test('the AZ experiment cuts the power of the cache node in the impaired AZ', () => {
    const az = plainPlan({ cache: true }).faultInjection!.experiments.find((e) => e.id === 'AzImpairment')!;
    expect(az.actions.find((a) => a.target === 'cacheReplicationGroup')).toEqual(expect.objectContaining({
      actionId: 'aws:elasticache:replicationgroup-interrupt-az-power', parameters: { duration: 'PT10M' },
    }));
    expect(az.prediction.summary).toContain('The cache primary is in AZ 1: a replica is promoted');
    const second = plainPlan({ cache: true, faultInjectionAvailabilityZone: 'eu-west-1b' }).faultInjection!.experiments.find((e) => e.id === 'AzImpairment')!;
    expect(second.prediction.summary).toContain('The cache loses its replica in AZ 2; the primary keeps serving.');
    const twoNodes = plainPlan({ cacheNodes: 2, faultInjectionAvailabilityZone: 'eu-west-1c' }).faultInjection!.experiments.find((e) => e.id === 'AzImpairment')!;
    expect(twoNodes.actions.map((a) => a.target)).not.toContain('cacheReplicationGroup');
  });

  test.each([
    [{ cacheNodes: 4 }, /cacheNodes must not exceed the service's 3 AZs, so that every node has an AZ \(and an isolated subnet\) of its own; received 4 nodes/],
    [{ cacheNodes: 1 }, /cacheNodes must be between 2 and 6 nodes, received 1 nodes/],
    [{ cacheNodes: 2.5 }, /cacheNodes must be a whole number between 2 and 6/],
    [{ cacheNodeType: 'm7g.large' }, /cacheNodeType takes the node type with its 'cache.' prefix: give 'cache.m7g.large', received 'm7g.large'/],
    [{ cacheNodeType: 'cache.m7g.large; rm -rf /' }, /cacheNodeType 'cache.m7g.large; rm -rf \/' is not an ElastiCache node type: cache.m7g comes in large, xlarge/],
    [{ cache: false, cacheNodes: 2 }, /cacheNodeType and cacheNodes configure the cache; received them with cache: false/],
  ] as Array<[ServiceOptions, RegExp]>)('%j fails', (options, message) => {
    const problems = problemsOf(options);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });
});
