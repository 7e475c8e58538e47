/**
 * What AWS (and the Terraform AWS provider) enforce when they create a resource, for the values
 * this library emits: names, identifiers, descriptions, versions. No schema checks them: the
 * CloudFormation resource schemas and the provider's attribute schema know types, not these
 * rules, so a value that breaks one fails at deploy. Each rule names its source.
 *
 * The planner applies the rules to every value it decides ({@link checkDeploymentValues}); the
 * tests run every resource of both flavors through them ({@link checkResource}).
 */
import { Validator } from '../base/validation';

/** Where a rule's values sit in a rendered resource. */
export interface ValueLocation {
  /** The CloudFormation or Terraform resource type. */
  readonly type: string;
  /**
   * Dotted path to the value in the resource's properties (CloudFormation) or arguments
   * (Terraform); `[]` steps into each element of a list, `*` into each value of an object.
   */
  readonly path: string;
  /**
   * Terraform appends a unique suffix of this many characters to the value (a `name_prefix`):
   * the rule applies to the name it makes.
   */
  readonly prefixOf?: number;
}

/** One rule a service enforces at create time. */
export interface DeploymentRule {
  /** What the value is, e.g. `security group rule description`. */
  readonly what: string;
  /** What is allowed, in words (for messages). */
  readonly allowed: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** Every value must match. */
  readonly pattern?: RegExp;
  /** Shapes the value must not have, each with its reason. */
  readonly forbidden?: ReadonlyArray<{ readonly pattern: RegExp; readonly reason: string }>;
  /** The AWS API reference page, or the provider source file, the rule comes from. */
  readonly source: string;
  readonly cloudFormation?: readonly ValueLocation[];
  readonly terraform?: readonly ValueLocation[];
}

/** Terraform's unique suffix after a `name_prefix`: a timestamp and a counter, 26 digits. */
export const TERRAFORM_SUFFIX_LENGTH = 26;

