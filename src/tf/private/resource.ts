/**
 * The one small adapter between the renderers and cdktf: Terraform resources, data sources and
 * outputs written from typed snake_case arguments, without provider bindings.
 */
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformResource } from './cdktf';

/** The hashicorp/aws versions the offline schema check was taken from (test/tf/README.md). */
export const AWS_PROVIDER = { source: 'hashicorp/aws', version: '~> 6.25' } as const;

/** What cdktf writes into `required_providers` for the resources and the provider block. */
export const GENERATOR = { providerName: 'aws', providerVersionConstraint: AWS_PROVIDER.version };

/** Drops undefined arguments: Terraform JSON has no "absent" value. */
function defined(args: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args).filter(([, value]) => value !== undefined));
}

/**
 * One resource of the hashicorp/aws provider, written from typed arguments (Terraform's own
 * snake_case names), without provider bindings. Each type below has its argument interface, so a
 * wrong name or kind fails compilation; the schema check in the tests catches what types cannot.
 */
export class AwsResource<A extends object> extends TerraformResource {
  /**
   * @param dependsOn resources Terraform must create first, when no reference says so
   */
  constructor(scope: Construct, id: string, type: string, private readonly args: A, dependsOn?: TerraformResource[]) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: GENERATOR, dependsOn });
  }

  /** A reference to one of its attributes, e.g. `id` or `arn`. */
  public attr(name: string): string {
    return this.getStringAttribute(name);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return defined(this.args);
  }
}

/** One data source of the hashicorp/aws provider. */
export class AwsDataSource<A extends object> extends TerraformDataSource {
  constructor(scope: Construct, id: string, type: string, private readonly args: A) {
    super(scope, id, { terraformResourceType: type, terraformGeneratorMetadata: GENERATOR });
  }

  public attr(name: string): string {
    return this.getStringAttribute(name);
  }

  protected synthesizeAttributes(): Record<string, unknown> {
    return defined(this.args);
  }
}

type Tags = Record<string, string>;


