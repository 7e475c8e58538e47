import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromPlan, lbFromPlan } from './plan-context';
import { checkTerraformJson } from './schema-check';
import { DatabaseEngine, ServiceOptions } from '../../src/core/options/options';
import { awsReferences, policyDocument } from '../../src/tf/context';
import { TerraformOutput, TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { aws } from '../../src/tf/private/resource';
import { AwsProvider } from '../../src/tf/provider';
import { renderCache } from '../../src/tf/tiers/cache';
import { renderDatabaseProxy } from '../../src/tf/tiers/database-proxy';
import { renderLoadBalancing } from '../../src/tf/tiers/load-balancing';
import { renderNetwork } from '../../src/tf/tiers/network';
import { renderWebFirewall } from '../../src/tf/tiers/web-firewall';
import { plainPlan } from '../core/plain';

// The optional tiers of the Terraform flavor (web firewall, cache, RDS Proxy), each rendered from
// the same plan as the CloudFormation flavor's, one stack per configuration. The database tier is
// written elsewhere: its outputs are stood in for by a security group and literal identifiers.
const ACL_ARN = 'arn:aws:wafv2:eu-west-1:111111111111:regional/webacl/shared/1b2c3d4e-5f60-7182-93a4-b5c6d7e8f901';
const SECRET_ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-0a1b2c3d-AbCdEf';
const SECRET_KEY_ARN = 'arn:aws:kms:eu-west-1:111111111111:key/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-tf-tiers-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function synth(name: string, options: ServiceOptions, secretKmsKeyArn?: string) {
  const plan = plainPlan(options);
  const stack = new TerraformStack(Testing.app({ outdir }), name);
  new AwsProvider(stack, 'aws', { region: 'eu-west-1' });
  const context = { ...awsReferences(stack), ...fromPlan(plan) };
  const network = renderNetwork(stack, plan.network, context);
  const lb = renderLoadBalancing(stack, plan.loadBalancing, plan.zonalShift, network, { ...context, regionName: 'eu-west-1', ...lbFromPlan(plan) });
  // What the compute tier will own: the fleet's security group and instance role.
  const fleet = aws.securityGroup(stack, 'FleetSecurityGroup', { vpc_id: network.vpcId, description: 'Fleet' });
  const fleetRole = aws.iamRole(stack, 'InstanceRole', {
    assume_role_policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] }),
  });
  const databaseGroup = aws.securityGroup(stack, 'DatabaseSecurityGroup', { vpc_id: network.vpcId, description: 'Database' });
  const firewall = plan.webFirewall && renderWebFirewall(stack, plan.webFirewall, { ...context, loadBalancerArn: lb.loadBalancer.attr('arn') });
  if (plan.cache) {
    const cache = renderCache(stack, plan.cache, network, {
      ...context, clientSecurityGroupId: fleet.attr('id'), availabilityZones: plan.network.availabilityZones,
    });
    aws.iamRolePolicy(stack, 'InstanceCachePolicy', { role: fleetRole.attr('id'), policy: policyDocument(cache.instancePolicyStatements) });
    new TerraformOutput(stack, 'CacheEnvironment', { value: cache.environment });
  }
  const db = plan.database!;
  const proxy = plan.databaseProxy && renderDatabaseProxy(stack, plan.databaseProxy, network, {
    ...context,
    clientSecurityGroupId: fleet.attr('id'),
    database: { aurora: db.aurora, identifier: 'shop-db', securityGroupId: databaseGroup.attr('id'), port: db.port, secretArn: SECRET_ARN, secretKmsKeyArn },
  });
  if (proxy) aws.iamRolePolicy(stack, 'InstanceProxyPolicy', { role: fleetRole.attr('id'), policy: policyDocument(proxy.connectPolicyStatements) });
  const config = JSON.parse(Testing.synth(stack));
  const resources = (type: string): any[] => Object.values(config.resource[type] ?? {});
  const only = (type: string): any => {
    expect(resources(type)).toHaveLength(1);
    return resources(type)[0];
  };
  return { plan, config, resources, only, firewall, proxy };
}

