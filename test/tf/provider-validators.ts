// The hashicorp/aws provider's own validators for the arguments the Terraform flavor sets: what
// `terraform validate` and `terraform plan` refuse before any API call, beyond the structure and
// kinds that the schema extract records. Each rule names the provider file it was read from
// (hashicorp/terraform-provider-aws, internal/service/..., v6.x; validators rarely change between
// minor releases). Values known only at apply ("${...}") are not checked, as the provider does not.
import { valuesAt } from '../../src/core/aws/deployment-rules';

/** One check on one value, as the provider's ValidateFunc / ValidateDiagFunc. */
export type Check =
  /** validation.StringLenBetween: length in characters. */
  | { readonly kind: 'length'; readonly min?: number; readonly max: number }
  /** validation.StringMatch: the value must match (Go's regexp: unanchored unless the pattern anchors itself). */
  | { readonly kind: 'pattern'; readonly pattern: RegExp; readonly says: string }
  /** validation.StringDoesNotMatch. */
  | { readonly kind: 'notPattern'; readonly pattern: RegExp; readonly says: string }
  /** validation.IntBetween / IntAtLeast / IntAtMost (a numeric string counts as its number). */
  | { readonly kind: 'range'; readonly min?: number; readonly max?: number }
  /** validation.StringInSlice / IntInSlice / enum.Validate. */
  | { readonly kind: 'oneOf'; readonly values: ReadonlyArray<string | number>; readonly ignoreCase?: boolean }
  /** validation.Any: the value passes if one of these passes. */
  | { readonly kind: 'anyOf'; readonly checks: readonly Check[] }
  /** validation.IntDivisibleBy. */
  | { readonly kind: 'divisibleBy'; readonly by: number }
  /** MaxItems of a set or list attribute (the schema extract records it for blocks only); expressions count. */
  | { readonly kind: 'maxItems'; readonly max: number };

export interface ProviderValidator {
  readonly type: string;
  /** Where the values sit, as in the deployment rules: `block[].argument`, `[]` into lists (a single block is an object). */
  readonly path: string;
  readonly checks: readonly Check[];
  /** The provider file the validator is in, under internal/service/. */
  readonly file: string;
}

/** ConflictsWith, ExactlyOneOf and the provider's CustomizeDiff checks, over a whole resource. */
export interface ProviderResourceRule {
  readonly type: string;
  readonly what: string;
  readonly file: string;
  /** The problem with the resource, if any. */
  readonly check: (resource: Record<string, any>) => string | undefined;
  /** A resource that breaks the rule, for the test that proves the rule is live. */
  readonly broken: Record<string, any>;
}

const between = (min: number, max: number): Check => ({ kind: 'range', min, max });
const atLeast = (min: number): Check => ({ kind: 'range', min });
const atMost = (max: number): Check => ({ kind: 'range', max });
const len = (min: number, max: number): Check => ({ kind: 'length', min, max });
const oneOf = (values: ReadonlyArray<string | number>, ignoreCase = false): Check => ({ kind: 'oneOf', values, ignoreCase });
const matches = (pattern: RegExp, says: string): Check => ({ kind: 'pattern', pattern, says });
const not = (pattern: RegExp, says: string): Check => ({ kind: 'notPattern', pattern, says });

// RDS identifiers (rds/validate.go): validIdentifier, validIdentifierPrefix, and the group names'.
const RDS_IDENTIFIER: Check[] = [
  matches(/^[0-9a-z-]+$/, 'only lowercase alphanumeric characters and hyphens'), matches(/^[a-z]/, 'first character must be a letter'),
  not(/--/, 'cannot contain two consecutive hyphens'), not(/-$/, 'cannot end with a hyphen'),
];
const RDS_IDENTIFIER_PREFIX: Check[] = RDS_IDENTIFIER.slice(0, 3);
// rds/cluster.go final_snapshot_identifier; rds/instance.go adds a letter first.
const CLUSTER_FINAL_SNAPSHOT: Check[] = [
  matches(/^[0-9A-Za-z-]+$/, 'only alphanumeric characters and hyphens'), not(/--/, 'cannot contain two consecutive hyphens'),
  not(/-$/, 'cannot end in a hyphen'),
];
const PARAM_GROUP_NAME_PREFIX: Check[] = [
  matches(/^[0-9a-z-]+$/, 'only lowercase alphanumeric characters and hyphens'), matches(/^[a-z]/, 'first character must be a letter'),
  not(/--/, 'cannot contain two consecutive hyphens'), { kind: 'length', max: 255 },
];
const MONITORING_INTERVAL = oneOf([0, 1, 5, 10, 15, 30, 60]);
// cloudwatch/metric_alarm.go: the extended statistics (percentiles, trimmed means, ...).
const EXTENDED_STATISTIC = /^((p|(tm)|(wm)|(tc)|(ts))((\d{1,2}(\.\d{1,2})?)|(100))|(IQM)|(((TM)|(WM)|(PR)|(TC)|(TS)))\((\d+(\.\d+)?%?)?:(\d+(\.\d+)?%?)?\))$/;
const STATISTICS = ['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum'];
const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold', 'GreaterThanThreshold', 'LessThanThreshold', 'LessThanOrEqualToThreshold',
  'LessThanLowerOrGreaterThanUpperThreshold', 'LessThanLowerThreshold', 'GreaterThanUpperThreshold',
];
const ELBV2_PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];
// verify.ValidDuration: a Go duration.
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$/;

