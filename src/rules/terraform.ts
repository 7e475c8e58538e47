import { CfnResourceJson, CfnTemplate, Unknown } from './template';

// Terraform input: a cdktf `cdk.tf.json` or the JSON of a plan (`terraform show -json plan.out`),
// mapped to the resource model the rules read (CloudFormation types and property names), each
// resource under its Terraform address. References become `Ref` / `Fn::GetAtt` to the address;
// variables become parameters with their defaults. The attribute names and the provider's
// defaults below are those of the hashicorp/aws provider (6.x).

type Values = Record<string, any>;

/** What the mapping of one Terraform resource gives. */
interface Mapped {
  Type: string;
  Properties: Record<string, unknown>;
  DeletionPolicy?: string;
  UpdateReplacePolicy?: string;
  UpdatePolicy?: Record<string, unknown>;
}

/** One mapping: the CloudFormation type, plain renames (CloudFormation name to provider attribute) and the rest. */
interface Mapping {
  readonly type: string;
  readonly names: Record<string, string>;
  /** Provider defaults where the rules would otherwise assume CloudFormation's. */
  readonly defaults?: Record<string, unknown>;
  readonly more?: (v: Values, out: Mapped) => void;
}

/** A block as an object: cdktf writes an object or a list of one, plans always a list. */
const block = (v: unknown): Values | undefined => (Array.isArray(v) ? v[0] : v !== null && typeof v === 'object' ? v as Values : undefined);
const blocks = (v: unknown): Values[] => (Array.isArray(v) ? v : v !== null && typeof v === 'object' ? [v as Values] : []);

/** Deleted without a final snapshot when skip_final_snapshot is true; on replacement too. */
function snapshotPolicy(v: Values, out: Mapped): void {
  const policy = v.skip_final_snapshot === true || v.skip_final_snapshot === 'true' ? 'Delete' : 'Snapshot';
  Object.assign(out, { DeletionPolicy: policy, UpdateReplacePolicy: policy });
}

const clusterMember = (type: string): Mapping => ({ type, names: { DBClusterIdentifier: 'cluster_identifier', AvailabilityZone: 'availability_zone' } });