const NO_DOUBLE_OR_TRAILING_HYPHEN = [
  { pattern: /--/, reason: 'two hyphens in a row' },
  { pattern: /-$/, reason: 'a trailing hyphen' },
];
const EC2_TEXT = /^[a-zA-Z0-9. _\-:/()#,@[\]+=&;{}!$*]*$/;
const EC2_TEXT_ALLOWED = 'letters, digits, spaces and ._-:/()#,@[]+=&;{}!$* (no apostrophe)';
const RDS_IDENTIFIER = /^[a-z][a-z0-9-]*$/;
const prefixed = (type: string, path: string): ValueLocation => ({ type, path, prefixOf: TERRAFORM_SUFFIX_LENGTH });

/** Every rule, by id. */
export const DEPLOYMENT_RULES = {
  securityGroupDescription: {
    what: 'security group description',
    allowed: `up to 255 ${EC2_TEXT_ALLOWED}`,
    maxLength: 255,
    pattern: EC2_TEXT,
    source: 'EC2 API reference, CreateSecurityGroup (GroupDescription); provider internal/service/ec2/vpc_security_group.go',
    cloudFormation: [{ type: 'AWS::EC2::SecurityGroup', path: 'GroupDescription' }],
    terraform: [{ type: 'aws_security_group', path: 'description' }],
  },
  securityGroupRuleDescription: {
    what: 'security group rule description',
    allowed: `up to 255 ${EC2_TEXT_ALLOWED}`,
    maxLength: 255,
    pattern: EC2_TEXT,
    source: 'EC2 API reference, AuthorizeSecurityGroupIngress (IpRange.Description, UserIdGroupPair.Description); provider internal/service/ec2/validate.go',
    cloudFormation: [
      { type: 'AWS::EC2::SecurityGroup', path: 'SecurityGroupIngress[].Description' },
      { type: 'AWS::EC2::SecurityGroup', path: 'SecurityGroupEgress[].Description' },
      { type: 'AWS::EC2::SecurityGroupIngress', path: 'Description' },
      { type: 'AWS::EC2::SecurityGroupEgress', path: 'Description' },
    ],
    terraform: [
      { type: 'aws_vpc_security_group_ingress_rule', path: 'description' },
      { type: 'aws_vpc_security_group_egress_rule', path: 'description' },
    ],
  },
  securityGroupName: {
    what: 'security group name',
    allowed: `up to 255 ${EC2_TEXT_ALLOWED}, not starting with sg-`,
    maxLength: 255,
    pattern: EC2_TEXT,
    forbidden: [{ pattern: /^sg-/, reason: 'the sg- prefix' }],
    source: 'EC2 API reference, CreateSecurityGroup (GroupName); provider internal/service/ec2/vpc_security_group.go',
    cloudFormation: [{ type: 'AWS::EC2::SecurityGroup', path: 'GroupName' }],
    terraform: [prefixed('aws_security_group', 'name_prefix')],
  },
  webAclName: {
    what: 'WAF web ACL or rule name',
    allowed: '1-128 letters, digits, _ and -',
    minLength: 1,
    maxLength: 128,
    pattern: /^[\w-]+$/,
    source: 'WAFv2 API reference, CreateWebACL (Name) and Rule (Name); provider internal/service/wafv2/web_acl.go',
    cloudFormation: [{ type: 'AWS::WAFv2::WebACL', path: 'Name' }, { type: 'AWS::WAFv2::WebACL', path: 'Rules[].Name' }],
    terraform: [{ type: 'aws_wafv2_web_acl', path: 'name' }, { type: 'aws_wafv2_web_acl', path: 'rule[].name' }],
  },
  wafMetricName: {
    what: 'WAF CloudWatch metric name',
    allowed: '1-255 letters, digits and _#:.-/',
    minLength: 1,
    maxLength: 255,
    pattern: /^[\w#:.\-/]+$/,
    forbidden: [{ pattern: /^(All|Default_Action)$/, reason: 'a reserved name' }],
    source: 'WAFv2 API reference, VisibilityConfig (MetricName); provider internal/service/wafv2/schemas.go',
    cloudFormation: [
      { type: 'AWS::WAFv2::WebACL', path: 'VisibilityConfig.MetricName' },
      { type: 'AWS::WAFv2::WebACL', path: 'Rules[].VisibilityConfig.MetricName' },
    ],
    terraform: [
      { type: 'aws_wafv2_web_acl', path: 'visibility_config.metric_name' },
      { type: 'aws_wafv2_web_acl', path: 'rule[].visibility_config.metric_name' },
    ],
  },
  logGroupName: {
    what: 'CloudWatch Logs log group name',
    allowed: '1-512 letters, digits and ._-/#',
    minLength: 1,
    maxLength: 512,
    pattern: /^[.\-_/#A-Za-z0-9]+$/,
    source: 'CloudWatch Logs API reference, CreateLogGroup (logGroupName); provider internal/service/logs/validate.go',
    cloudFormation: [{ type: 'AWS::Logs::LogGroup', path: 'LogGroupName' }],
    terraform: [{ type: 'aws_cloudwatch_log_group', path: 'name' }, prefixed('aws_cloudwatch_log_group', 'name_prefix')],
  },
  alarmName: {
    what: 'CloudWatch alarm name',
    allowed: '1-255 printable characters',
    minLength: 1,
    maxLength: 255,
    pattern: /^[^\u0000-\u001f\u007f]+$/,
    source: 'CloudWatch API reference, PutMetricAlarm and PutCompositeAlarm (AlarmName)',
    cloudFormation: [{ type: 'AWS::CloudWatch::Alarm', path: 'AlarmName' }, { type: 'AWS::CloudWatch::CompositeAlarm', path: 'AlarmName' }],
    terraform: [{ type: 'aws_cloudwatch_metric_alarm', path: 'alarm_name' }, { type: 'aws_cloudwatch_composite_alarm', path: 'alarm_name' }],
  },
  alarmDescription: {
    what: 'CloudWatch alarm description',
    allowed: 'up to 1024 characters',
    maxLength: 1024,
    source: 'CloudWatch API reference, PutMetricAlarm and PutCompositeAlarm (AlarmDescription); provider internal/service/cloudwatch/metric_alarm.go',
    cloudFormation: [
      { type: 'AWS::CloudWatch::Alarm', path: 'AlarmDescription' }, { type: 'AWS::CloudWatch::CompositeAlarm', path: 'AlarmDescription' },
    ],
    terraform: [
      { type: 'aws_cloudwatch_metric_alarm', path: 'alarm_description' }, { type: 'aws_cloudwatch_composite_alarm', path: 'alarm_description' },
    ],
  },
  dashboardName: {
    what: 'CloudWatch dashboard name',
    allowed: '1-255 letters, digits, - and _',
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z0-9_-]+$/,
    source: 'CloudWatch API reference, PutDashboard (DashboardName)',
    cloudFormation: [{ type: 'AWS::CloudWatch::Dashboard', path: 'DashboardName' }],
    terraform: [{ type: 'aws_cloudwatch_dashboard', path: 'dashboard_name' }],
  },
  canaryName: {
    what: 'CloudWatch Synthetics canary name',
    allowed: '1-21 lower-case letters, digits, - and _',
    minLength: 1,
    // The API takes 255; hashicorp/aws 6.25 validates 21, and both flavors keep to it.
    maxLength: 21,
    pattern: /^[0-9a-z_-]+$/,
    source: 'Synthetics API reference, CreateCanary (Name: ^[0-9a-z_\\-]+$, 1-255); provider internal/service/synthetics/canary.go (StringLenBetween(1, 21))',
    cloudFormation: [{ type: 'AWS::Synthetics::Canary', path: 'Name' }],
    terraform: [{ type: 'aws_synthetics_canary', path: 'name' }],
  },
  rdsProxyName: {
    what: 'RDS Proxy or proxy endpoint name',
    allowed: '1-63 lower-case letters, digits and single hyphens, a letter first, no trailing hyphen',
    minLength: 1,
    maxLength: 63,
    pattern: RDS_IDENTIFIER,
    forbidden: NO_DOUBLE_OR_TRAILING_HYPHEN,
    source: 'RDS API reference, CreateDBProxy (DBProxyName) and CreateDBProxyEndpoint; provider internal/service/rds/validate.go (validIdentifier: lower case)',
    cloudFormation: [{ type: 'AWS::RDS::DBProxy', path: 'DBProxyName' }, { type: 'AWS::RDS::DBProxyEndpoint', path: 'DBProxyEndpointName' }],
    terraform: [{ type: 'aws_db_proxy', path: 'name' }, { type: 'aws_db_proxy_endpoint', path: 'db_proxy_endpoint_name' }],
  },
  rdsIdentifier: {
    what: 'RDS cluster or instance identifier',
    allowed: '1-63 lower-case letters, digits and single hyphens, a letter first, no trailing hyphen',
    minLength: 1,
    maxLength: 63,
    pattern: RDS_IDENTIFIER,
    forbidden: NO_DOUBLE_OR_TRAILING_HYPHEN,
    source: 'RDS API reference, CreateDBCluster and CreateDBInstance (identifiers); provider internal/service/rds/validate.go (validIdentifierPrefix)',
    cloudFormation: [{ type: 'AWS::RDS::DBCluster', path: 'DBClusterIdentifier' }, { type: 'AWS::RDS::DBInstance', path: 'DBInstanceIdentifier' }],
    terraform: [
      prefixed('aws_rds_cluster', 'cluster_identifier_prefix'), prefixed('aws_rds_cluster_instance', 'identifier_prefix'),
      prefixed('aws_db_instance', 'identifier_prefix'),
    ],
  },
  rdsSnapshotIdentifier: {
    what: 'RDS final snapshot identifier',
    allowed: '1-255 letters, digits and single hyphens, a letter first, no trailing hyphen',
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z][A-Za-z0-9-]*$/,
    forbidden: NO_DOUBLE_OR_TRAILING_HYPHEN,
    source: 'RDS API reference, DeleteDBCluster and DeleteDBInstance (FinalDBSnapshotIdentifier); provider internal/service/rds/cluster.go, instance.go',
    terraform: [{ type: 'aws_rds_cluster', path: 'final_snapshot_identifier' }, { type: 'aws_db_instance', path: 'final_snapshot_identifier' }],
  },
  rdsGroupName: {
    what: 'RDS parameter group or option group name',
    allowed: '1-255 lower-case letters, digits and single hyphens, a letter first, no trailing hyphen',
    minLength: 1,
    maxLength: 255,
    pattern: RDS_IDENTIFIER,
    forbidden: NO_DOUBLE_OR_TRAILING_HYPHEN,
    source: 'RDS API reference, CreateDBParameterGroup, CreateDBClusterParameterGroup, CreateOptionGroup; provider internal/service/rds/validate.go',
    cloudFormation: [
      { type: 'AWS::RDS::DBParameterGroup', path: 'DBParameterGroupName' },
      { type: 'AWS::RDS::DBClusterParameterGroup', path: 'DBClusterParameterGroupName' },
      { type: 'AWS::RDS::OptionGroup', path: 'OptionGroupName' },
    ],
    terraform: [
      prefixed('aws_db_parameter_group', 'name_prefix'), prefixed('aws_rds_cluster_parameter_group', 'name_prefix'),
      prefixed('aws_db_option_group', 'name_prefix'),
    ],
  },
  rdsSubnetGroupName: {
    what: 'DB subnet group name',
    allowed: 'up to 255 lower-case letters, digits, periods, underscores, spaces and hyphens, not "default"',
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-z0-9_ .-]+$/,
    forbidden: [{ pattern: /^default$/, reason: 'the reserved name default' }],
    source: 'RDS API reference, CreateDBSubnetGroup (DBSubnetGroupName); provider internal/service/rds/validate.go',
    cloudFormation: [{ type: 'AWS::RDS::DBSubnetGroup', path: 'DBSubnetGroupName' }],
    terraform: [prefixed('aws_db_subnet_group', 'name_prefix')],
  },
  rdsEngineVersion: {
    what: 'database engine version',
    allowed: 'a major version only (17, 8.0, 8.4): RDS creates the major\'s default minor, and automatic minor upgrades never contradict it',
    pattern: /^\d+(\.\d+)?$/,
    source: 'RDS API reference, CreateDBCluster and CreateDBInstance (EngineVersion: a major version takes its default minor); ' +
      'provider internal/service/rds/engine_version.go (compareActualEngineVersion keeps a configured version that prefixes the actual one)',
    cloudFormation: [{ type: 'AWS::RDS::DBCluster', path: 'EngineVersion' }, { type: 'AWS::RDS::DBInstance', path: 'EngineVersion' }],
    terraform: [{ type: 'aws_rds_cluster', path: 'engine_version' }, { type: 'aws_db_instance', path: 'engine_version' }],
  },
  rdsGlobalEngineVersion: {
    what: 'engine version of a global database\'s member',
    allowed: 'a major (17, 8.0) or, in a global database, the full version every member pins (17.7, 8.0.mysql_aurora.3.10.3): a managed cross-Region switchover or failover needs the members on one major, minor and patch level, which a major alone (each Region\'s default minor of its creation day) does not give',
    pattern: /^\d+(\.\d+)?(\.mysql_aurora\.\d+\.\d+\.\d+)?$/,
    source: 'Aurora User Guide, "Upgrading an Amazon Aurora global database" (patch level compatibility for managed cross-Region switchovers and failovers); ' +
      'provider internal/service/rds/global_cluster.go (resourceGlobalClusterRead keeps only the API\'s full form)',
    cloudFormation: [{ type: 'AWS::RDS::DBCluster', path: 'EngineVersion' }],
    terraform: [{ type: 'aws_rds_cluster', path: 'engine_version' }],
  },
  cacheId: {
    what: 'ElastiCache replication group, user or user group id',
    allowed: '1-40 letters, digits and single hyphens, a letter first, no trailing hyphen',
    minLength: 1,
    maxLength: 40,
    pattern: /^[a-z][a-z0-9-]*$/,
    forbidden: NO_DOUBLE_OR_TRAILING_HYPHEN,
    source: 'ElastiCache API reference, CreateReplicationGroup (ReplicationGroupId), CreateUser (UserId), CreateUserGroup (UserGroupId); ' +
      'provider internal/service/elasticache/validate.go',
    cloudFormation: [
      { type: 'AWS::ElastiCache::ReplicationGroup', path: 'ReplicationGroupId' },
      { type: 'AWS::ElastiCache::User', path: 'UserId' },
      { type: 'AWS::ElastiCache::UserGroup', path: 'UserGroupId' },
    ],
    terraform: [
      { type: 'aws_elasticache_replication_group', path: 'replication_group_id' },
      { type: 'aws_elasticache_user', path: 'user_id' },
      { type: 'aws_elasticache_user_group', path: 'user_group_id' },
    ],
  },
  cacheSubnetGroupName: {
    what: 'ElastiCache subnet group name',
    allowed: 'up to 255 lower-case letters, digits and hyphens',
    minLength: 1,
    maxLength: 255,
    pattern: /^[a-z0-9-]+$/,
    source: 'ElastiCache API reference, CreateCacheSubnetGroup (CacheSubnetGroupName); provider internal/service/elasticache/subnet_group.go',
    cloudFormation: [{ type: 'AWS::ElastiCache::SubnetGroup', path: 'CacheSubnetGroupName' }],
    terraform: [{ type: 'aws_elasticache_subnet_group', path: 'name' }],
  },
  launchTemplateName: {
    what: 'launch template name',
    allowed: '3-128 letters, digits and ()./_- (a Terraform name_prefix at most 99)',
    minLength: 3,
    maxLength: 128,
    pattern: /^[0-9A-Za-z()./_-]+$/,
    source: 'EC2 API reference, CreateLaunchTemplate (LaunchTemplateName); provider internal/verify/validate.go (ValidLaunchTemplateName)',
    cloudFormation: [{ type: 'AWS::EC2::LaunchTemplate', path: 'LaunchTemplateName' }],
    terraform: [prefixed('aws_launch_template', 'name_prefix')],
  },
  launchTemplateNamePrefix: {
    what: 'Terraform launch template name prefix',
    allowed: '3-99 letters, digits and ()./_-',
    minLength: 3,
    maxLength: 99,
    pattern: /^[0-9A-Za-z()./_-]+$/,
    source: 'provider internal/verify/validate.go (ValidLaunchTemplateName: a prefix is at most 99)',
    terraform: [{ type: 'aws_launch_template', path: 'name_prefix' }],
  },
  autoScalingName: {
    what: 'Auto Scaling group, policy or scheduled action name',
    allowed: '1-255 characters, no control characters but tab and line breaks',
    minLength: 1,
    maxLength: 255,
    pattern: /^[^\u0000-\u0008\u000b\u000c\u000e-\u001f]+$/,
    source: 'EC2 Auto Scaling API reference, CreateAutoScalingGroup (AutoScalingGroupName), PutScalingPolicy, PutScheduledUpdateGroupAction',
    cloudFormation: [
      { type: 'AWS::AutoScaling::AutoScalingGroup', path: 'AutoScalingGroupName' },
      { type: 'AWS::AutoScaling::ScheduledAction', path: 'ScheduledActionName' },
    ],
    terraform: [
      prefixed('aws_autoscaling_group', 'name_prefix'), { type: 'aws_autoscaling_policy', path: 'name' },
      { type: 'aws_autoscaling_schedule', path: 'scheduled_action_name' },
    ],
  },
  lifecycleHookName: {
    what: 'lifecycle hook name',
    allowed: '1-255 letters, digits and -_/',
    minLength: 1,
    maxLength: 255,
    pattern: /^[A-Za-z0-9\-_/]+$/,
    source: 'EC2 Auto Scaling API reference, PutLifecycleHook (LifecycleHookName); provider internal/service/autoscaling/lifecycle_hook.go',
    cloudFormation: [{ type: 'AWS::AutoScaling::AutoScalingGroup', path: 'LifecycleHookSpecificationList[].LifecycleHookName' }],
    terraform: [
      { type: 'aws_autoscaling_group', path: 'initial_lifecycle_hook[].name' }, { type: 'aws_autoscaling_lifecycle_hook', path: 'name' },
    ],
  },
  roleName: {
    what: 'IAM role name',
    allowed: '1-64 letters, digits and _+=,.@-',
    minLength: 1,
    maxLength: 64,
    pattern: /^[\w+=,.@-]+$/,
    source: 'IAM API reference, CreateRole (RoleName); provider internal/service/iam/role.go',
    cloudFormation: [{ type: 'AWS::IAM::Role', path: 'RoleName' }],
    terraform: [prefixed('aws_iam_role', 'name_prefix')],
  },
  roleDescription: {
    what: 'IAM role description',
    allowed: 'up to 1000 printable Latin-1 characters',
    maxLength: 1000,
    pattern: /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/,
    source: 'IAM API reference, CreateRole (Description); provider internal/service/iam/role.go',
    cloudFormation: [{ type: 'AWS::IAM::Role', path: 'Description' }],
    terraform: [{ type: 'aws_iam_role', path: 'description' }],
  },
  instanceProfileName: {
    what: 'IAM instance profile name',
    allowed: '1-128 letters, digits and _+=,.@-',
    minLength: 1,
    maxLength: 128,
    pattern: /^[\w+=,.@-]+$/,
    source: 'IAM API reference, CreateInstanceProfile (InstanceProfileName); provider internal/service/iam/instance_profile.go',
    cloudFormation: [{ type: 'AWS::IAM::InstanceProfile', path: 'InstanceProfileName' }],
    terraform: [prefixed('aws_iam_instance_profile', 'name_prefix')],
  },
  bucketName: {
    what: 'S3 bucket name',
    allowed: '3-63 lower-case letters, digits, dots and hyphens, a letter or digit at each end',
    minLength: 3,
    maxLength: 63,
    pattern: /^[a-z0-9][a-z0-9.-]*[a-z0-9]$/,
    source: 'S3 User Guide, bucket naming rules; provider internal/service/s3/bucket.go',
    cloudFormation: [{ type: 'AWS::S3::Bucket', path: 'BucketName' }],
    terraform: [prefixed('aws_s3_bucket', 'bucket_prefix')],
  },
  topicName: {
    what: 'SNS topic name',
    allowed: '1-256 letters, digits, _ and -',
    minLength: 1,
    maxLength: 256,
    pattern: /^[\w-]+$/,
    source: 'SNS API reference, CreateTopic (Name); provider internal/service/sns/topic.go',
    cloudFormation: [{ type: 'AWS::SNS::Topic', path: 'TopicName' }],
    terraform: [prefixed('aws_sns_topic', 'name_prefix')],
  },
  lambdaFunctionName: {
    what: 'Lambda function name',
    allowed: '1-64 letters, digits, hyphens and underscores',
    minLength: 1,
    maxLength: 64,
    pattern: /^[a-zA-Z0-9_-]+$/,
    source: 'Lambda API reference, CreateFunction (FunctionName: a name of up to 64 characters); provider internal/service/lambda/function.go',
    cloudFormation: [{ type: 'AWS::Lambda::Function', path: 'FunctionName' }],
    terraform: [{ type: 'aws_lambda_function', path: 'function_name' }],
  },
  eventRuleName: {
    what: 'EventBridge rule name',
    allowed: '1-64 letters, digits and .-_',
    minLength: 1,
    maxLength: 64,
    pattern: /^[.\-_A-Za-z0-9]+$/,
    source: 'EventBridge API reference, PutRule (Name: 1-64, [\\.\\-_A-Za-z0-9]+); provider internal/service/events/rule.go',
    cloudFormation: [{ type: 'AWS::Events::Rule', path: 'Name' }],
    terraform: [{ type: 'aws_cloudwatch_event_rule', path: 'name' }],
  },
  ssmDocumentName: {
    what: 'SSM document name',
    allowed: '3-128 letters, digits and _-., not starting with aws, amazon or amzn',
    minLength: 3,
    maxLength: 128,
    pattern: /^[a-zA-Z0-9_\-.]+$/,
    forbidden: [{ pattern: /^(aws|amazon|amzn)/i, reason: 'a prefix AWS reserves (aws, amazon, amzn)' }],
    source: 'Systems Manager API reference, CreateDocument (Name: ^[a-zA-Z0-9_\\-.]{3,128}$; the prefixes aws, amazon and amzn are reserved)',
    cloudFormation: [{ type: 'AWS::SSM::Document', path: 'Name' }],
    terraform: [{ type: 'aws_ssm_document', path: 'name' }],
  },
  experimentDescription: {
    what: 'FIS experiment template or action description',
    allowed: 'up to 512 characters',
    maxLength: 512,
    source: 'AWS FIS API reference, CreateExperimentTemplate (description, CreateExperimentTemplateActionInput.description)',
    cloudFormation: [{ type: 'AWS::FIS::ExperimentTemplate', path: 'Description' }, { type: 'AWS::FIS::ExperimentTemplate', path: 'Actions.*.Description' }],
    terraform: [{ type: 'aws_fis_experiment_template', path: 'description' }, { type: 'aws_fis_experiment_template', path: 'action[].description' }],
  },
} as const satisfies Record<string, DeploymentRule>;