// Argument interfaces: the arguments the service writes, named and typed as the provider's schema has them.
export interface VpcArgs {
  readonly cidr_block: string; readonly enable_dns_hostnames: boolean; readonly enable_dns_support: boolean; readonly tags?: Tags;
}
export interface SubnetArgs {
  readonly vpc_id: string;
  readonly cidr_block: string;
  readonly availability_zone: string;
  readonly map_public_ip_on_launch: boolean;
  readonly tags?: Tags;
}
export interface InternetGatewayArgs { readonly vpc_id: string; readonly tags?: Tags }
export interface EipArgs { readonly domain: 'vpc'; readonly tags?: Tags }
export interface NatGatewayArgs { readonly allocation_id: string; readonly subnet_id: string; readonly tags?: Tags }
export interface RouteTableArgs { readonly vpc_id: string; readonly tags?: Tags }
export interface RouteArgs {
  readonly route_table_id: string; readonly destination_cidr_block: string; readonly gateway_id?: string; readonly nat_gateway_id?: string;
}
export interface RouteTableAssociationArgs { readonly route_table_id: string; readonly subnet_id: string }
export interface KmsKeyArgs { readonly description: string; readonly enable_key_rotation: boolean; readonly policy: string; readonly tags?: Tags }
export interface LogGroupArgs {
  readonly name_prefix?: string;
  readonly retention_in_days: number;
  readonly kms_key_id: string;
  /** Keep the group and its logs when the configuration is destroyed (CloudFormation's retain). */
  readonly skip_destroy?: boolean;
  readonly tags?: Tags;
}
export interface IamRoleArgs {
  readonly name_prefix?: string; readonly description?: string; readonly assume_role_policy: string; readonly tags?: Tags;
}
export interface IamRolePolicyArgs { readonly role: string; readonly policy: string; readonly name_prefix?: string }
export interface FlowLogArgs {
  readonly vpc_id: string;
  readonly traffic_type: 'ALL' | 'ACCEPT' | 'REJECT';
  readonly log_destination_type: 'cloud-watch-logs';
  readonly log_destination: string;
  readonly iam_role_arn: string;
  readonly tags?: Tags;
}
export interface NoArgs {}
export interface SecurityGroupArgs { readonly vpc_id: string; readonly description: string; readonly name_prefix?: string; readonly tags?: Tags }
export interface IngressRuleArgs {
  readonly security_group_id: string;
  readonly ip_protocol: 'tcp';
  readonly from_port: number;
  readonly to_port: number;
  readonly cidr_ipv4?: string;
  readonly referenced_security_group_id?: string;
  readonly description?: string;
}
export interface BucketArgs { readonly bucket_prefix: string; readonly tags?: Tags }
export interface BucketVersioningArgs { readonly bucket: string; readonly versioning_configuration: { readonly status: 'Enabled' } }
export interface BucketEncryptionArgs {
  readonly bucket: string; readonly rule: Array<{ readonly apply_server_side_encryption_by_default: { readonly sse_algorithm: 'AES256' } }>;
}
export interface BucketPublicAccessBlockArgs {
  readonly bucket: string;
  readonly block_public_acls: true;
  readonly block_public_policy: true;
  readonly ignore_public_acls: true;
  readonly restrict_public_buckets: true;
}
export interface BucketOwnershipArgs { readonly bucket: string; readonly rule: { readonly object_ownership: 'BucketOwnerEnforced' } }
export interface LifecycleRuleArgs {
  readonly id: string;
  readonly status: 'Enabled';
  readonly filter: object;
  readonly transition?: Array<{ readonly days: number; readonly storage_class: string }>;
  readonly expiration?: Array<{ readonly days?: number; readonly expired_object_delete_marker?: boolean }>;
  readonly noncurrent_version_expiration?: Array<{ readonly noncurrent_days: number }>;
}
export interface BucketLifecycleArgs { readonly bucket: string; readonly rule: LifecycleRuleArgs[] }
export interface BucketPolicyArgs { readonly bucket: string; readonly policy: string }
export interface BucketNotificationArgs { readonly bucket: string; readonly eventbridge: boolean }
export interface LoadBalancerArgs {
  readonly internal: boolean;
  readonly load_balancer_type: 'application';
  readonly security_groups: string[];
  readonly subnets: string[];
  readonly drop_invalid_header_fields: boolean;
  readonly desync_mitigation_mode: 'defensive';
  readonly idle_timeout: number;
  readonly enable_deletion_protection: boolean;
  readonly enable_zonal_shift: boolean;
  readonly access_logs: { readonly bucket: string; readonly prefix: string; readonly enabled: boolean };
  readonly minimum_load_balancer_capacity?: { readonly capacity_units: number };
  readonly timeouts?: { readonly create?: string; readonly update?: string; readonly delete?: string };
}
export interface TargetGroupArgs {
  readonly port: number;
  readonly protocol: 'HTTP';
  readonly vpc_id: string;
  readonly target_type: 'instance';
  /** A string in the provider's schema. */
  readonly deregistration_delay: string;
  readonly slow_start?: number;
  readonly load_balancing_algorithm_type: string;
  readonly load_balancing_anomaly_mitigation?: 'on' | 'off';
  readonly load_balancing_cross_zone_enabled?: 'true' | 'false' | 'use_load_balancer_configuration';
  readonly health_check: {
    readonly enabled: boolean;
    readonly path: string;
    readonly port: 'traffic-port';
    readonly protocol: 'HTTP';
    readonly interval: number;
    readonly timeout: number;
    readonly healthy_threshold: number;
    readonly unhealthy_threshold: number;
    readonly matcher: string;
  };
  readonly target_group_health?: { readonly dns_failover: { readonly minimum_healthy_targets_percentage: string } };
}
export interface ListenerArgs {
  readonly load_balancer_arn: string;
  readonly port: number;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly certificate_arn?: string;
  readonly ssl_policy?: string;
  readonly default_action: Array<{
    readonly type: 'forward' | 'redirect';
    readonly target_group_arn?: string;
    readonly redirect?: { readonly port: string; readonly protocol: 'HTTPS'; readonly status_code: 'HTTP_301' };
  }>;
}