const MAPPINGS: Record<string, Mapping> = {
  // internal/service/autoscaling/group.go: health_check_grace_period defaults to 300,
  // instance_refresh.preferences.min_healthy_percentage to 90; vpc_zone_identifier, target_group_arns
  // and load_balancers are sets of strings.
  aws_autoscaling_group: {
    type: 'AWS::AutoScaling::AutoScalingGroup',
    names: {
      MinSize: 'min_size',
      MaxSize: 'max_size',
      DesiredCapacity: 'desired_capacity',
      VPCZoneIdentifier: 'vpc_zone_identifier',
      AvailabilityZones: 'availability_zones',
      TargetGroupARNs: 'target_group_arns',
      LoadBalancerNames: 'load_balancers',
      HealthCheckType: 'health_check_type',
      HealthCheckGracePeriod: 'health_check_grace_period',
      LaunchConfigurationName: 'launch_configuration',
      LaunchTemplate: 'launch_template',
      MixedInstancesPolicy: 'mixed_instances_policy',
    },
    defaults: { HealthCheckGracePeriod: 300 },
    more: (v, out) => {
      const maintenance = block(v.instance_maintenance_policy);
      if (maintenance) out.Properties.InstanceMaintenancePolicy = { MinHealthyPercentage: maintenance.min_healthy_percentage };
      const refresh = block(v.instance_refresh);
      if (refresh) {
        const min = block(refresh.preferences)?.min_healthy_percentage ?? 90;
        out.UpdatePolicy = { AutoScalingInstanceRefresh: { Preferences: { MinHealthyPercentage: min } } };
      }
    },
  },
  aws_lb: {
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    names: { Subnets: 'subnets', Type: 'load_balancer_type' },
    more: (v, out) => {
      const mappings = blocks(v.subnet_mapping);
      if (mappings.length) out.Properties.SubnetMappings = mappings.map((m) => ({ SubnetId: m.subnet_id }));
    },
  },
  aws_lb_target_group: {
    type: 'AWS::ElasticLoadBalancingV2::TargetGroup',
    names: { Protocol: 'protocol', TargetType: 'target_type', HealthCheckPath: 'health_check.path', HealthCheckIntervalSeconds: 'health_check.interval', UnhealthyThresholdCount: 'health_check.unhealthy_threshold', HealthCheckEnabled: 'health_check.enabled', HealthCheckProtocol: 'health_check.protocol' },
    more: (v, out) => {
      // Without a health_check block the provider sends nothing and the AWS defaults apply (30 s, 2).
      const check = block(v.health_check);
      if (check) {
        Object.assign(out.Properties, {
          HealthCheckEnabled: check.enabled,
          HealthCheckPath: check.path,
          HealthCheckProtocol: check.protocol,
          HealthCheckIntervalSeconds: check.interval ?? 30,
          UnhealthyThresholdCount: check.unhealthy_threshold ?? 3,
        });
      }
      out.Properties.TargetGroupAttributes = [{ Key: 'deregistration_delay.timeout_seconds', Value: v.deregistration_delay ?? 300 }];
    },
  },
  aws_lb_listener: { type: 'AWS::ElasticLoadBalancingV2::Listener', names: { LoadBalancerArn: 'load_balancer_arn', DefaultActions: 'default_action' } },
  aws_lb_listener_rule: { type: 'AWS::ElasticLoadBalancingV2::ListenerRule', names: { ListenerArn: 'listener_arn', Actions: 'action' } },
  // internal/service/elb/load_balancer.go: availability_zones and subnets are Optional+Computed sets.
  aws_elb: { type: 'AWS::ElasticLoadBalancing::LoadBalancer', names: { AvailabilityZones: 'availability_zones', Subnets: 'subnets' } },
  aws_db_instance: {
    type: 'AWS::RDS::DBInstance',
    names: { Engine: 'engine', MultiAZ: 'multi_az', BackupRetentionPeriod: 'backup_retention_period', DeletionProtection: 'deletion_protection', SourceDBInstanceIdentifier: 'replicate_source_db' },
    more: snapshotPolicy,
  },
  // internal/service/rds/cluster.go: engine_mode defaults to provisioned; engine is required in 6.x
  // (the 'aurora' default below is that of older provider versions, where it was optional).
  aws_rds_cluster: {
    type: 'AWS::RDS::DBCluster',
    names: {
      Engine: 'engine',
      EngineMode: 'engine_mode',
      BackupRetentionPeriod: 'backup_retention_period',
      DeletionProtection: 'deletion_protection',
      DBClusterInstanceClass: 'db_cluster_instance_class',
      ReplicationSourceIdentifier: 'replication_source_identifier',
    },
    defaults: { Engine: 'aurora', BackupRetentionPeriod: 1 },
    more: snapshotPolicy,
  },
  aws_rds_cluster_instance: { ...clusterMember('AWS::RDS::DBInstance'), names: { ...clusterMember('').names, Engine: 'engine' } },
  aws_neptune_cluster: { type: 'AWS::Neptune::DBCluster', names: {} },
  aws_neptune_cluster_instance: clusterMember('AWS::Neptune::DBInstance'),
  aws_docdb_cluster: { type: 'AWS::DocDB::DBCluster', names: {} },
  aws_docdb_cluster_instance: clusterMember('AWS::DocDB::DBInstance'),
  aws_elasticache_replication_group: {
    type: 'AWS::ElastiCache::ReplicationGroup',
    names: { AutomaticFailoverEnabled: 'automatic_failover_enabled', MultiAZEnabled: 'multi_az_enabled', PreferredCacheClusterAZs: 'preferred_cache_cluster_azs', NumCacheClusters: 'num_cache_clusters' },
    defaults: { AutomaticFailoverEnabled: false, MultiAZEnabled: false },
  },
  aws_elasticache_cluster: {
    type: 'AWS::ElastiCache::CacheCluster',
    names: { Engine: 'engine', NumCacheNodes: 'num_cache_nodes', AZMode: 'az_mode', PreferredAvailabilityZones: 'preferred_availability_zones' },
    more: (v, out) => {
      // A member of a replication group is judged with its group.
      if (v.replication_group_id !== undefined && v.replication_group_id !== null) out.Type = 'Terraform::aws_elasticache_cluster';
    },
  },
  aws_dynamodb_table: {
    type: 'AWS::DynamoDB::Table',
    names: { 'PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled': 'point_in_time_recovery.enabled' },
    more: (v, out) => {
      out.Properties.PointInTimeRecoverySpecification = { PointInTimeRecoveryEnabled: block(v.point_in_time_recovery)?.enabled ?? false };
    },
  },
  aws_instance: { type: 'AWS::EC2::Instance', names: {} },
  aws_subnet: { type: 'AWS::EC2::Subnet', names: { AvailabilityZone: 'availability_zone', AvailabilityZoneId: 'availability_zone_id', VpcId: 'vpc_id' } },
  aws_nat_gateway: { type: 'AWS::EC2::NatGateway', names: { SubnetId: 'subnet_id', AvailabilityMode: 'availability_mode' } },
  aws_route: { type: 'AWS::EC2::Route', names: { RouteTableId: 'route_table_id', DestinationCidrBlock: 'destination_cidr_block', NatGatewayId: 'nat_gateway_id' } },
  aws_route_table: { type: 'AWS::EC2::RouteTable', names: { VpcId: 'vpc_id' } },
  aws_route_table_association: { type: 'AWS::EC2::SubnetRouteTableAssociation', names: { SubnetId: 'subnet_id', RouteTableId: 'route_table_id' } },
  aws_vpc_endpoint: {
    type: 'AWS::EC2::VPCEndpoint',
    names: { VpcEndpointType: 'vpc_endpoint_type', SubnetIds: 'subnet_ids' },
    defaults: { VpcEndpointType: 'Gateway' },
    more: (v, out) => {
      const configured = blocks(v.subnet_configuration).map((c) => c.subnet_id).filter((s) => s !== undefined);
      if (out.Properties.SubnetIds === undefined && configured.length) out.Properties.SubnetIds = configured;
    },
  },
  // internal/service/efs/file_system.go (availability_zone_name: a One Zone file system) and
  // mount_target.go (file_system_id and subnet_id, both required).
  aws_efs_file_system: { type: 'AWS::EFS::FileSystem', names: { AvailabilityZoneName: 'availability_zone_name' } },
  aws_efs_mount_target: { type: 'AWS::EFS::MountTarget', names: { FileSystemId: 'file_system_id', SubnetId: 'subnet_id' } },
  aws_opensearch_domain: {
    type: 'AWS::OpenSearchService::Domain',
    names: { 'ClusterConfig.InstanceCount': 'cluster_config.instance_count', 'ClusterConfig.ZoneAwarenessEnabled': 'cluster_config.zone_awareness_enabled' },
    more: (v, out) => {
      out.Properties.ClusterConfig = searchConfig(v);
    },
  },
  aws_elasticsearch_domain: {
    type: 'AWS::Elasticsearch::Domain',
    names: { 'ElasticsearchClusterConfig.InstanceCount': 'cluster_config.instance_count', 'ElasticsearchClusterConfig.ZoneAwarenessEnabled': 'cluster_config.zone_awareness_enabled' },
    more: (v, out) => {
      out.Properties.ElasticsearchClusterConfig = searchConfig(v);
    },
  },
  aws_mq_broker: { type: 'AWS::AmazonMQ::Broker', names: { DeploymentMode: 'deployment_mode' }, defaults: { DeploymentMode: 'SINGLE_INSTANCE' } },
  aws_msk_cluster: {
    type: 'AWS::MSK::Cluster',
    names: { 'BrokerNodeGroupInfo.ClientSubnets': 'broker_node_group_info.client_subnets' },
    more: (v, out) => {
      const info = block(v.broker_node_group_info);
      if (info) out.Properties.BrokerNodeGroupInfo = { ClientSubnets: info.client_subnets };
    },
  },
  aws_lambda_function: {
    type: 'AWS::Lambda::Function',
    names: { 'VpcConfig.SubnetIds': 'vpc_config.subnet_ids' },
    more: (v, out) => {
      const vpc = block(v.vpc_config);
      if (vpc) out.Properties.VpcConfig = { SubnetIds: vpc.subnet_ids };
    },
  },
  aws_route53_record: {
    type: 'AWS::Route53::RecordSet',
    names: { HostedZoneId: 'zone_id', Name: 'name', Type: 'type', SetIdentifier: 'set_identifier', HealthCheckId: 'health_check_id', Failover: 'failover_routing_policy.type' },
    more: (v, out) => {
      const failover = block(v.failover_routing_policy);
      if (failover) out.Properties.Failover = failover.type;
      const alias = block(v.alias);
      if (alias) out.Properties.AliasTarget = { EvaluateTargetHealth: alias.evaluate_target_health };
    },
  },
  aws_cloudwatch_metric_alarm: { type: 'AWS::CloudWatch::Alarm', names: {} },
  // internal/service/autoscaling/schedule.go: -1 leaves a size unchanged (the provider's default).
  aws_autoscaling_schedule: {
    type: 'AWS::AutoScaling::ScheduledAction',
    names: { AutoScalingGroupName: 'autoscaling_group_name', MinSize: 'min_size', MaxSize: 'max_size', DesiredCapacity: 'desired_capacity', Recurrence: 'recurrence', StartTime: 'start_time' },
    more: (_v, out) => {
      for (const k of ['MinSize', 'MaxSize', 'DesiredCapacity']) if (out.Properties[k] === -1) delete out.Properties[k];
    },
  },
  // internal/service/ecs/service.go: desired_count has no default (0 when unset, sent as is for a
  // REPLICA service), scheduling_strategy defaults to REPLICA; deployment_circuit_breaker and
  // deployment_controller are top-level blocks; load_balancer is a set of blocks (target_group_arn
  // or elb_name, container_name, container_port), the one of the pair not used stored as "".
  aws_ecs_service: {
    type: 'AWS::ECS::Service',
    names: {
      'DesiredCount': 'desired_count',
      'SchedulingStrategy': 'scheduling_strategy',
      'LaunchType': 'launch_type',
      'NetworkConfiguration.AwsvpcConfiguration.Subnets': 'network_configuration.subnets',
      'DeploymentController.Type': 'deployment_controller.type',
      'LoadBalancers.TargetGroupArn': 'load_balancer.target_group_arn',
    },
    defaults: { DesiredCount: 0, SchedulingStrategy: 'REPLICA' },
    more: (v, out) => {
      const network = block(v.network_configuration);
      if (network?.subnets !== undefined) out.Properties.NetworkConfiguration = { AwsvpcConfiguration: { Subnets: network.subnets } };
      const breaker = block(v.deployment_circuit_breaker);
      const circuitBreaker = { Enable: breaker?.enable ?? false, Rollback: breaker?.rollback ?? false };
      out.Properties.DeploymentConfiguration = { DeploymentCircuitBreaker: circuitBreaker };
      const controller = block(v.deployment_controller)?.type;
      if (typeof controller === 'string' && controller !== '') out.Properties.DeploymentController = { Type: controller };
      // As AWS::ECS::Service LoadBalancers: who registers with a target group (or a classic load balancer).
      const balancers = blocks(v.load_balancer).map((lb) => {
        const entry: Values = { ContainerName: lb.container_name, ContainerPort: lb.container_port };
        if (lb.target_group_arn !== undefined && lb.target_group_arn !== null && lb.target_group_arn !== '') entry.TargetGroupArn = lb.target_group_arn;
        if (lb.elb_name !== undefined && lb.elb_name !== null && lb.elb_name !== '') entry.LoadBalancerName = lb.elb_name;
        return entry;
      });
      if (balancers.length) out.Properties.LoadBalancers = balancers;
    },
  },
  // internal/service/eks/node_group.go: subnet_ids (a set) and scaling_config (desired_size, max_size,
  // min_size) are required.
  aws_eks_node_group: {
    type: 'AWS::EKS::Nodegroup',
    names: { 'Subnets': 'subnet_ids', 'ScalingConfig.MinSize': 'scaling_config.min_size', 'ScalingConfig.MaxSize': 'scaling_config.max_size', 'ScalingConfig.DesiredSize': 'scaling_config.desired_size' },
    more: (v, out) => {
      const scaling = block(v.scaling_config);
      if (scaling) out.Properties.ScalingConfig = { MinSize: scaling.min_size, MaxSize: scaling.max_size, DesiredSize: scaling.desired_size };
    },
  },
};
// The provider's older names for the same resources.
MAPPINGS.aws_alb = MAPPINGS.aws_lb;
MAPPINGS.aws_alb_target_group = MAPPINGS.aws_lb_target_group;
MAPPINGS.aws_alb_listener = MAPPINGS.aws_lb_listener;
MAPPINGS.aws_alb_listener_rule = MAPPINGS.aws_lb_listener_rule;