export type DeploymentRuleId = keyof typeof DEPLOYMENT_RULES;

/** Why a value breaks a rule, or undefined when it keeps it. */
export function breaks(rule: DeploymentRule, value: string): string | undefined {
  if (rule.minLength !== undefined && value.length < rule.minLength) return `shorter than ${rule.minLength}`;
  if (rule.maxLength !== undefined && value.length > rule.maxLength) return `${value.length} characters, more than ${rule.maxLength}`;
  if (rule.pattern && !rule.pattern.test(value)) {
    const bad = [...new Set([...value].filter((c) => !rule.pattern!.test(c) && !rule.pattern!.test(`a${c}a`)))];
    return bad.length ? `holds ${bad.map((c) => JSON.stringify(c)).join(', ')}` : 'does not have the allowed shape';
  }
  const hit = rule.forbidden?.find((f) => f.pattern.test(value));
  return hit && `has ${hit.reason}`;
}

/** The message for a value that breaks a rule. */
function problem(rule: DeploymentRule, what: string, value: string, reason: string): string {
  return `${what} ${JSON.stringify(value)} cannot deploy: a ${rule.what} allows ${rule.allowed}, and this one ${reason} (${rule.source})`;
}

/** One value the planner decided, with the rule it must keep. */
export interface DeployedValue {
  readonly rule: DeploymentRuleId;
  /** Where it is in the plan, for the message. */
  readonly what: string;
  readonly value: string | undefined;
  /** Terraform appends its unique suffix to this value (a name prefix). */
  readonly prefix?: boolean;
}

