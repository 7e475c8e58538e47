/**
 * The rule HA-OS1: OpenSearch or Elasticsearch domain without zone awareness. One rule per file, as the pack lists them.
 */
import { RuleLevel, ResilienceRule } from '../rule';
import { bool, num } from './shared';

export const SEARCH_NO_ZONE_AWARENESS: ResilienceRule = {
  id: 'HA-OS1',
  level: RuleLevel.ERROR,
  title: 'OpenSearch or Elasticsearch domain without zone awareness',
  why: 'Every data node sits in one AZ: losing it takes the domain, and its primary shards, offline.',
  fix: 'Set ClusterConfig.ZoneAwarenessEnabled (ElasticsearchClusterConfig for AWS::Elasticsearch::Domain) with 2 or 3 AZs and an even InstanceCount, or MultiAZWithStandbyEnabled.',
  terraformFix: 'Set cluster_config.zone_awareness_enabled = true with zone_awareness_config.availability_zone_count 2 or 3 and an even instance_count, or multi_az_with_standby_enabled.',
  resourceTypes: ['AWS::OpenSearchService::Domain', 'AWS::Elasticsearch::Domain'],
  check: (r) => {
    const config = (r.Type === 'AWS::Elasticsearch::Domain' ? r.Properties?.ElasticsearchClusterConfig : r.Properties?.ClusterConfig) ?? {};
    if (bool(config.MultiAZWithStandbyEnabled) === true) return undefined;
    const nodes = num(config.InstanceCount) ?? 1;
    if (bool(config.ZoneAwarenessEnabled) !== true) return `zone awareness is off: ${nodes === 1 ? 'a single data node' : `all ${nodes} data nodes in one AZ`}`;
    return nodes < 2 ? 'zone awareness is on, but with a single data node' : undefined;
  },
};