function searchConfig(v: Values): Values {
  const c = block(v.cluster_config) ?? {};
  return {
    InstanceCount: c.instance_count ?? 1,
    ZoneAwarenessEnabled: c.zone_awareness_enabled ?? false,
    MultiAZWithStandbyEnabled: c.multi_az_with_standby_enabled,
  };
}

/**
 * Attributes the provider writes as `""` when they are not set, on resources that exist: read as
 * unset. The plugin SDK (v2) has no null for a string attribute: `d.Set(name, x)` of a nil `*string`
 * (the API left the field out) stores "". Checked in hashicorp/terraform-provider-aws (6.x):
 * - aws_db_instance.replicate_source_db: internal/service/rds/instance.go (ReadReplicaSourceDBInstanceIdentifier)
 * - aws_rds_cluster.replication_source_identifier, .db_cluster_instance_class: internal/service/rds/cluster.go,
 *   resourceClusterRead: d.Set("replication_source_identifier", dbc.ReplicationSourceIdentifier) and
 *   d.Set("db_cluster_instance_class", dbc.DBClusterInstanceClass), both Optional strings without a default
 * - aws_autoscaling_group.launch_configuration: internal/service/autoscaling/group.go, resourceGroupRead:
 *   d.Set("launch_configuration", g.LaunchConfigurationName) (Optional string, one of launch_configuration,
 *   launch_template, mixed_instances_policy)
 * - aws_elasticache_cluster.replication_group_id: internal/service/elasticache/cluster.go (ReplicationGroupId)
 * - aws_route53_record.health_check_id, .set_identifier: internal/service/route53/record.go
 * - aws_efs_file_system.availability_zone_name: internal/service/efs/file_system.go, resourceFileSystemRead:
 *   d.Set("availability_zone_name", fs.AvailabilityZoneName) (Optional+Computed; nil for a Regional file system)
 * - aws_route_table.route[*] targets and destinations: internal/service/ec2/vpc_route_table.go; flattenRoute
 *   sets only the fields the route has, the SDK stores the other attributes of the block as "", and
 *   routeTableRouteTargetAttribute itself takes "" as not set
 * - aws_ecs_service.load_balancer[*].target_group_arn / .elb_name (the one not used): read in the mapping,
 *   internal/service/ecs/service.go
 */