const aurora = synth('Shop', { cache: true, databaseProxy: true, databaseReaders: 2, webAclRateLimit: 750 });
const instance = synth('ShopInstance', {
  cache: true, cacheNodes: 2, cacheNodeType: 'cache.r7g.large', databaseProxy: true, databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, webAclArn: ACL_ARN,
}, SECRET_KEY_ARN);
const ref = (type: string, name: string, attribute: string) => `\${${type}.${name}.${attribute}}`;

test('both configurations pass the offline schema check', () => {
  expect(checkTerraformJson(aurora.config)).toEqual([]);
  expect(checkTerraformJson(instance.config)).toEqual([]);
});

describe('web firewall', () => {
  const acl = aurora.plan.webFirewall!.webAcl!;

  test('a regional ACL that allows by default, with the planned rules in the planned order and priorities', () => {
    const webAcl = aurora.only('aws_wafv2_web_acl');
    expect(webAcl).toEqual(expect.objectContaining({
      name: acl.name,
      scope: 'REGIONAL',
      default_action: { allow: {} },
      visibility_config: { metric_name: acl.name, cloudwatch_metrics_enabled: true, sampled_requests_enabled: true },
    }));
    expect(webAcl.rule.map((r: any) => [r.priority, r.name])).toEqual([
      ...acl.managedRuleGroups.map((g) => [g.priority, g.name]), [acl.rateLimitPriority, acl.rateLimitRuleName],
    ]);
    acl.managedRuleGroups.forEach((group, i) => expect(webAcl.rule[i]).toEqual({
      name: group.name,
      priority: group.priority,
      override_action: { none: {} },
      statement: { managed_rule_group_statement: { name: group.name, vendor_name: group.vendorName } },
      visibility_config: { metric_name: group.name, cloudwatch_metrics_enabled: true, sampled_requests_enabled: true },
    }));
    const rate = webAcl.rule[acl.managedRuleGroups.length];
    expect(acl.rateLimit).toBe(750);
    expect(rate).toEqual(expect.objectContaining({
      action: { block: {} },
      statement: {
        rate_based_statement: {
          limit: acl.rateLimit, evaluation_window_sec: acl.rateLimitWindowSeconds, aggregate_key_type: acl.rateLimitAggregateKey,
        },
      },
    }));
    expect(rate.override_action).toBeUndefined();
    expect(aurora.firewall).toEqual({ webAclArn: expect.any(String), webAclName: acl.name });
  });

  test('associated with the load balancer; logged by ARN to a retained aws-waf-logs- group encrypted with a key of its own', () => {
    expect(aurora.only('aws_wafv2_web_acl_association')).toEqual({
      resource_arn: ref('aws_lb', 'LoadBalancer', 'arn'), web_acl_arn: ref('aws_wafv2_web_acl', 'WebAcl', 'arn'),
    });
    const logGroup = aurora.config.resource.aws_cloudwatch_log_group.WebAclLogs;
    expect(logGroup).toEqual({
      name_prefix: acl.logGroupNamePrefix, retention_in_days: acl.logRetentionDays, kms_key_id: ref('aws_kms_key', 'WebAclLogsKey', 'arn'), skip_destroy: true,
    });
    // A prefix: the kept group never takes the name of the next creation's.
    expect(acl.logGroupNamePrefix).toMatch(/^aws-waf-logs-.*-$/);
    expect(aurora.only('aws_wafv2_web_acl_logging_configuration')).toEqual({
      resource_arn: ref('aws_wafv2_web_acl', 'WebAcl', 'arn'), log_destination_configs: [ref('aws_cloudwatch_log_group', 'WebAclLogs', 'arn')],
    });
    const keyPolicy = JSON.parse(aurora.config.resource.aws_kms_key.WebAclLogsKey.policy);
    expect(keyPolicy.Statement.map((s: any) => s.Sid)).toEqual([undefined, 'GrantsOnlyForAwsServices', 'AllowCloudWatchLogs']);
  });

  test('the user\'s ACL is associated instead, and nothing else is created', () => {
    expect(instance.resources('aws_wafv2_web_acl')).toEqual([]);
    expect(instance.resources('aws_wafv2_web_acl_logging_configuration')).toEqual([]);
    expect(instance.only('aws_wafv2_web_acl_association')).toEqual({ resource_arn: ref('aws_lb', 'LoadBalancer', 'arn'), web_acl_arn: ACL_ARN });
    expect(instance.firewall).toEqual({ webAclArn: ACL_ARN, webAclName: undefined });
  });
});

