/**
 * The cache tier: an ElastiCache for Valkey replication group across the AZs, with its user, alarms
 * and dashboard row.
 */
import { AlarmSpec, Comparison, MetricRef, MetricSource, MissingData } from './alarms';
import { GraphSpec, SeriesSpec } from './monitoring';
import { cacheNodeTypeProblem } from '../aws/database-class-names';
import { DEFAULTS, LIMITS } from '../base/defaults';
import { letterFirstName } from '../base/naming';
import { Validator } from '../base/validation';
import { ServiceOptions } from '../options/options';

/**
 * An ElastiCache for Valkey replication group: one shard, a node in each AZ (the primary in the
 * first, replicas in the others), Multi-AZ with automatic failover, encrypted at rest and in
 * transit (TLS required), in the isolated subnets, reachable only from the fleet, with IAM
 * authentication through a role-based user (no password to keep or rotate).
 */
export interface CachePlan {
  /** Lower case, starting with a letter, at most 40 characters, unique per account and region. */
  readonly replicationGroupId: string;
  readonly engine: 'valkey';
  readonly engineVersion: string;
  readonly nodeType: string;
  /** AZ index (into the service's AZs) of each node; the first is the primary's. */
  readonly nodeAzs: number[];
  /** Not the engine's default 6379 (cdk-nag AwsSolutions-AEC5). */
  readonly port: number;
  readonly snapshotRetentionDays: number;
  /**
   * The start of the name of the snapshot taken when the cache is deleted or replaced (Terraform),
   * so that its data outlives the service; the renderer ends it with the cache's creation time, as
   * a kept snapshot keeps its name (ElastiCache DeleteReplicationGroup: SnapshotAlreadyExistsFault).
   */
  readonly finalSnapshotNamePrefix: string;
  /** The subnet group of the isolated subnets. */
  readonly subnetGroupName: string;
  /** Tags of the replication group: {@link CACHE_TAG} with the group's id, by which FIS finds it. */
  readonly tags: Record<string, string>;
  /** The user the instances connect as, with an IAM token: its id is its name, as IAM authentication requires. */
  readonly user: { readonly id: string; readonly accessString: string };
  /** Every user group needs a user named `default`: this one is switched off. */
  readonly defaultUserId: string;
  readonly defaultUserAccessString: string;
  /**
   * What the instances find in the service's environment file: literal values, or the endpoints
   * only the renderer can write.
   */
  readonly environment: Record<string, string | { readonly ref: 'primaryEndpoint' | 'readerEndpoint' }>;
  readonly userGroupId: string;
  /**
   * What the instances' role may do: connect, as the cache's user, to this replication group
   * (ElastiCache resource types and names, for the renderer's ARNs).
   */
  readonly instanceAccess: {
    readonly actions: string[];
    readonly resources: Array<{ readonly resourceType: 'replicationgroup' | 'user'; readonly name: string }>;
  };
  /** Expected seconds without writes when the primary fails and a replica is promoted (an estimate). */
  readonly failoverSeconds: number;
  readonly alarms: AlarmSpec[];
  readonly dashboardRow: GraphSpec[];
}

/** Tag on the replication group whose value (its id) is unique to the service: AWS FIS finds the group by it. */
export const CACHE_TAG = 'cdk-highly-available-service:cache';

/** Ids ElastiCache gives the nodes of a one-shard replication group: `<group>-001`, `-002`... */
export function cacheNodeIds(replicationGroupId: string, nodes: number): string[] {
  return Array.from({ length: nodes }, (_, i) => `${replicationGroupId}-${String(i + 1).padStart(3, '0')}`);
}