export const EMPTY_IS_UNSET: Record<string, string[]> = {
  aws_db_instance: ['replicate_source_db'],
  aws_rds_cluster: ['replication_source_identifier', 'db_cluster_instance_class'],
  aws_autoscaling_group: ['launch_configuration'],
  aws_elasticache_cluster: ['replication_group_id'],
  aws_route53_record: ['health_check_id', 'set_identifier'],
  aws_efs_file_system: ['availability_zone_name'],
};
// The route block's targets and destinations: routeTableValidTargets and routeTableValidDestinations of
// internal/service/ec2/vpc_route_table.go.
const ROUTE_TARGETS = ['nat_gateway_id', 'gateway_id', 'transit_gateway_id', 'vpc_endpoint_id', 'network_interface_id', 'vpc_peering_connection_id',
  'egress_only_gateway_id', 'carrier_gateway_id', 'local_gateway_id', 'core_network_arn', 'cidr_block', 'ipv6_cidr_block', 'destination_prefix_list_id'];

/** A resource's values with the provider's `""` for unset read as unset. */
function withoutEmpty(type: string, v: Values): Values {
  const names = EMPTY_IS_UNSET[type];
  if (!names && type !== 'aws_route_table') return v;
  const out: Values = { ...v };
  for (const n of names ?? []) if (out[n] === '') delete out[n];
  if (type === 'aws_route_table' && Array.isArray(out.route)) {
    out.route = out.route.map((r: unknown) => (r !== null && typeof r === 'object'
      ? Object.fromEntries(Object.entries(r as Values).filter(([k, x]) => !(x === '' && ROUTE_TARGETS.includes(k)))) : r));
  }
  return out;
}