describe('cache', () => {
  test.each([['a node per AZ', aurora], ['two nodes of a chosen type', instance]])('%s: Valkey, Multi-AZ failover, TLS, the planned nodes, AZs, port and snapshots', (_, s) => {
    const cache = s.plan.cache!;
    expect(s.only('aws_elasticache_replication_group')).toEqual({
      replication_group_id: cache.replicationGroupId,
      description: 'Cache of the service',
      engine: 'valkey',
      engine_version: cache.engineVersion,
      node_type: cache.nodeType,
      num_cache_clusters: cache.nodeAzs.length,
      preferred_cache_cluster_azs: cache.nodeAzs.map((i) => s.plan.network.availabilityZones[i]),
      multi_az_enabled: true,
      automatic_failover_enabled: true,
      at_rest_encryption_enabled: 'true',
      transit_encryption_enabled: true,
      transit_encryption_mode: 'required',
      port: cache.port,
      subnet_group_name: ref('aws_elasticache_subnet_group', 'CacheSubnetGroup', 'name'),
      security_group_ids: [ref('aws_security_group', 'CacheSecurityGroup', 'id')],
      user_group_ids: [ref('aws_elasticache_user_group', 'CacheUserGroup', 'user_group_id')],
      snapshot_retention_limit: cache.snapshotRetentionDays,
      // Named at the cache's creation: a kept snapshot never meets the next destroy's.
      final_snapshot_identifier: `${cache.finalSnapshotNamePrefix}\${formatdate("YYYYMMDDhhmmss", timestamp())}`,
      auto_minor_version_upgrade: 'true',
      // AWS FIS finds the group by this tag.
      tags: { 'cdk-highly-available-service:cache': cache.replicationGroupId },
      lifecycle: { ignore_changes: ['final_snapshot_identifier'] },
    });
    expect(s.only('aws_elasticache_subnet_group')).toEqual(expect.objectContaining({
      name: cache.subnetGroupName, subnet_ids: [1, 2, 3].map((n) => ref('aws_subnet', `IsolatedSubnet${n}`, 'id')),
    }));
  });

  test('the plan decides: two nodes of the chosen type in the first two AZs', () => {
    const group = instance.only('aws_elasticache_replication_group');
    expect([group.node_type, group.num_cache_clusters, group.preferred_cache_cluster_azs]).toEqual(['cache.r7g.large', 2, ['eu-west-1a', 'eu-west-1b']]);
  });

  test('only the fleet reaches the port, and the cache opens nothing', () => {
    const cache = aurora.plan.cache!;
    const rules = aurora.resources('aws_vpc_security_group_ingress_rule').filter((r) => r.security_group_id === ref('aws_security_group', 'CacheSecurityGroup', 'id'));
    expect(rules).toEqual([expect.objectContaining({
      ip_protocol: 'tcp', from_port: cache.port, to_port: cache.port, referenced_security_group_id: ref('aws_security_group', 'FleetSecurityGroup', 'id'),
    })]);
    expect(aurora.config.resource.aws_security_group.CacheSecurityGroup.egress).toBeUndefined();
    expect(aurora.resources('aws_vpc_security_group_egress_rule').filter((r) => r.security_group_id.includes('CacheSecurityGroup'))).toEqual([]);
  });

  test('role-based access: the default user off, the instances\' user on IAM; the role may connect as it', () => {
    const cache = aurora.plan.cache!;
    const users = aurora.config.resource.aws_elasticache_user;
    expect(users.CacheDefaultUser).toEqual({
      user_id: cache.defaultUserId, user_name: 'default', engine: 'valkey', access_string: cache.defaultUserAccessString, no_password_required: true,
    });
    expect(users.CacheUser).toEqual({
      user_id: cache.user.id, user_name: cache.user.id, engine: 'valkey', access_string: cache.user.accessString, authentication_mode: { type: 'iam' },
    });
    expect(aurora.only('aws_elasticache_user_group')).toEqual({
      user_group_id: cache.userGroupId,
      engine: 'valkey',
      user_ids: [ref('aws_elasticache_user', 'CacheDefaultUser', 'user_id'), ref('aws_elasticache_user', 'CacheUser', 'user_id')],
    });
    const policy = JSON.parse(aurora.config.resource.aws_iam_role_policy.InstanceCachePolicy.policy);
    const arn = (type: string, name: string) =>
      `arn:\${data.aws_partition.Partition.partition}:elasticache:\${data.aws_region.Region.region}:\${data.aws_caller_identity.Account.account_id}:${type}:${name}`;
    expect(policy.Statement[0]).toEqual({
      Effect: 'Allow', Action: ['elasticache:Connect'], Resource: [arn('replicationgroup', cache.replicationGroupId), arn('user', cache.user.id)],
    });
  });

  test('the instances\' environment: the planned values, and the endpoints as references', () => {
    const cache = aurora.plan.cache!;
    expect(aurora.config.output.CacheEnvironment.value).toEqual({
      ...cache.environment,
      CACHE_HOST: ref('aws_elasticache_replication_group', 'Cache', 'primary_endpoint_address'),
      CACHE_READER_HOST: ref('aws_elasticache_replication_group', 'Cache', 'reader_endpoint_address'),
    });
    expect(cache.environment.CACHE_PORT).toBe(String(cache.port));
  });
});