/**
 * Applies the rules to the values the planner decided; each broken rule is a problem of the
 * plan, reported with the rest before anything is created. Unresolved values are skipped.
 */
export function checkDeploymentValues(values: DeployedValue[], v: Validator): void {
  for (const d of values) {
    if (d.value === undefined || v.isUnresolved(d.value)) continue;
    const rule: DeploymentRule = DEPLOYMENT_RULES[d.rule];
    const subject = d.prefix ? d.value + '0'.repeat(TERRAFORM_SUFFIX_LENGTH) : d.value;
    const reason = breaks(rule, subject);
    if (reason) v.fail(problem(rule, d.what, d.value, d.prefix ? `with Terraform's ${TERRAFORM_SUFFIX_LENGTH}-character suffix ${reason}` : reason));
  }
}

/** A rendered value that breaks a rule. */
export interface RuleFinding {
  readonly rule: DeploymentRuleId;
  readonly path: string;
  readonly value: string;
  readonly message: string;
}

/** The values at a dotted path (`[]`: each element, `*`: each value of an object). */
export function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const step of path.split('.')) {
    const list = step.endsWith('[]');
    const key = list ? step.slice(0, -2) : step;
    current = current.flatMap((node) => {
      if (node === null || typeof node !== 'object') return [];
      const children = key === '*' ? Object.values(node as object) : [(node as Record<string, unknown>)[key]];
      return children.flatMap((child) => (list ? (Array.isArray(child) ? child : child === undefined ? [] : [child]) : [child]));
    });
  }
  return current.filter((x) => x !== undefined);
}