/** The cache, opt-in: `cache: true`, or any cache option. */
export function planCache(o: ServiceOptions, azs: number, namePrefix: string, v: Validator): CachePlan | undefined {
  const configured = o.cacheNodeType !== undefined || o.cacheNodes !== undefined;
  if (o.cache === false) {
    v.check(!configured, 'cacheNodeType and cacheNodes configure the cache; received them with cache: false');
    return undefined;
  }
  if (!o.cache && !configured) return undefined;
  const nodes = o.cacheNodes ?? Math.min(azs, LIMITS.cacheNodes[1]);
  const [fewest, most] = LIMITS.cacheNodes;
  if (v.integer('cacheNodes', nodes, fewest, most, 'nodes') && v.known(nodes)) {
    v.check(nodes <= azs, `cacheNodes must not exceed the service's ${azs} AZs, so that every node has an AZ (and an isolated subnet) of its own; received ${nodes} nodes`);
  }
  const nodeType = o.cacheNodeType ?? DEFAULTS.cache.nodeType;
  if (v.known(nodeType)) {
    const problem = cacheNodeTypeProblem('cacheNodeType', nodeType);
    if (problem) v.fail(problem);
  }
  const base = letterFirstName(namePrefix, DEFAULTS.cache.idMaxLength, 'cache');
  const count = Number.isInteger(nodes) && nodes >= fewest ? Math.min(nodes, azs) : fewest;
  const ids = cacheNodeIds(base, count);
  const t = DEFAULTS.cache.alarms;
  // One metric per node, named <prefix><n> (names must differ between the series of one graph),
  // folded with MAX or SUM over exactly those names.
  const overNodes = (prefix: string, metricName: string, statistic: string, fold: 'MAX' | 'SUM') => {
    const metrics: Record<string, MetricRef> = Object.fromEntries(ids.map((node, i) => [`${prefix}${i + 1}`, { source: MetricSource.CACHE, metricName, statistic, cacheNode: node }]));
    return { metrics, expression: `${fold}([${Object.keys(metrics).join(', ')}])` };
  };
  const five = { periodSeconds: 60, evaluationPeriods: 5, datapointsToAlarm: 5, critical: false, comparison: Comparison.GREATER_THAN };
  const series = (label: string, prefix: string, metricName: string, statistic: string, fold: 'MAX' | 'SUM'): SeriesSpec =>
    ({ label, ...overNodes(prefix, metricName, statistic, fold) });
  return {
    replicationGroupId: base,
    engine: 'valkey',
    engineVersion: DEFAULTS.cache.engineVersion,
    nodeType,
    nodeAzs: ids.map((_, i) => i),
    port: DEFAULTS.cache.port,
    snapshotRetentionDays: DEFAULTS.cache.snapshotRetentionDays,
    finalSnapshotNamePrefix: `${base}-final-`,
    subnetGroupName: base,
    tags: { [CACHE_TAG]: base },
    user: { id: `${base}-app`, accessString: 'on ~* +@all' },
    defaultUserId: `${base}-off`,
    defaultUserAccessString: 'off -@all',
    environment: {
      CACHE_HOST: { ref: 'primaryEndpoint' },
      CACHE_READER_HOST: { ref: 'readerEndpoint' },
      CACHE_PORT: String(DEFAULTS.cache.port),
      CACHE_USER: `${base}-app`,
      CACHE_REPLICATION_GROUP: base,
      CACHE_TLS: 'true',
    },
    userGroupId: base,
    instanceAccess: {
      actions: ['elasticache:Connect'],
      resources: [{ resourceType: 'replicationgroup', name: base }, { resourceType: 'user', name: `${base}-app` }],
    },
    failoverSeconds: DEFAULTS.cache.failoverSeconds,
    alarms: [
      {
        ...five,
        id: 'CacheEngineCpu',
        threshold: t.engineCpuPercent,
        treatMissingData: MissingData.BREACHING,
        description: `The busiest cache node's engine CPU above ${t.engineCpuPercent} % for 5 minutes (Valkey runs commands on one thread)`,
        ...overNodes('cpu', 'EngineCPUUtilization', 'Maximum', 'MAX'),
      },
      {
        ...five,
        id: 'CacheMemory',
        threshold: t.memoryPercent,
        treatMissingData: MissingData.MISSING,
        description: `A cache node used more than ${t.memoryPercent} % of its memory for 5 minutes: evictions follow`,
        ...overNodes('mem', 'DatabaseMemoryUsagePercentage', 'Maximum', 'MAX'),
      },
      {
        ...five,
        id: 'CacheEvictions',
        threshold: t.evictionsPerMinute,
        treatMissingData: MissingData.NOT_BREACHING,
        description: `The cache evicted more than ${t.evictionsPerMinute} keys a minute for 5 minutes: it is too small for its data`,
        ...overNodes('evict', 'Evictions', 'Sum', 'SUM'),
      },
      {
        ...five,
        id: 'CacheReplicationLag',
        threshold: t.replicationLagSeconds,
        treatMissingData: MissingData.MISSING,
        description: `A cache replica lagged more than ${t.replicationLagSeconds} s behind the primary for 5 minutes: a failover would lose that`,
        ...overNodes('lag', 'ReplicationLag', 'Maximum', 'MAX'),
      },
      {
        ...five,
        id: 'CacheConnections',
        threshold: t.connections,
        treatMissingData: MissingData.MISSING,
        description: `A cache node held more than ${t.connections} connections for 5 minutes: a connection leak, or a pool per request`,
        ...overNodes('conn', 'CurrConnections', 'Maximum', 'MAX'),
      },
    ],
    dashboardRow: [
      {
        title: 'Cache engine CPU and memory (%, busiest node)',
        left: [series('engine CPU', 'cpu', 'EngineCPUUtilization', 'Maximum', 'MAX'), series('memory', 'mem', 'DatabaseMemoryUsagePercentage', 'Maximum', 'MAX')],
        leftMin: 0,
        leftMax: 100,
      },
      {
        title: 'Cache hits, misses and evictions (per minute)',
        left: [series('hits', 'hit', 'CacheHits', 'Sum', 'SUM'), series('misses', 'miss', 'CacheMisses', 'Sum', 'SUM'), series('evictions', 'evict', 'Evictions', 'Sum', 'SUM')],
        leftMin: 0,
      },
    ],
  };
}