/** A value at a dotted path of the provider's attributes (blocks read as their first element). */
function at(v: Values, path: string): unknown {
  let cur: unknown = v;
  for (const part of path.split('.')) cur = Array.isArray(cur) ? block(cur)?.[part] : (cur as Values | undefined)?.[part];
  return cur;
}

/** Maps one resource; unmapped types keep their attributes (their references still count, e.g. who registers targets). */
function mapResource(type: string, values: Values): Mapped {
  const v = withoutEmpty(type, values);
  const m = MAPPINGS[type];
  if (!m) return { Type: `Terraform::${type}`, Properties: v };
  const out: Mapped = { Type: m.type, Properties: {} };
  for (const [cfn, tf] of Object.entries(m.names)) {
    if (cfn.includes('.')) continue;
    const value = at(v, tf);
    if (value !== undefined && value !== null) out.Properties[cfn] = value;
  }
  for (const [cfn, value] of Object.entries(m.defaults ?? {})) out.Properties[cfn] ??= value;
  m.more?.(v, out);
  if (type === 'aws_cloudwatch_metric_alarm') Object.assign(out.Properties, v);
  return out;
}

/** Provider attribute names for the CloudFormation names in a message about a resource of this type. */
export function terraformNames(type: string, text: string): string {
  const m = MAPPINGS[type];
  if (!m) return text;
  let out = text;
  for (const [cfn, tf] of Object.entries(m.names).sort((a, b) => b[0].length - a[0].length)) {
    out = out.replace(new RegExp(`\\b${cfn.replace(/\./g, '\\.')}\\b`, 'g'), tf);
  }
  return out;
}

/** The Terraform input, as the rules read it, and what each address is. */
export interface TerraformTemplate {
  readonly template: CfnTemplate;
  /** The Terraform type of each address. */
  readonly types: Map<string, string>;
  /** What could not be read (for_each, modules of a cdktf configuration, ...). */
  readonly notes: string[];
  /**
   * Resources made up to be judged (a route written inline in a route table) and the address
   * Terraform has for them, where findings are reported.
   */
  readonly aliases?: Map<string, string>;
}

/** After mapping: resources attached elsewhere folded in (group attachments, target registrations, inline routes). */
function finish(resources: Map<string, { type: string; values: Values }>, notes: string[], parameters: Record<string, unknown>): TerraformTemplate {
  const out: Record<string, CfnResourceJson> = {};
  const types = new Map<string, string>();
  const aliases = new Map<string, string>();
  const refOf = (v: unknown) => (v !== null && typeof v === 'object' ? (v as any).Ref ?? (v as any)['Fn::GetAtt']?.[0] : undefined);
  // Routes of aws_route resources, by table and destination: a table's computed `route` echoes them.
  const separate = new Set<string>();
  for (const [, { type, values }] of resources) {
    if (type === 'aws_route') separate.add(`${refOf(values.route_table_id) ?? JSON.stringify(values.route_table_id)}|${values.destination_cidr_block}`);
  }
  for (const [address, { type, values }] of resources) {
    const mapped = mapResource(type, values);
    out[address] = mapped as unknown as CfnResourceJson;
    types.set(address, type);
    if (type === 'aws_route_table') {
      blocks(values.route).forEach((route, i) => {
        if (route.nat_gateway_id === undefined || route.nat_gateway_id === null) return;
        if (separate.has(`${address}|${route.cidr_block}`)) return;
        // Judged as a route of its own, reported on the table (the address Terraform has).
        const id = `${address}.route[${i}]`;
        out[id] = { Type: 'AWS::EC2::Route', Properties: { RouteTableId: { Ref: address }, DestinationCidrBlock: route.cidr_block, NatGatewayId: route.nat_gateway_id } };
        types.set(id, 'aws_route_table');
        aliases.set(id, address);
      });
    }
  }
  for (const [, { type, values }] of resources) {
    if (type === 'aws_autoscaling_attachment' || type === 'aws_autoscaling_traffic_source_attachment') {
      const group = out[refOf(values.autoscaling_group_name)];
      if (!group) continue;
      const source = block(values.traffic_source);
      const tg = values.lb_target_group_arn ?? (source && source.type !== 'elb' ? source.identifier : undefined);
      const elb = values.elb ?? (source?.type === 'elb' ? source.identifier : undefined);
      const p = group.Properties as Values;
      if (tg !== undefined) p.TargetGroupARNs = [...(p.TargetGroupARNs ?? []), tg];
      if (elb !== undefined) p.LoadBalancerNames = [...(p.LoadBalancerNames ?? []), elb];
    }
    if (type === 'aws_lb_target_group_attachment') {
      const tg = out[refOf(values.target_group_arn)];
      if (tg) (tg.Properties as Values).Targets = [...((tg.Properties as Values).Targets ?? []), { Id: values.target_id }];
    }
  }
  return { template: { Parameters: parameters, Resources: out }, types, notes, aliases };
}