export interface EgressRuleArgs {
  readonly security_group_id: string;
  readonly ip_protocol: 'tcp' | '-1';
  readonly from_port?: number;
  readonly to_port?: number;
  readonly cidr_ipv4?: string;
  readonly referenced_security_group_id?: string;
  readonly description?: string;
}
export interface IamRolePolicyAttachmentArgs { readonly role: string; readonly policy_arn: string }
export interface IamInstanceProfileArgs { readonly name_prefix?: string; readonly role: string }
export interface SsmParameterArgs { readonly name: string }
export interface LaunchTemplateArgs {
  readonly name_prefix?: string;
  readonly description?: string;
  readonly image_id: string;
  readonly instance_type: string;
  /** Base64, as the provider wants it. */
  readonly user_data: string;
  readonly vpc_security_group_ids: string[];
  readonly iam_instance_profile: { readonly arn: string };
  readonly metadata_options: {
    readonly http_endpoint: 'enabled'; readonly http_tokens: 'required'; readonly http_put_response_hop_limit: number;
  };
  readonly monitoring: { readonly enabled: boolean };
  readonly block_device_mappings: Array<{
    readonly device_name: string;
    /** Strings in the provider's schema. */
    readonly ebs: { readonly volume_size: number; readonly volume_type: 'gp3'; readonly encrypted: 'true'; readonly delete_on_termination: 'true' };
  }>;
  readonly update_default_version?: boolean;
}
interface LaunchTemplateRef { readonly launch_template_id: string; readonly version: string }
export interface AutoScalingGroupArgs {
  readonly name_prefix: string;
  readonly vpc_zone_identifier: string[];
  readonly min_size: number;
  readonly max_size: number;
  readonly launch_template?: { readonly id: string; readonly version: string };
  readonly mixed_instances_policy?: {
    readonly launch_template: {
      readonly launch_template_specification: LaunchTemplateRef; readonly override: Array<{ readonly instance_type: string }>;
    };
    readonly instances_distribution: { readonly on_demand_allocation_strategy: 'prioritized'; readonly on_demand_percentage_above_base_capacity: number };
  };
  readonly health_check_type: 'ELB';
  readonly health_check_grace_period: number;
  readonly default_instance_warmup: number;
  readonly default_cooldown: number;
  readonly target_group_arns: string[];
  readonly enabled_metrics: string[];
  readonly metrics_granularity: '1Minute';
  readonly instance_maintenance_policy: { readonly min_healthy_percentage: number; readonly max_healthy_percentage: number };
  readonly initial_lifecycle_hook?: Array<{
    readonly name: string; readonly lifecycle_transition: string; readonly heartbeat_timeout: number; readonly default_result: string;
  }>;
  readonly instance_refresh: {
    readonly strategy: 'Rolling';
    readonly preferences: {
      readonly min_healthy_percentage: number;
      readonly max_healthy_percentage: number;
      /** A string in the provider's schema. */
      readonly instance_warmup: string;
      readonly skip_matching: boolean;
      readonly checkpoint_percentages: number[];
      /** Seconds, a string in the provider's schema. */
      readonly checkpoint_delay: string;
      readonly alarm_specification?: { readonly alarms: string[] };
    };
  };
  readonly wait_for_capacity_timeout: string;
  readonly min_elb_capacity?: number;
  readonly tag: Array<{ readonly key: string; readonly value: string; readonly propagate_at_launch: boolean }>;
  readonly availability_zone_distribution?: { readonly capacity_distribution_strategy: string };
  readonly capacity_reservation_specification?: {
    readonly capacity_reservation_preference: string;
    readonly capacity_reservation_target?: { readonly capacity_reservation_resource_group_arns: string[] };
  };
  readonly warm_pool?: {
    readonly pool_state: string;
    readonly min_size: number;
    readonly max_group_prepared_capacity: number;
    readonly instance_reuse_policy: { readonly reuse_on_scale_in: boolean };
  };
}
export interface LifecycleHookArgs {
  readonly autoscaling_group_name: string;
  readonly name: string;
  readonly lifecycle_transition: string;
  readonly heartbeat_timeout: number;
  readonly default_result: string;
}
export interface AutoScalingPolicyArgs {
  readonly name: string;
  readonly autoscaling_group_name: string;
  readonly policy_type: 'TargetTrackingScaling' | 'PredictiveScaling';
  readonly target_tracking_configuration?: {
    readonly predefined_metric_specification: { readonly predefined_metric_type: string; readonly resource_label?: string };
    readonly target_value: number;
  };
  readonly predictive_scaling_configuration?: {
    readonly mode: string;
    /** A string in the provider's schema. */
    readonly scheduling_buffer_time: string;
    readonly metric_specification: {
      readonly target_value: number;
      readonly predefined_metric_pair_specification: { readonly predefined_metric_type: string; readonly resource_label?: string };
    };
  };
}
export interface AutoScalingScheduleArgs {
  readonly scheduled_action_name: string;
  readonly autoscaling_group_name: string;
  readonly recurrence: string;
  readonly time_zone?: string;
  readonly min_size: number;
  readonly max_size: number;
  /** -1 leaves the desired capacity alone. */
  readonly desired_capacity: number;
}
export interface AutoScalingNotificationArgs { readonly group_names: string[]; readonly notifications: string[]; readonly topic_arn: string }

