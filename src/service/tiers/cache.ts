/**
 * Renders the cache tier: the ElastiCache replication group, its user and user group (aws-cdk-lib).
 */
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elasticache from 'aws-cdk-lib/aws-elasticache';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { AccessPlan, accessRule } from '../../core/tiers/access';
import { CachePlan } from '../../core/tiers/cache';
import { acknowledge } from '../private/acknowledge';

export interface ServiceCache {
  readonly replicationGroup: elasticache.CfnReplicationGroup;
  readonly securityGroup: ec2.SecurityGroup;
  /** The user the instances connect as (IAM authentication). */
  readonly user: elasticache.CfnUser;
  /** Host name of the primary endpoint (writes and reads). */
  readonly primaryEndpoint: string;
  /** Host name of the reader endpoint (the replicas). */
  readonly readerEndpoint: string;
  readonly port: number;
  /** What the instances get in the service's environment file to connect. */
  readonly environment: Record<string, string>;
}

/**
 * The cache of the plan in the isolated subnets: a Valkey replication group with a node per AZ,
 * Multi-AZ automatic failover, encryption at rest and TLS required, snapshots kept and taken on
 * delete, and role-based access where the only enabled user authenticates with IAM.
 */
export function createCache(scope: Construct, plan: CachePlan, vpc: ec2.IVpc, access: AccessPlan): ServiceCache {
  const securityGroup = new ec2.SecurityGroup(scope, 'CacheSecurityGroup', {
    vpc, description: access.groupDescriptions.cache, allowAllOutbound: false,
  });
  const subnetGroup = new elasticache.CfnSubnetGroup(scope, 'CacheSubnetGroup', {
    cacheSubnetGroupName: plan.subnetGroupName,
    description: 'Isolated subnets of the service',
    subnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
  });
  // Every user group holds a user named `default`; this one is switched off. The instances'
  // user authenticates with IAM (its id is its name, as IAM authentication requires).
  const defaultUser = new elasticache.CfnUser(scope, 'CacheDefaultUser', {
    userId: plan.defaultUserId, userName: 'default', engine: plan.engine, accessString: plan.defaultUserAccessString, noPasswordRequired: true,
  });
  const user = new elasticache.CfnUser(scope, 'CacheUser', {
    userId: plan.user.id, userName: plan.user.id, engine: plan.engine, accessString: plan.user.accessString, authenticationMode: { Type: 'iam' },
  });
  const userGroup = new elasticache.CfnUserGroup(scope, 'CacheUserGroup', {
    // References (a user's Ref is its id), so CloudFormation creates the users first.
    userGroupId: plan.userGroupId, engine: plan.engine, userIds: [defaultUser.ref, user.ref],
  });
  const replicationGroup = new elasticache.CfnReplicationGroup(scope, 'Cache', {
    replicationGroupId: plan.replicationGroupId,
    replicationGroupDescription: 'Cache of the service',
    engine: plan.engine,
    engineVersion: plan.engineVersion,
    cacheNodeType: plan.nodeType,
    numCacheClusters: plan.nodeAzs.length,
    preferredCacheClusterAZs: plan.nodeAzs.map((i) => vpc.availabilityZones[i]),
    multiAzEnabled: true,
    automaticFailoverEnabled: true,
    atRestEncryptionEnabled: true,
    transitEncryptionEnabled: true,
    transitEncryptionMode: 'required',
    port: plan.port,
    cacheSubnetGroupName: subnetGroup.ref,
    securityGroupIds: [securityGroup.securityGroupId],
    userGroupIds: [userGroup.ref],
    snapshotRetentionLimit: plan.snapshotRetentionDays,
    autoMinorVersionUpgrade: true,
    tags: Object.entries(plan.tags).map(([key, value]) => ({ key, value })),
  });
  // A final snapshot when the cache is deleted or replaced: the data outlives the stack.
  replicationGroup.applyRemovalPolicy(RemovalPolicy.SNAPSHOT);
  acknowledge(replicationGroup, 'AwsSolutions-AEC6',
    'cdk-nag only knows AUTH tokens; the cache uses role-based access control instead, where the only enabled user authenticates with IAM (no password to keep or rotate).');
  const primaryEndpoint = replicationGroup.attrPrimaryEndPointAddress;
  const endpoints = { primaryEndpoint, readerEndpoint: replicationGroup.attrReaderEndPointAddress };
  return {
    replicationGroup,
    securityGroup,
    user,
    primaryEndpoint,
    readerEndpoint: replicationGroup.attrReaderEndPointAddress,
    port: plan.port,
    environment: Object.fromEntries(Object.entries(plan.environment).map(([key, value]) => [key, typeof value === 'string' ? value : endpoints[value.ref]])),
  };
}

/** Lets the fleet reach the cache and authenticate to it as the cache's user. */
export function allowCacheFrom(cache: ServiceCache, plan: CachePlan, access: AccessPlan, fleet: ec2.IConnectable, role: iam.IRole): void {
  cache.securityGroup.addIngressRule(fleet.connections.securityGroups[0], ec2.Port.tcp(plan.port), accessRule(access, 'CacheIngressFromFleet').description);
  const stack = Stack.of(cache.replicationGroup);
  const arn = (resource: string, name: string) => stack.formatArn({ service: 'elasticache', resource, resourceName: name, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: plan.instanceAccess.actions,
    resources: plan.instanceAccess.resources.map((r) => arn(r.resourceType, r.name)),
  }));
}