// ---------------------------------------------------------------------------------------------
// cdktf: cdk.tf.json

const WHOLE = /^\$\{([^{}]*)\}$/;

/** A Terraform expression of a cdk.tf.json as a value: references, variables and AZs by index. */
function expression(expr: string, addresses: Set<string>, locals: Values): unknown {
  const e = expr.trim();
  const variable = /^var\.([\w-]+)$/.exec(e);
  if (variable) return { Ref: `var.${variable[1]}` };
  const local = /^local\.([\w-]+)$/.exec(e);
  if (local && local[1] in locals) return locals[local[1]];
  const az = /^data\.aws_availability_zones\.[\w-]+\.names\[(\d+)\]$/.exec(e);
  if (az) return { 'Fn::Select': [Number(az[1]), { 'Fn::GetAZs': '' }] };
  const splat = /^(aws_[\w]+\.[\w-]+)\[\*\]\.[\w.]+$/.exec(e);
  if (splat) {
    const instances = [...addresses].filter((a) => a.startsWith(`${splat[1]}[`));
    return instances.length ? instances.map((a) => ({ Ref: a })) : new Unknown(`the Terraform expression ${e}`);
  }
  const ref = /^(aws_[\w]+\.[\w-]+(?:\[\d+\])?)\.([\w.]+)$/.exec(e);
  if (ref && addresses.has(ref[1])) return ref[2] === 'id' ? { Ref: ref[1] } : { 'Fn::GetAtt': [ref[1], ref[2]] };
  return new Unknown(`the Terraform expression ${e}`);
}

function convertConfig(value: unknown, addresses: Set<string>, locals: Values): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return expression(whole[1], addresses, locals);
    if (!value.includes('${')) return value;
    // Text around expressions: opaque, but its references still count.
    const parts = value.split(/(\$\{[^{}]*\})/).filter((p) => p !== '').map((p) => {
      const m = WHOLE.exec(p);
      return m ? expression(m[1], addresses, locals) : p;
    });
    return { 'Fn::Join': ['', parts] };
  }
  if (Array.isArray(value)) return value.map((v) => convertConfig(v, addresses, locals));
  if (value !== null && typeof value === 'object') {
    const out: Values = {};
    for (const [k, v] of Object.entries(value)) if (k !== '//') out[k] = convertConfig(v, addresses, locals);
    return out;
  }
  return value;
}

/** A variable's default as a parameter (lists as comma-delimited lists, maps not known). */
function variableParameters(variables: Record<string, Values>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(variables ?? {})) {
    const d = v?.default;
    if (d === undefined || d === null) out[`var.${name}`] = { Type: 'String' };
    else if (Array.isArray(d)) out[`var.${name}`] = { Type: 'CommaDelimitedList', Default: d.join(',') };
    else if (typeof d === 'object') out[`var.${name}`] = { Type: 'AWS::SSM::Parameter::Value<String>', Default: '' };
    else out[`var.${name}`] = { Type: 'String', Default: String(d) };
  }
  return out;
}

/** Whether a parsed JSON file is a cdktf (or Terraform JSON) configuration. */
export function isTerraformConfig(json: any): boolean {
  return json !== null && typeof json === 'object' && json.resource !== null && typeof json.resource === 'object'
    && !Array.isArray(json.resource) && (json.terraform !== undefined || json.provider !== undefined || json['//'] !== undefined);
}

/** A cdktf `cdk.tf.json` (Terraform JSON configuration syntax) as the rules read it. */
export function fromTerraformConfig(config: any): TerraformTemplate {
  const notes: string[] = [];
  const raw: Array<[string, string, Values]> = [];
  for (const [type, byName] of Object.entries<Values>(config.resource ?? {})) {
    if (!type.startsWith('aws_')) continue;
    for (const [name, body] of Object.entries<Values>(byName ?? {})) {
      if (body?.for_each !== undefined) {
        notes.push(`${type}.${name} uses for_each: not judged (judge the plan instead)`);
        continue;
      }
      const count = body?.count;
      if (count === undefined) {raw.push([`${type}.${name}`, type, body]);} else if (typeof count === 'number') {
        for (let i = 0; i < count; i++) raw.push([`${type}.${name}[${i}]`, type, JSON.parse(JSON.stringify(body).split('${count.index}').join(String(i)))]);
      } else {notes.push(`${type}.${name} has a count known only at plan time: not judged (judge the plan instead)`);}
    }
  }
  if (config.module && Object.keys(config.module).length) notes.push(`the modules (${Object.keys(config.module).join(', ')}) are not read: judge the plan instead`);
  const addresses = new Set(raw.map(([a]) => a));
  const locals = (config.locals ?? {}) as Values;
  const resources = new Map<string, { type: string; values: Values }>();
  for (const [address, type, body] of raw) resources.set(address, { type, values: convertConfig(body, addresses, locals) as Values });
  return finish(resources, notes, variableParameters(config.variable ?? {}));
}