/** Whether a rendered value is known only at deploy: a CloudFormation intrinsic or a Terraform expression. */
function unresolved(value: unknown): boolean {
  return typeof value !== 'string' || value.includes('${');
}

/**
 * Every rule broken by one rendered resource: its CloudFormation properties or Terraform
 * arguments. Values known only at deploy are skipped.
 */
export function checkResource(flavor: 'cloudFormation' | 'terraform', type: string, properties: unknown): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const [id, rule] of Object.entries(DEPLOYMENT_RULES) as Array<[DeploymentRuleId, DeploymentRule]>) {
    for (const at of rule[flavor] ?? []) {
      if (at.type !== type) continue;
      for (const value of valuesAt(properties, at.path)) {
        if (unresolved(value)) continue;
        const text = value as string;
        const reason = breaks(rule, at.prefixOf ? text + '0'.repeat(at.prefixOf) : text);
        if (reason) findings.push({ rule: id, path: `${type}.${at.path}`, value: text, message: problem(rule, `${type}.${at.path}`, text, reason) });
      }
    }
  }
  return findings;
}

/** The resource types the rules know, per flavor (what a test must see rendered at least once). */
export function ruledTypes(flavor: 'cloudFormation' | 'terraform'): string[] {
  return [...new Set(Object.values(DEPLOYMENT_RULES).flatMap((r: DeploymentRule) => (r[flavor] ?? []).map((l) => l.type)))].sort();
}