/** Zones by DescribeAvailabilityZones filter (`zone-type`), in any state. */
export interface AvailabilityZonesArgs { readonly filter: Array<{ readonly name: 'zone-type'; readonly values: string[] }> }
export interface AcmCertificateArgs { readonly domain_name: string; readonly validation_method: 'DNS' }
export interface Route53RecordArgs {
  readonly zone_id: string;
  readonly name: string;
  readonly type: 'A' | 'CNAME';
  readonly ttl?: number;
  readonly records?: string[];
  readonly allow_overwrite?: boolean;
  readonly alias?: { readonly name: string; readonly zone_id: string; readonly evaluate_target_health: boolean };
}
export interface AcmCertificateValidationArgs { readonly certificate_arn: string; readonly validation_record_fqdns?: string[] }

/** Typed constructors of the resources and data sources the Terraform flavor uses. */
export const aws = {
  vpc: (s: Construct, id: string, a: VpcArgs) => new AwsResource(s, id, 'aws_vpc', a),
  subnet: (s: Construct, id: string, a: SubnetArgs) => new AwsResource(s, id, 'aws_subnet', a),
  internetGateway: (s: Construct, id: string, a: InternetGatewayArgs) => new AwsResource(s, id, 'aws_internet_gateway', a),
  eip: (s: Construct, id: string, a: EipArgs) => new AwsResource(s, id, 'aws_eip', a),
  natGateway: (s: Construct, id: string, a: NatGatewayArgs) => new AwsResource(s, id, 'aws_nat_gateway', a),
  routeTable: (s: Construct, id: string, a: RouteTableArgs) => new AwsResource(s, id, 'aws_route_table', a),
  route: (s: Construct, id: string, a: RouteArgs) => new AwsResource(s, id, 'aws_route', a),
  routeTableAssociation: (s: Construct, id: string, a: RouteTableAssociationArgs) =>
    new AwsResource(s, id, 'aws_route_table_association', a),
  kmsKey: (s: Construct, id: string, a: KmsKeyArgs) => new AwsResource(s, id, 'aws_kms_key', a),
  logGroup: (s: Construct, id: string, a: LogGroupArgs) => new AwsResource(s, id, 'aws_cloudwatch_log_group', a),
  iamRole: (s: Construct, id: string, a: IamRoleArgs) => new AwsResource(s, id, 'aws_iam_role', a),
  iamRolePolicy: (s: Construct, id: string, a: IamRolePolicyArgs) => new AwsResource(s, id, 'aws_iam_role_policy', a),
  flowLog: (s: Construct, id: string, a: FlowLogArgs) => new AwsResource(s, id, 'aws_flow_log', a),
  securityGroup: (s: Construct, id: string, a: SecurityGroupArgs) => new AwsResource(s, id, 'aws_security_group', a),
  ingressRule: (s: Construct, id: string, a: IngressRuleArgs) => new AwsResource(s, id, 'aws_vpc_security_group_ingress_rule', a),
  bucket: (s: Construct, id: string, a: BucketArgs) => new AwsResource(s, id, 'aws_s3_bucket', a),
  bucketVersioning: (s: Construct, id: string, a: BucketVersioningArgs) => new AwsResource(s, id, 'aws_s3_bucket_versioning', a),
  bucketEncryption: (s: Construct, id: string, a: BucketEncryptionArgs) =>
    new AwsResource(s, id, 'aws_s3_bucket_server_side_encryption_configuration', a),
  bucketPublicAccessBlock: (s: Construct, id: string, a: BucketPublicAccessBlockArgs) => new AwsResource(s, id, 'aws_s3_bucket_public_access_block', a),
  bucketOwnership: (s: Construct, id: string, a: BucketOwnershipArgs) => new AwsResource(s, id, 'aws_s3_bucket_ownership_controls', a),
  bucketLifecycle: (s: Construct, id: string, a: BucketLifecycleArgs, dependsOn?: TerraformResource[]) =>
    new AwsResource(s, id, 'aws_s3_bucket_lifecycle_configuration', a, dependsOn),
  bucketPolicy: (s: Construct, id: string, a: BucketPolicyArgs) => new AwsResource(s, id, 'aws_s3_bucket_policy', a),
  bucketNotification: (s: Construct, id: string, a: BucketNotificationArgs) => new AwsResource(s, id, 'aws_s3_bucket_notification', a),
  loadBalancer: (s: Construct, id: string, a: LoadBalancerArgs, dependsOn?: TerraformResource[]) => new AwsResource(s, id, 'aws_lb', a, dependsOn),
  targetGroup: (s: Construct, id: string, a: TargetGroupArgs) => new AwsResource(s, id, 'aws_lb_target_group', a),
  listener: (s: Construct, id: string, a: ListenerArgs) => new AwsResource(s, id, 'aws_lb_listener', a),
  egressRule: (s: Construct, id: string, a: EgressRuleArgs) => new AwsResource(s, id, 'aws_vpc_security_group_egress_rule', a),
  iamRolePolicyAttachment: (s: Construct, id: string, a: IamRolePolicyAttachmentArgs) => new AwsResource(s, id, 'aws_iam_role_policy_attachment', a),
  instanceProfile: (s: Construct, id: string, a: IamInstanceProfileArgs) => new AwsResource(s, id, 'aws_iam_instance_profile', a),
  launchTemplate: (s: Construct, id: string, a: LaunchTemplateArgs) => new AwsResource(s, id, 'aws_launch_template', a),
  autoScalingGroup: (s: Construct, id: string, a: AutoScalingGroupArgs, dependsOn?: TerraformResource[]) =>
    new AwsResource(s, id, 'aws_autoscaling_group', a, dependsOn),
  autoScalingPolicy: (s: Construct, id: string, a: AutoScalingPolicyArgs) => new AwsResource(s, id, 'aws_autoscaling_policy', a),
  lifecycleHook: (s: Construct, id: string, a: LifecycleHookArgs) => new AwsResource(s, id, 'aws_autoscaling_lifecycle_hook', a),
  autoScalingSchedule: (s: Construct, id: string, a: AutoScalingScheduleArgs) => new AwsResource(s, id, 'aws_autoscaling_schedule', a),
  autoScalingNotification: (s: Construct, id: string, a: AutoScalingNotificationArgs) => new AwsResource(s, id, 'aws_autoscaling_notification', a),
  ssmParameter: (s: Construct, id: string, a: SsmParameterArgs) => new AwsDataSource(s, id, 'aws_ssm_parameter', a),
  certificate: (s: Construct, id: string, a: AcmCertificateArgs) => new AwsResource(s, id, 'aws_acm_certificate', a),
  route53Record: (s: Construct, id: string, a: Route53RecordArgs) => new AwsResource(s, id, 'aws_route53_record', a),
  certificateValidation: (s: Construct, id: string, a: AcmCertificateValidationArgs) => new AwsResource(s, id, 'aws_acm_certificate_validation', a),
  availabilityZones: (s: Construct, id: string, a: AvailabilityZonesArgs) => new AwsDataSource(s, id, 'aws_availability_zones', a),
  elbServiceAccount: (s: Construct, id: string) => new AwsDataSource<NoArgs>(s, id, 'aws_elb_service_account', {}),
  callerIdentity: (s: Construct, id: string) => new AwsDataSource<NoArgs>(s, id, 'aws_caller_identity', {}),
  partition: (s: Construct, id: string) => new AwsDataSource<NoArgs>(s, id, 'aws_partition', {}),
  region: (s: Construct, id: string) => new AwsDataSource<NoArgs>(s, id, 'aws_region', {}),
  /** An existing VPC, by id. */
  existingVpc: (s: Construct, id: string, a: { readonly id: string }) => new AwsDataSource(s, id, 'aws_vpc', a),
};