// ---------------------------------------------------------------------------------------------
// Plans: terraform show -json

/** Whether a parsed JSON file is a Terraform plan. */
export function isTerraformPlan(json: any): boolean {
  return json !== null && typeof json === 'object' && (json.planned_values !== undefined || (json.format_version !== undefined && json.resource_changes !== undefined));
}

interface PlannedResource {
  readonly address: string;
  readonly type: string;
  readonly mode?: string;
  readonly values?: Values;
}

function plannedResources(module: any, out: PlannedResource[] = []): PlannedResource[] {
  for (const r of module?.resources ?? []) out.push(r);
  for (const child of module?.child_modules ?? []) plannedResources(child, out);
  return out;
}

/** What the configuration says of one module (by its path without instance keys). */
interface ModuleConfig {
  /** The expressions of the call that made it: its inputs (`var.x` inside it). */
  readonly inputs: Values;
  /** Its outputs' expressions (`module.m.x` outside it). */
  readonly outputs: Values;
}

/** The configuration of each resource (by module path and type.name), for references to values known only after apply. */
function configurations(
  module: any, prefix: string, out = new Map<string, Values>(), modules = new Map<string, ModuleConfig>(), inputs: Values = {},
): { resources: Map<string, Values>; modules: Map<string, ModuleConfig> } {
  modules.set(prefix, { inputs, outputs: module?.outputs ?? {} });
  for (const r of module?.resources ?? []) out.set(`${prefix}${r.address}`, r.expressions ?? {});
  for (const [name, call] of Object.entries<any>(module?.module_calls ?? {})) {
    configurations(call?.module, `${prefix}module.${name}.`, out, modules, call?.expressions ?? {});
  }
  return { resources: out, modules };
}

/** `module.a["x"].module.b[0].aws_x.y[2]` -> `module.a.module.b.aws_x.y` (the configuration's address). */
const configAddress = (address: string) => address.replace(/\[[^\]]*\]/g, '');
/** The module instance prefix of an address (`module.a["x"].`). */
const modulePrefix = (address: string) => /^((?:module\.[\w-]+(?:\[[^\]]*\])?\.)*)/.exec(address)![1];
/** The instance key of an address (`[2]`, `["a"]`), if it has one. */
const instanceKey = (address: string) => /(\[[^\]]*\])$/.exec(address)?.[1];
/** The prefix of the module that called the one at a prefix (`module.a.module.b.` -> `module.a.`). */
const parentPrefix = (prefix: string) => prefix.replace(/module\.[\w-]+(?:\[[^\]]*\])?\.$/, '');

/**
 * References as Terraform lists them hold each one and its prefixes (`aws_subnet.a[0].id`,
 * `aws_subnet.a[0]`, `aws_subnet.a`): the longest of each family says what is meant.
 */
function mostSpecific(refs: string[]): string[] {
  return refs.filter((r) => !refs.some((o) => o !== r && (o.startsWith(`${r}.`) || o.startsWith(`${r}[`))));
}

