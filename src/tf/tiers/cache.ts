/**
 * Renders the cache tier as Terraform resources (ElastiCache replication group, user, user group).
 */
import { Construct } from 'constructs';
import { TfContext, createdAtName, keepCreationTime } from '../context';
import { TfNetwork } from './network';
import { accessRule } from '../../core/tiers/access';
import { CachePlan } from '../../core/tiers/cache';
import { PolicyStatementJson } from '../../core/tiers/keys';
import { AwsResource, aws } from '../private/resource';

export interface CacheSubnetGroupArgs { readonly name: string; readonly description: string; readonly subnet_ids: string[] }
export interface CacheUserArgs {
  readonly user_id: string;
  readonly user_name: string;
  readonly engine: string;
  readonly access_string: string;
  readonly no_password_required?: boolean;
  readonly authentication_mode?: { readonly type: 'iam' };
}
export interface CacheUserGroupArgs { readonly user_group_id: string; readonly engine: string; readonly user_ids: string[] }
export interface ReplicationGroupArgs {
  readonly replication_group_id: string;
  readonly description: string;
  readonly engine: string;
  readonly engine_version: string;
  readonly node_type: string;
  readonly num_cache_clusters: number;
  readonly preferred_cache_cluster_azs: string[];
  readonly multi_az_enabled: boolean;
  readonly automatic_failover_enabled: boolean;
  /** A string in the provider's schema. */
  readonly at_rest_encryption_enabled: 'true';
  readonly transit_encryption_enabled: boolean;
  readonly transit_encryption_mode: 'required';
  readonly port: number;
  readonly subnet_group_name: string;
  readonly security_group_ids: string[];
  readonly user_group_ids: string[];
  readonly snapshot_retention_limit: number;
  readonly final_snapshot_identifier: string;
  /** A string in the provider's schema. */
  readonly auto_minor_version_upgrade: 'true';
  readonly tags: Record<string, string>;
}

export interface TfCacheContext extends TfContext {
  /** The fleet's security group: the only one that reaches the cache. */
  readonly clientSecurityGroupId: string;
  /** The service's AZs by name (the network plan's), in the order the cache plan indexes them. */
  readonly availabilityZones: string[];
}

export interface TfCache {
  readonly replicationGroup: AwsResource<object>;
  /** The replication group's id, a reference (the plan's `replicationGroupId`). */
  readonly replicationGroupId: string;
  readonly securityGroup: AwsResource<object>;
  /** Host name of the primary endpoint (writes and reads). */
  readonly primaryEndpoint: string;
  /** Host name of the reader endpoint (the replicas). */
  readonly readerEndpoint: string;
  readonly port: number;
  /** What the instances get in the service's environment file to connect. */
  readonly environment: Record<string, string>;
  /** What the fleet's instance role needs to connect as the cache's user, for the compute tier to attach. */
  readonly instancePolicyStatements: PolicyStatementJson[];
}

/**
 * The cache of the plan in the isolated subnets, as the CloudFormation flavor renders it: a Valkey
 * replication group with a node in each planned AZ, Multi-AZ automatic failover, encryption at
 * rest and TLS required, snapshots kept and a final one on delete, and role-based access where
 * the only enabled user authenticates with IAM.
 */
export function renderCache(scope: Construct, plan: CachePlan, network: TfNetwork, c: TfCacheContext): TfCache {
  // No egress rule: Terraform removes the default allow-all, so the cache opens no connection.
  const securityGroup = aws.securityGroup(scope, 'CacheSecurityGroup', {
    vpc_id: network.vpcId, description: c.access.groupDescriptions.cache!,
  });
  aws.ingressRule(scope, 'CacheIngressFromFleet', {
    security_group_id: securityGroup.attr('id'),
    ip_protocol: 'tcp',
    from_port: plan.port,
    to_port: plan.port,
    referenced_security_group_id: c.clientSecurityGroupId,
    description: accessRule(c.access, 'CacheIngressFromFleet').description,
  });
  const subnetGroup = new AwsResource<CacheSubnetGroupArgs>(scope, 'CacheSubnetGroup', 'aws_elasticache_subnet_group', {
    name: plan.subnetGroupName, description: 'Isolated subnets of the service', subnet_ids: network.subnetIds.isolated,
  });
  // Every user group holds a user named `default`; this one is switched off. The instances'
  // user authenticates with IAM (its id is its name, as IAM authentication requires).
  const defaultUser = new AwsResource<CacheUserArgs>(scope, 'CacheDefaultUser', 'aws_elasticache_user', {
    user_id: plan.defaultUserId, user_name: 'default', engine: plan.engine, access_string: plan.defaultUserAccessString, no_password_required: true,
  });
  const user = new AwsResource<CacheUserArgs>(scope, 'CacheUser', 'aws_elasticache_user', {
    user_id: plan.user.id, user_name: plan.user.id, engine: plan.engine, access_string: plan.user.accessString, authentication_mode: { type: 'iam' },
  });
  const userGroup = new AwsResource<CacheUserGroupArgs>(scope, 'CacheUserGroup', 'aws_elasticache_user_group', {
    // References, so Terraform creates the users first.
    user_group_id: plan.userGroupId, engine: plan.engine, user_ids: [defaultUser.attr('user_id'), user.attr('user_id')],
  });
  const replicationGroup = new AwsResource<ReplicationGroupArgs>(scope, 'Cache', 'aws_elasticache_replication_group', {
    replication_group_id: plan.replicationGroupId,
    description: 'Cache of the service',
    engine: plan.engine,
    engine_version: plan.engineVersion,
    node_type: plan.nodeType,
    num_cache_clusters: plan.nodeAzs.length,
    preferred_cache_cluster_azs: plan.nodeAzs.map((i) => c.availabilityZones[i]),
    multi_az_enabled: true,
    automatic_failover_enabled: true,
    at_rest_encryption_enabled: 'true',
    transit_encryption_enabled: true,
    transit_encryption_mode: 'required',
    port: plan.port,
    subnet_group_name: subnetGroup.attr('name'),
    security_group_ids: [securityGroup.attr('id')],
    user_group_ids: [userGroup.attr('user_group_id')],
    snapshot_retention_limit: plan.snapshotRetentionDays,
    // CloudFormation's Snapshot deletion policy: the data outlives the configuration, in a snapshot
    // named for this creation of the cache.
    final_snapshot_identifier: createdAtName(plan.finalSnapshotNamePrefix),
    auto_minor_version_upgrade: 'true',
    tags: plan.tags,
  });
  keepCreationTime(replicationGroup);
  const endpoints = {
    primaryEndpoint: replicationGroup.attr('primary_endpoint_address'),
    readerEndpoint: replicationGroup.attr('reader_endpoint_address'),
  };
  // ARNs built from the planned names, not references: the fleet's role need not wait for the cache.
  const arn = (r: CachePlan['instanceAccess']['resources'][number]) => `arn:${c.partition}:elasticache:${c.region}:${c.account}:${r.resourceType}:${r.name}`;
  return {
    replicationGroup,
    replicationGroupId: replicationGroup.attr('id'),
    securityGroup,
    ...endpoints,
    port: plan.port,
    environment: Object.fromEntries(Object.entries(plan.environment).map(([key, value]) => [key, typeof value === 'string' ? value : endpoints[value.ref]])),
    instancePolicyStatements: [{ Effect: 'Allow', Action: plan.instanceAccess.actions, Resource: plan.instanceAccess.resources.map(arn) }],
  };
}