export const PROVIDER_VALIDATORS: readonly ProviderValidator[] = [
  // EC2 Auto Scaling
  ...[
    { path: 'name_prefix', checks: [len(0, 255 - 26)] },
    { path: 'initial_lifecycle_hook[].heartbeat_timeout', checks: [between(30, 7200)] },
    { path: 'initial_lifecycle_hook[].default_result', checks: [oneOf(['CONTINUE', 'ABANDON'])] },
    { path: 'initial_lifecycle_hook[].lifecycle_transition', checks: [oneOf(['autoscaling:EC2_INSTANCE_LAUNCHING', 'autoscaling:EC2_INSTANCE_TERMINATING'])] },
    { path: 'initial_lifecycle_hook[].name', checks: [len(1, 255), matches(/[A-Za-z0-9\-_/]+/, 'no spaces or special characters except "-", "_", and "/"')] },
    { path: 'instance_maintenance_policy[].min_healthy_percentage', checks: [between(-1, 100)] },
    { path: 'instance_maintenance_policy[].max_healthy_percentage', checks: [{ kind: 'anyOf', checks: [between(100, 200), between(-1, -1)] } as Check] },
    { path: 'instance_refresh[].strategy', checks: [oneOf(['Rolling', 'ReplaceRootVolume'])] },
    { path: 'instance_refresh[].preferences[].min_healthy_percentage', checks: [between(0, 100)] },
    { path: 'instance_refresh[].preferences[].max_healthy_percentage', checks: [between(100, 200)] },
    { path: 'instance_refresh[].preferences[].instance_warmup', checks: [atLeast(0)] },
    // nullable.ValidateTypeStringNullableIntAtLeast(0), as instance_warmup; checkpoint_percentages is a list of ints with no validator.
    { path: 'instance_refresh[].preferences[].checkpoint_delay', checks: [atLeast(0)] },
    { path: 'mixed_instances_policy[].instances_distribution[].on_demand_percentage_above_base_capacity', checks: [between(0, 100)] },
    { path: 'wait_for_capacity_timeout', checks: [matches(GO_DURATION, 'must be a Go duration (verify.ValidDuration)')] },
    // enum.Validate of the SDK's types: the values the Auto Scaling API reference lists.
    { path: 'availability_zone_distribution[].capacity_distribution_strategy', checks: [oneOf(['balanced-only', 'balanced-best-effort'])] },
    {
      path: 'capacity_reservation_specification[].capacity_reservation_preference',
      checks: [oneOf(['capacity-reservations-only', 'capacity-reservations-first', 'none', 'default'])],
    },
    { path: 'warm_pool[].pool_state', checks: [oneOf(['Stopped', 'Running', 'Hibernated'])] },
    { path: 'warm_pool[].min_size', checks: [atLeast(0)] },
    // defaultWarmPoolMaxGroupPreparedCapacity: -1, the group's maximum.
    { path: 'warm_pool[].max_group_prepared_capacity', checks: [atLeast(-1)] },
  ].map((v) => ({ ...v, type: 'aws_autoscaling_group', file: 'autoscaling/group.go' })),
  ...[
    { path: 'heartbeat_timeout', checks: [between(30, 7200)] },
    { path: 'default_result', checks: [oneOf(['CONTINUE', 'ABANDON'])] },
    { path: 'lifecycle_transition', checks: [oneOf(['autoscaling:EC2_INSTANCE_LAUNCHING', 'autoscaling:EC2_INSTANCE_TERMINATING'])] },
    { path: 'name', checks: [len(1, 255), matches(/[A-Za-z0-9\-_/]+/, 'no spaces or special characters except "-", "_", and "/"')] },
  ].map((v) => ({ ...v, type: 'aws_autoscaling_lifecycle_hook', file: 'autoscaling/lifecycle_hook.go' })),

  // Elastic Load Balancing
  ...[
    { path: 'deregistration_delay', checks: [between(0, 3600)] },
    { path: 'health_check[].healthy_threshold', checks: [between(2, 10)] },
    { path: 'health_check[].unhealthy_threshold', checks: [between(2, 10)] },
    { path: 'health_check[].interval', checks: [between(5, 300)] },
    { path: 'health_check[].timeout', checks: [between(2, 120)] },
    { path: 'health_check[].path', checks: [len(1, 1024), matches(/^\//, 'must begin with "/"')] },
    { path: 'health_check[].port', checks: [{ kind: 'anyOf', checks: [oneOf(['traffic-port']), between(1, 65535)] } as Check] },
    { path: 'health_check[].protocol', checks: [oneOf(['HTTP', 'HTTPS', 'TCP'], true)] },
    { path: 'load_balancing_algorithm_type', checks: [oneOf(['round_robin', 'least_outstanding_requests', 'weighted_random'])] },
    { path: 'port', checks: [between(1, 65535)] },
    { path: 'protocol', checks: [oneOf(ELBV2_PROTOCOLS)] },
    { path: 'slow_start', checks: [{ kind: 'anyOf', checks: [between(0, 0), between(30, 900)] } as Check] },
    { path: 'target_type', checks: [oneOf(['instance', 'ip', 'lambda', 'alb'])] },
  ].map((v) => ({ ...v, type: 'aws_lb_target_group', file: 'elbv2/target_group.go' })),
  ...[
    { path: 'desync_mitigation_mode', checks: [oneOf(['monitor', 'defensive', 'strictest'])] },
    { path: 'load_balancer_type', checks: [oneOf(['application', 'network', 'gateway'])] },
  ].map((v) => ({ ...v, type: 'aws_lb', file: 'elbv2/load_balancer.go' })),
  ...[
    { path: 'port', checks: [between(1, 65535)] },
    { path: 'protocol', checks: [oneOf(ELBV2_PROTOCOLS, true)] },
    { path: 'default_action[].type', checks: [oneOf(['forward', 'authenticate-oidc', 'authenticate-cognito', 'redirect', 'fixed-response'], true)] },
    { path: 'default_action[].redirect[].protocol', checks: [oneOf(['#{protocol}', 'HTTP', 'HTTPS'])] },
    { path: 'default_action[].redirect[].status_code', checks: [oneOf(['HTTP_301', 'HTTP_302'])] },
  ].map((v) => ({ ...v, type: 'aws_lb_listener', file: 'elbv2/listener.go' })),

  // CloudWatch
  ...[
    { path: 'alarm_name', checks: [len(1, 255)] },
    { path: 'alarm_description', checks: [len(0, 1024)] },
    { path: 'comparison_operator', checks: [oneOf(COMPARISON_OPERATORS)] },
    { path: 'datapoints_to_alarm', checks: [atLeast(1)] },
    { path: 'evaluation_periods', checks: [atLeast(1)] },
    { path: 'extended_statistic', checks: [matches(EXTENDED_STATISTIC, 'invalid statistic')] },
    { path: 'statistic', checks: [oneOf(STATISTICS)] },
    { path: 'metric_name', checks: [len(1, 255)] },
    { path: 'namespace', checks: [len(1, 255), matches(/[^:].*/, 'must not contain colon characters')] },
    { path: 'period', checks: [{ kind: 'anyOf', checks: [oneOf([10, 20, 30]), { kind: 'divisibleBy', by: 60 }] } as Check] },
    { path: 'treat_missing_data', checks: [oneOf(['missing', 'ignore', 'breaching', 'notBreaching'], true)] },
    { path: 'metric_query[].id', checks: [len(1, 255)] },
    { path: 'metric_query[].expression', checks: [len(1, 1024)] },
    { path: 'metric_query[].metric[].metric_name', checks: [len(1, 255)] },
    { path: 'metric_query[].metric[].namespace', checks: [len(1, 255), matches(/[^:].*/, 'must not contain colon characters')] },
    { path: 'metric_query[].metric[].period', checks: [{ kind: 'anyOf', checks: [oneOf([1, 5, 10, 20, 30]), { kind: 'divisibleBy', by: 60 }] } as Check] },
    {
      path: 'metric_query[].metric[].stat',
      checks: [{ kind: 'anyOf', checks: [oneOf(STATISTICS), matches(EXTENDED_STATISTIC, 'invalid statistic')] } as Check],
    },
    { path: 'ok_actions', checks: [{ kind: 'maxItems', max: 5 } as Check] },
  ].map((v) => ({ ...v, type: 'aws_cloudwatch_metric_alarm', file: 'cloudwatch/metric_alarm.go' })),
  ...[
    { path: 'alarm_name', checks: [len(0, 255)] },
    { path: 'alarm_description', checks: [len(0, 1024)] },
    { path: 'alarm_actions', checks: [{ kind: 'maxItems', max: 5 } as Check] },
    { path: 'ok_actions', checks: [{ kind: 'maxItems', max: 5 } as Check] },
  ].map((v) => ({ ...v, type: 'aws_cloudwatch_composite_alarm', file: 'cloudwatch/composite_alarm.go' })),
  {
    type: 'aws_cloudwatch_dashboard',
    path: 'dashboard_name',
    file: 'cloudwatch/validate.go (validDashboardName)',
    checks: [{ kind: 'length', max: 255 }, matches(/^[0-9A-Za-z_-]+$/, 'letters, digits, "_" and "-" only')],
  },
  ...[
    // The WAF log group, the only one the flavor names, takes a prefix (logs/validate.go validLogGroupNamePrefix: 483, the name's 512 less the suffix).
    { path: 'name_prefix', checks: [{ kind: 'length', max: 483 } as Check, matches(/^[0-9A-Za-z_./#-]+$/, 'letters, digits and _./#- only (validLogGroupNamePrefix)')] },
    {
      path: 'retention_in_days',
      checks: [oneOf([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653])],
    },
  ].map((v) => ({ ...v, type: 'aws_cloudwatch_log_group', file: 'logs/group.go' })),

  // RDS
  ...[
    { path: 'cluster_identifier_prefix', checks: RDS_IDENTIFIER_PREFIX },
    { path: 'backup_retention_period', checks: [atMost(35)] },
    { path: 'backtrack_window', checks: [between(0, 259200)] },
    { path: 'final_snapshot_identifier', checks: CLUSTER_FINAL_SNAPSHOT },
    {
      path: 'enabled_cloudwatch_logs_exports[]',
      checks: [oneOf(['audit', 'error', 'general', 'iam-db-auth-error', 'instance', 'postgresql', 'slowquery', 'upgrade'])],
    },
    { path: 'engine', checks: [oneOf(['aurora-mysql', 'aurora-postgresql', 'mysql', 'postgres'])] },
  ].map((v) => ({ ...v, type: 'aws_rds_cluster', file: 'rds/cluster.go, rds/validate.go, rds/consts.go' })),
  ...[
    { path: 'identifier_prefix', checks: RDS_IDENTIFIER_PREFIX },
    { path: 'backup_retention_period', checks: [between(0, 35)] },
    { path: 'final_snapshot_identifier', checks: [matches(/^[A-Za-z]/, 'must begin with alphabetic character'), ...CLUSTER_FINAL_SNAPSHOT] },
    { path: 'monitoring_interval', checks: [MONITORING_INTERVAL] },
    {
      path: 'enabled_cloudwatch_logs_exports[]',
      checks: [oneOf(['agent', 'alert', 'audit', 'diag.log', 'error', 'general', 'iam-db-auth-error', 'listener', 'notify.log', 'oemagent',
        'postgresql', 'slowquery', 'trace', 'upgrade'])],
    },
  ].map((v) => ({ ...v, type: 'aws_db_instance', file: 'rds/instance.go, rds/validate.go, rds/consts.go' })),
  ...[
    { path: 'identifier_prefix', checks: RDS_IDENTIFIER_PREFIX },
    { path: 'monitoring_interval', checks: [MONITORING_INTERVAL] },
    { path: 'promotion_tier', checks: [between(0, 15)] },
  ].map((v) => ({ ...v, type: 'aws_rds_cluster_instance', file: 'rds/cluster_instance.go, rds/validate.go' })),
  { type: 'aws_db_parameter_group', path: 'name_prefix', checks: PARAM_GROUP_NAME_PREFIX, file: 'rds/validate.go (validParamGroupNamePrefix)' },
  { type: 'aws_rds_cluster_parameter_group', path: 'name_prefix', checks: PARAM_GROUP_NAME_PREFIX, file: 'rds/validate.go (validParamGroupNamePrefix)' },
  {
    type: 'aws_db_option_group',
    path: 'name_prefix',
    file: 'rds/validate.go (validOptionGroupNamePrefix)',
    checks: [matches(/^[a-z]/, 'first character must be a letter'), matches(/^[0-9a-z-]+$/, 'only alphanumeric characters and hyphens'),
      not(/--/, 'cannot contain two consecutive hyphens'), { kind: 'length', max: 229 }],
  },
  {
    type: 'aws_db_subnet_group',
    path: 'name_prefix',
    file: 'rds/validate.go (validSubnetGroupNamePrefix)',
    checks: [matches(/^[0-9a-z_ .-]+$/, 'only lowercase alphanumeric characters, hyphens, underscores, periods, and spaces'), { kind: 'length', max: 229 }],
  },
  ...[
    { path: 'name', checks: RDS_IDENTIFIER },
    { path: 'engine_family', checks: [oneOf(['MYSQL', 'POSTGRESQL', 'SQLSERVER'])] },
    { path: 'auth[].auth_scheme', checks: [oneOf(['SECRETS'])] },
    { path: 'auth[].iam_auth', checks: [oneOf(['DISABLED', 'REQUIRED', 'ENABLED'])] },
  ].map((v) => ({ ...v, type: 'aws_db_proxy', file: 'rds/proxy.go, rds/validate.go' })),
  ...[
    { path: 'db_proxy_endpoint_name', checks: RDS_IDENTIFIER },
    { path: 'target_role', checks: [oneOf(['READ_WRITE', 'READ_ONLY'])] },
  ].map((v) => ({ ...v, type: 'aws_db_proxy_endpoint', file: 'rds/proxy_endpoint.go, rds/validate.go' })),

  // ElastiCache
  ...[
    {
      path: 'replication_group_id',
      checks: [len(1, 40), matches(/^[0-9A-Za-z-]+$/, 'letters, digits and hyphens only'), matches(/^[A-Za-z]/, 'must begin with a letter'),
        not(/--/, 'cannot contain two consecutive hyphens'), not(/-$/, 'cannot end with a hyphen')],
    },
    { path: 'description', checks: [len(1, Number.MAX_SAFE_INTEGER)] },
    { path: 'engine', checks: [oneOf(['redis', 'valkey'], true)] },
    {
      path: 'engine_version',
      checks: [{
        kind: 'anyOf',
        checks: [matches(/^[1-5](\.\d+){2}$|^((6)\.x)|([6-9]\.\d+)$/, 'a Redis version'), matches(/^[7-9]\.\d+$/, 'a Valkey <major>.<minor>')],
      } as Check],
    },
    { path: 'snapshot_retention_limit', checks: [atMost(35)] },
    { path: 'transit_encryption_mode', checks: [oneOf(['preferred', 'required'])] },
  ].map((v) => ({ ...v, type: 'aws_elasticache_replication_group', file: 'elasticache/replication_group.go, elasticache/engine_version.go' })),

  // WAF
  ...[
    { path: 'name', checks: [len(1, 128), matches(/^[0-9A-Za-z_-]+$/, 'alphanumeric, hyphen and underscore characters only')] },
    { path: 'scope', checks: [oneOf(['CLOUDFRONT', 'REGIONAL'])] },
    { path: 'rule[].name', checks: [len(1, 128)] },
    // wafv2/schemas.go: IntBetween(10, 2000000000), as the WAF API allows (older provider releases had 100).
    { path: 'rule[].statement.rate_based_statement.limit', checks: [between(10, 2000000000)] },
    { path: 'rule[].statement.rate_based_statement.evaluation_window_sec', checks: [oneOf([60, 120, 300, 600])] },
  ].map((v) => ({ ...v, type: 'aws_wafv2_web_acl', file: 'wafv2/web_acl.go, wafv2/schemas.go' })),

  // Fault Injection Service
  ...[
    { path: 'description', checks: [len(0, 512)] },
    { path: 'action[].action_id', checks: [len(0, 128), matches(/^aws:[0-9a-z-]+:[0-9A-Za-z/-]+$/, 'must be in the format of aws:service-name:action-name')] },
    { path: 'action[].description', checks: [len(0, 512)] },
    { path: 'action[].name', checks: [len(0, 64)] },
    { path: 'action[].parameter[].key', checks: [len(0, 64)] },
    { path: 'action[].parameter[].value', checks: [len(0, 1024)] },
    { path: 'action[].target[].value', checks: [len(0, 64)] },
    { path: 'experiment_options[].account_targeting', checks: [oneOf(['single-account', 'multi-account'])] },
    { path: 'experiment_options[].empty_target_resolution_mode', checks: [oneOf(['fail', 'skip'])] },
    { path: 'stop_condition[].source', checks: [oneOf(['none', 'aws:cloudwatch:alarm'])] },
    { path: 'target[].name', checks: [len(0, 64)] },
    { path: 'target[].resource_type', checks: [len(0, 64)] },
    { path: 'target[].resource_arns', checks: [{ kind: 'maxItems', max: 5 } as Check] },
    { path: 'target[].resource_tag', checks: [{ kind: 'maxItems', max: 50 } as Check] },
    { path: 'target[].resource_tag[].key', checks: [len(0, 128)] },
    { path: 'target[].resource_tag[].value', checks: [len(0, 256)] },
    { path: 'target[].filter[].path', checks: [len(0, 256)] },
    { path: 'target[].filter[].values[]', checks: [len(0, 128)] },
    { path: 'target[].selection_mode', checks: [len(0, 64), matches(/^(ALL|COUNT\(\d+\)|PERCENT\(\d+\))$/, 'must be one of ALL, COUNT(number), PERCENT(number)')] },
  ].map((v) => ({ ...v, type: 'aws_fis_experiment_template', file: 'fis/experiment_template.go' })),

  // IAM
  ...[
    { path: 'name_prefix', checks: [len(1, 64 - 26), matches(/^[\w+=,.@-]*$/, 'must match [\\w+=,.@-]')] },
    // The provider's third check, an unanchored [\p{L}\p{M}\p{Z}\p{S}\p{N}\p{P}]*, matches every string: left out.
    { path: 'description', checks: [len(0, 1000), not(/[“‘]/, 'cannot contain specially formatted single or double quotes')] },
  ].map((v) => ({ ...v, type: 'aws_iam_role', file: 'iam/role.go, iam/validate.go (validResourceName)' })),

  // CloudWatch Synthetics
  ...[
    { path: 'name', checks: [len(1, 21), matches(/^[0-9a-z_-]+$/, 'must contain only lowercase alphanumeric, hyphen, or underscore.')] },
    { path: 'failure_retention_period', checks: [between(1, 455)] },
    { path: 'success_retention_period', checks: [between(1, 455)] },
    { path: 'run_config[].timeout_in_seconds', checks: [between(3, 14 * 60)] },
  ].map((v) => ({ ...v, type: 'aws_synthetics_canary', file: 'synthetics/canary.go' })),
];

const present = (r: Record<string, any>, key: string) => r[key] !== undefined && r[key] !== null;
const blocks = (value: unknown): any[] => (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value]);

/** ConflictsWith between top-level arguments, as the provider declares them. */
function conflicts(type: string, file: string, a: string, others: string[]): ProviderResourceRule {
  return {
    type,
    file,
    what: `${a} conflicts with ${others.join(', ')}`,
    check: (r) => {
      const clash = present(r, a) ? others.filter((o) => present(r, o)) : [];
      return clash.length > 0 ? `"${a}" conflicts with ${clash.map((c) => `"${c}"`).join(', ')}` : undefined;
    },
    broken: Object.fromEntries([a, ...others].map((k) => [k, 'x'])),
  };
}

/** ExactlyOneOf between top-level arguments. */
function exactlyOne(type: string, file: string, keys: string[]): ProviderResourceRule {
  return {
    type,
    file,
    what: `exactly one of ${keys.join(', ')}`,
    check: (r) => {
      const set = keys.filter((k) => present(r, k));
      return set.length === 1 ? undefined : `exactly one of ${keys.map((k) => `"${k}"`).join(', ')} must be set, not ${set.length}`;
    },
    broken: {},
  };
}

export const PROVIDER_RESOURCE_RULES: readonly ProviderResourceRule[] = [
  conflicts('aws_autoscaling_group', 'autoscaling/group.go', 'name', ['name_prefix']),
  conflicts('aws_autoscaling_group', 'autoscaling/group.go', 'availability_zones', ['vpc_zone_identifier']),
  conflicts('aws_autoscaling_group', 'autoscaling/group.go', 'traffic_source', ['load_balancers', 'target_group_arns']),
  exactlyOne('aws_autoscaling_group', 'autoscaling/group.go', ['launch_configuration', 'launch_template', 'mixed_instances_policy']),
  conflicts('aws_lb', 'elbv2/load_balancer.go', 'name', ['name_prefix']),
  exactlyOne('aws_lb', 'elbv2/load_balancer.go', ['subnet_mapping', 'subnets']),
  conflicts('aws_lb_target_group', 'elbv2/target_group.go', 'name', ['name_prefix']),
  conflicts('aws_cloudwatch_log_group', 'logs/group.go', 'name', ['name_prefix']),
  conflicts('aws_cloudwatch_metric_alarm', 'cloudwatch/metric_alarm.go', 'metric_query', ['dimensions', 'metric_name', 'namespace', 'period', 'statistic', 'extended_statistic']),
  conflicts('aws_cloudwatch_metric_alarm', 'cloudwatch/metric_alarm.go', 'statistic', ['extended_statistic']),
  conflicts('aws_cloudwatch_metric_alarm', 'cloudwatch/metric_alarm.go', 'threshold', ['threshold_metric_id']),
  {
    type: 'aws_cloudwatch_metric_alarm',
    file: 'cloudwatch/metric_alarm.go (CustomizeDiff)',
    what: 'a metric_name needs exactly one of statistic, extended_statistic',
    check: (r) => (present(r, 'metric_name') && present(r, 'statistic') === present(r, 'extended_statistic')
      ? 'One of `statistic` or `extended_statistic` must be set for a cloudwatch metric alarm' : undefined),
    broken: { metric_name: 'CPUUtilization' },
  },
  {
    type: 'aws_cloudwatch_metric_alarm',
    file: 'cloudwatch/metric_alarm.go (CustomizeDiff)',
    what: 'no metric_query has both expression and metric',
    check: (r) => (blocks(r.metric_query).some((q) => present(q, 'expression') && blocks(q.metric).length > 0)
      ? 'No metric_query may have both `expression` and a `metric` specified' : undefined),
    broken: { metric_query: [{ id: 'e1', expression: 'm1', metric: { metric_name: 'x', period: 60, stat: 'Sum' } }] },
  },
  conflicts('aws_rds_cluster', 'rds/cluster.go', 'cluster_identifier', ['cluster_identifier_prefix']),
  conflicts('aws_rds_cluster', 'rds/cluster.go', 'manage_master_user_password', ['master_password', 'master_password_wo']),
  conflicts('aws_db_instance', 'rds/instance.go', 'identifier', ['identifier_prefix']),
  conflicts('aws_db_instance', 'rds/instance.go', 'manage_master_user_password', ['password']),
  conflicts('aws_iam_role', 'iam/role.go', 'name', ['name_prefix']),
  conflicts('aws_elasticache_replication_group', 'elasticache/replication_group.go', 'num_cache_clusters', ['num_node_groups', 'replicas_per_node_group']),
  conflicts('aws_elasticache_replication_group', 'elasticache/replication_group.go', 'node_group_configuration', ['preferred_cache_cluster_azs']),
  conflicts('aws_elasticache_replication_group', 'elasticache/replication_group.go', 'auth_token', ['user_group_ids']),
  {
    type: 'aws_elasticache_replication_group',
    file: 'elasticache/replication_group.go (CustomizeDiff)',
    what: 'Multi-AZ needs automatic failover',
    check: (r) => (r.multi_az_enabled === true && r.automatic_failover_enabled !== true
      ? '"multi_az_enabled": automatic_failover_enabled must be true when multi_az_enabled is true' : undefined),
    broken: { multi_az_enabled: true, automatic_failover_enabled: false },
  },
  {
    type: 'aws_elasticache_replication_group',
    file: 'elasticache/replication_group.go (CustomizeDiff)',
    what: 'automatic failover needs two cache clusters',
    check: (r) => (r.automatic_failover_enabled === true && typeof r.num_cache_clusters === 'number' && r.num_cache_clusters < 2
      ? '"num_cache_clusters": must be at least 2 when automatic_failover_enabled is true' : undefined),
    broken: { automatic_failover_enabled: true, num_cache_clusters: 1 },
  },
];

const unresolved = (value: unknown) => typeof value === 'string' && value.includes('${');

/**
 * A final snapshot named at creation (src/tf/context.ts createdAtName) is known once applied: the
 * prefix and 14 digits. It is checked as it will be, with a sample time in place of the expression.
 */
const CREATION_TIME = '${formatdate("YYYYMMDDhhmmss", timestamp())}';
const asApplied = (value: unknown) => (typeof value === 'string' && value.endsWith(CREATION_TIME) && !value.slice(0, -CREATION_TIME.length).includes('${')
  ? `${value.slice(0, -CREATION_TIME.length)}20260101000000` : value);

/** Why a value fails a check, or undefined. */
export function failure(check: Check, value: unknown): string | undefined {
  switch (check.kind) {
    case 'maxItems': {
      const count = Array.isArray(value) ? value.length : 0;
      return count > check.max ? `has ${count} items, more than ${check.max}` : undefined;
    }
    case 'anyOf': {
      const reasons = check.checks.map((c) => failure(c, value));
      return reasons.some((r) => r === undefined) ? undefined : reasons.join(', and ');
    }
    case 'length': {
      const text = String(value);
      if (check.min !== undefined && text.length < check.min) return `is ${text.length} characters, fewer than ${check.min}`;
      return text.length > check.max ? `is ${text.length} characters, more than ${check.max}` : undefined;
    }
    case 'pattern': return check.pattern.test(String(value)) ? undefined : check.says;
    case 'notPattern': return check.pattern.test(String(value)) ? check.says : undefined;
    case 'oneOf': {
      const norm = (v: unknown) => (check.ignoreCase ? String(v).toLowerCase() : String(v));
      return check.values.some((v) => norm(v) === norm(value)) ? undefined : `is not one of ${check.values.join(', ')}`;
    }
    case 'range': {
      const n = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(n)) return 'is not a number';
      if (check.min !== undefined && n < check.min) return check.max === undefined ? `is less than ${check.min}` : `is not between ${check.min} and ${check.max}`;
      if (check.max !== undefined && n > check.max) return check.min === undefined ? `is more than ${check.max}` : `is not between ${check.min} and ${check.max}`;
      return undefined;
    }
    case 'divisibleBy': {
      const n = typeof value === 'number' ? value : Number(value);
      return Number.isInteger(n) && n % check.by === 0 ? undefined : `is not divisible by ${check.by}`;
    }
  }
}

/** The values a validator checks in a resource: list-valued checks see the list, the others each element. */
export function valuesFor(v: ProviderValidator, resource: unknown): unknown[] {
  const listCheck = v.checks.some((c) => c.kind === 'maxItems');
  const path = listCheck ? v.path.replace(/\[\]$/, '') : v.path;
  if (!listCheck) return valuesAt(resource, path).map(asApplied).filter((x) => !unresolved(x) && x !== null);
  // valuesAt flattens a trailing []: read the list itself from its parent.
  const dot = path.lastIndexOf('.');
  const parents = dot < 0 ? [resource] : valuesAt(resource, path.slice(0, dot));
  const key = path.slice(dot + 1);
  return parents.map((p) => (p as Record<string, unknown> | null)?.[key]).filter((x) => x !== undefined && x !== null);
}

/** What the provider's validators refuse in one resource, one line per problem. */
export function providerFindings(type: string, name: string, resource: Record<string, any>): string[] {
  const found: string[] = [];
  for (const v of PROVIDER_VALIDATORS.filter((x) => x.type === type)) {
    for (const value of valuesFor(v, resource)) {
      for (const check of v.checks) {
        const why = failure(check, value);
        if (why) found.push(`${type}.${name}: argument "${v.path}" ${JSON.stringify(value)} ${why} (provider ${v.file})`);
      }
    }
  }
  for (const rule of PROVIDER_RESOURCE_RULES.filter((x) => x.type === type)) {
    const why = rule.check(resource);
    if (why) found.push(`${type}.${name}: ${why} (provider ${rule.file})`);
  }
  return found;
}