/** The JSON of a plan (the documented `planned_values` format) as the rules read it. */
export function fromTerraformPlan(plan: any): TerraformTemplate {
  const notes: string[] = [];
  const planned = plannedResources(plan.planned_values?.root_module).filter((r) => r.mode !== 'data' && r.type?.startsWith('aws_'));
  const addresses = new Set(planned.map((r) => r.address));
  const unknown = new Map<string, Values>();
  for (const change of plan.resource_changes ?? []) unknown.set(change.address, change.change?.after_unknown ?? {});
  const config = configurations(plan.configuration?.root_module, '');
  // Known ids and ARNs of planned resources (those that exist already): values equal to one are references.
  const byValue = new Map<string, string>();
  for (const r of planned) for (const key of ['id', 'arn']) if (typeof r.values?.[key] === 'string' && r.values[key] !== '') byValue.set(r.values[key], r.address);

  /**
   * A reference of the configuration (relative to a module instance) as the planned addresses it
   * means: `count.index` and `each` pick the referring resource's own instance; `var.x` follows the
   * module call's input, `module.m.x` the module's output, to what they reference.
   */
  const resolveRef = (ref: string, prefix: string, key: string | undefined, depth = 0): string[] => {
    if (depth > 8) return [];
    const variable = /^var\.([\w-]+)/.exec(ref);
    if (variable) {
      const input = config.modules.get(configAddress(prefix))?.inputs?.[variable[1]];
      return Array.isArray(input?.references) ? refsOf(input.references, parentPrefix(prefix), undefined, depth + 1) : [];
    }
    const output = /^module\.([\w-]+)(\[[^\]]*\])?\.([\w-]+)/.exec(ref);
    if (output) {
      const child = `${prefix}module.${output[1]}${output[2] ?? ''}.`;
      const expr = config.modules.get(configAddress(child))?.outputs?.[output[3]]?.expression;
      return Array.isArray(expr?.references) ? refsOf(expr.references, child, undefined, depth + 1) : [];
    }
    const parts = ref.split('.');
    for (let n = parts.length; n >= 2; n--) {
      const candidate = prefix + parts.slice(0, n).join('.');
      if (addresses.has(candidate)) return [candidate];
      const instances = [...addresses].filter((a) => a.startsWith(`${candidate}[`));
      if (instances.length) return key === undefined ? instances : instances.filter((a) => a === `${candidate}${key}`);
    }
    return [];
  };
  const refsOf = (refs: string[], prefix: string, key: string | undefined, depth = 0): string[] => {
    const own = refs.some((r) => r === 'count.index' || r.startsWith('each.')) ? key : undefined;
    return [...new Set(mostSpecific(refs.filter((r) => r !== 'count.index' && !r.startsWith('each.'))).flatMap((r) => resolveRef(r, prefix, own, depth)))];
  };

  /** Values with what is known only after apply replaced by the references the configuration gives. */
  const withRefs = (value: unknown, expr: unknown, after: unknown, prefix: string, key: string | undefined, asList: boolean): unknown => {
    if (expr !== null && typeof expr === 'object' && !Array.isArray(expr) && Array.isArray((expr as Values).references)) {
      if (value !== undefined && value !== null && after !== true) return value;
      const targets = refsOf((expr as Values).references, prefix, key);
      if (targets.length === 0) return after === true ? new Unknown('a value known only after apply') : value;
      const refs = targets.map((a) => ({ Ref: a }));
      return asList || Array.isArray(value) || Array.isArray(after) ? refs : refs[0];
    }
    if (Array.isArray(expr)) {
      // A block written once or more: match element by element.
      const values = Array.isArray(value) ? value : value === undefined ? expr.map(() => ({})) : [value];
      return values.map((v, i) => withRefs(v, expr[i] ?? expr[0], Array.isArray(after) ? after[i] : after, prefix, key, false));
    }
    if (expr !== null && typeof expr === 'object') {
      // A constant: as planned, or as written when the plan leaves it out (in a block known only after apply).
      if ('constant_value' in expr) return value === undefined ? (expr as Values).constant_value : value;
      // A value that is not a block: as planned.
      if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) return value;
      const out: Values = { ...(value as Values ?? {}) };
      for (const [k, e] of Object.entries(expr as Values)) {
        const v = withRefs(out[k], e, (after as Values | undefined)?.[k], prefix, key, LIST_ATTRIBUTES.has(k));
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    return value;
  };
  // The values CloudWatch dimensions name resources by (AutoScalingGroupName, DBInstanceIdentifier,
  // DBClusterIdentifier, LoadBalancer and TargetGroup as ARN suffixes, LoadBalancerName, CacheClusterId).
  const byDimension = new Map<string, string>();
  for (const r of planned) {
    for (const key of DIMENSION_KEYS[r.type] ?? []) if (typeof r.values?.[key] === 'string' && r.values[key] !== '') byDimension.set(r.values[key], r.address);
  }
  const literalRefs = (value: unknown): unknown => {
    if (typeof value === 'string') return byValue.has(value) ? { Ref: byValue.get(value) } : value;
    if (Array.isArray(value)) return value.map(literalRefs);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, literalRefs(v)]));
    return value;
  };

  const resources = new Map<string, { type: string; values: Values }>();
  for (const r of planned) {
    const prefix = modulePrefix(r.address);
    const expr = config.resources.get(configAddress(r.address)) ?? {};
    const own = withoutEmpty(r.type, r.values ?? {});
    const values = withRefs(literalRefs(own), expr, unknown.get(r.address), prefix, instanceKey(r.address), false) as Values;
    // An alarm names what it watches by the metric's dimension: a name, an identifier, an ARN suffix.
    if (r.type === 'aws_cloudwatch_metric_alarm' && values.dimensions !== null && typeof values.dimensions === 'object' && !(values.dimensions instanceof Unknown)) {
      values.dimensions = Object.fromEntries(Object.entries(values.dimensions as Values).map(([k, v]) =>
        [k, typeof v === 'string' && byDimension.has(v) ? { Ref: byDimension.get(v) } : v]));
    }
    resources.set(r.address, { type: r.type, values });
  }
  if (planned.length === 0) notes.push('the plan has no AWS resource in planned_values');
  // A plan's values are already those of its variables.
  return finish(resources, notes, {});
}

/** The attributes whose values CloudWatch metrics use as dimensions, by type. */
const DIMENSION_KEYS: Record<string, string[]> = {
  aws_autoscaling_group: ['name'],
  aws_db_instance: ['identifier'],
  aws_rds_cluster: ['cluster_identifier'],
  aws_rds_cluster_instance: ['identifier'],
  aws_lb: ['arn_suffix'],
  aws_alb: ['arn_suffix'],
  aws_lb_target_group: ['arn_suffix'],
  aws_alb_target_group: ['arn_suffix'],
  aws_elb: ['name'],
  aws_elasticache_cluster: ['cluster_id'],
  aws_elasticache_replication_group: ['replication_group_id'],
};

/** Attributes that are lists of ids: a reference in them stands for a list. */
const LIST_ATTRIBUTES = new Set([
  'vpc_zone_identifier', 'availability_zones', 'target_group_arns', 'load_balancers', 'subnets', 'subnet_ids', 'client_subnets',
  'security_groups', 'security_group_ids', 'preferred_availability_zones', 'alarm_actions', 'ok_actions',
]);