describe('database proxy', () => {
  const sg = (name: string) => ref('aws_security_group', name, 'id');

  test.each([['Aurora', aurora], ['a Multi-AZ instance', instance]])('%s: TLS and IAM required, the master secret, in the isolated subnets', (_, s) => {
    const plan = s.plan.databaseProxy!;
    expect(s.only('aws_db_proxy')).toEqual({
      name: plan.name,
      engine_family: plan.engineFamily,
      require_tls: true,
      idle_client_timeout: plan.idleClientTimeoutSeconds,
      role_arn: ref('aws_iam_role', 'DatabaseProxyRole', 'arn'),
      vpc_subnet_ids: [1, 2, 3].map((n) => ref('aws_subnet', `IsolatedSubnet${n}`, 'id')),
      vpc_security_group_ids: [sg('DatabaseProxySecurityGroup')],
      auth: [{ auth_scheme: 'SECRETS', iam_auth: 'REQUIRED', secret_arn: SECRET_ARN }],
      depends_on: ['aws_iam_role_policy.DatabaseProxyRolePolicy'],
    });
    expect(s.only('aws_db_proxy_default_target_group')).toEqual({ db_proxy_name: ref('aws_db_proxy', 'DatabaseProxy', 'name') });
    expect(s.proxy).toEqual(expect.objectContaining({ endpoint: expect.any(String), name: expect.any(String) }));
    expect(s.config.output.DatabaseProxyEndpoint).toEqual(expect.objectContaining({ value: ref('aws_db_proxy', 'DatabaseProxy', 'endpoint') }));
  });

  test('the target is the cluster with Aurora, the instance otherwise; a read-only endpoint only over Aurora readers', () => {
    const target = { db_proxy_name: ref('aws_db_proxy', 'DatabaseProxy', 'name'), target_group_name: ref('aws_db_proxy_default_target_group', 'DatabaseProxyTargetGroup', 'name') };
    expect(aurora.only('aws_db_proxy_target')).toEqual({ ...target, db_cluster_identifier: 'shop-db' });
    expect(instance.only('aws_db_proxy_target')).toEqual({ ...target, db_instance_identifier: 'shop-db' });
    expect(aurora.only('aws_db_proxy_endpoint')).toEqual({
      db_proxy_name: ref('aws_db_proxy', 'DatabaseProxy', 'name'),
      db_proxy_endpoint_name: aurora.plan.databaseProxy!.readOnlyEndpointName,
      target_role: 'READ_ONLY',
      vpc_subnet_ids: [1, 2, 3].map((n) => ref('aws_subnet', `IsolatedSubnet${n}`, 'id')),
      vpc_security_group_ids: [sg('DatabaseProxySecurityGroup')],
    });
    expect(aurora.proxy!.readOnlyEndpoint).toBeDefined();
    expect(aurora.config.output.DatabaseProxyReadOnlyEndpointOutput.value).toBe(ref('aws_db_proxy_endpoint', 'DatabaseProxyReadOnlyEndpoint', 'endpoint'));
    expect(instance.plan.databaseProxy!.readOnlyEndpointName).toBeUndefined();
    expect(instance.resources('aws_db_proxy_endpoint')).toEqual([]);
    expect(instance.proxy!.readOnlyEndpoint).toBeUndefined();
  });

  test('only the fleet reaches the proxy, on the engine family\'s port; only the proxy the database, on the database\'s', () => {
    for (const s of [aurora, instance]) {
      const { port } = s.plan.databaseProxy!;
      const dbPort = s.plan.database!.port;
      const ingress = s.resources('aws_vpc_security_group_ingress_rule');
      expect(ingress.filter((r) => r.security_group_id === sg('DatabaseProxySecurityGroup'))).toEqual([expect.objectContaining({
        from_port: port, to_port: port, referenced_security_group_id: sg('FleetSecurityGroup'),
      })]);
      expect(ingress.filter((r) => r.security_group_id === sg('DatabaseSecurityGroup'))).toEqual([expect.objectContaining({
        from_port: dbPort, to_port: dbPort, referenced_security_group_id: sg('DatabaseProxySecurityGroup'),
      })]);
      expect(s.only('aws_vpc_security_group_egress_rule')).toEqual(expect.objectContaining({
        security_group_id: sg('DatabaseProxySecurityGroup'), from_port: dbPort, to_port: dbPort, referenced_security_group_id: sg('DatabaseSecurityGroup'),
      }));
      expect(s.config.resource.aws_security_group.DatabaseProxySecurityGroup.egress).toBeUndefined();
    }
    expect([aurora.plan.databaseProxy!.port, instance.plan.databaseProxy!.port]).toEqual([5432, 5432]);
  });

  test('the proxy\'s role reads the secret (and decrypts it with its own key, when it has one)', () => {
    const policy = (s: typeof aurora) => JSON.parse(s.config.resource.aws_iam_role_policy.DatabaseProxyRolePolicy.policy).Statement;
    const read = { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: SECRET_ARN };
    expect(policy(aurora)).toEqual([read]);
    expect(policy(instance)).toEqual([read, {
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: SECRET_KEY_ARN,
      Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.${data.aws_region.Region.region}.amazonaws.com' } },
    }]);
    const trust = JSON.parse(aurora.config.resource.aws_iam_role.DatabaseProxyRole.assume_role_policy);
    expect(trust.Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
  });

  test('the fleet may connect through the proxy with IAM as the planned user, and reads no secret', () => {
    // The proxy's resource id is the end of its ARN: an expression whose quotes make the policy JSON only once Terraform renders it.
    const resourceId = '${element(split(":", aws_db_proxy.DatabaseProxy.arn), 6)}';
    const policy = aurora.config.resource.aws_iam_role_policy.InstanceProxyPolicy.policy;
    expect(policy).toBe(JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow',
        Action: 'rds-db:connect',
        Resource: 'arn:${data.aws_partition.Partition.partition}:rds-db:${data.aws_region.Region.region}:${data.aws_caller_identity.Account.account_id}'
          + `:dbuser:PROXY/${aurora.plan.databaseProxy!.connectUser}`,
      }],
    }).replace('PROXY', resourceId));
    expect(aurora.plan.databaseProxy!.connectUser).toBe(aurora.plan.database!.masterUsername);
    expect(policy).not.toContain('secretsmanager');
  });
});
