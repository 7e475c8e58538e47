/**
 * Renders the RDS Proxy tier as Terraform resources.
 */
import { Construct } from 'constructs';
import { TfContext, policyDocument } from '../context';
import { TfNetwork } from './network';
import { accessRule } from '../../core/tiers/access';
import { DatabaseProxyPlan } from '../../core/tiers/database-proxy';
import { PolicyStatementJson } from '../../core/tiers/keys';
import { Fn, TerraformOutput } from '../private/cdktf';
import { AwsResource, aws } from '../private/resource';

export interface DbProxyArgs {
  readonly name: string;
  readonly engine_family: DatabaseProxyPlan['engineFamily'];
  readonly require_tls: boolean;
  readonly idle_client_timeout: number;
  readonly role_arn: string;
  readonly vpc_subnet_ids: string[];
  readonly vpc_security_group_ids: string[];
  readonly auth: Array<{ readonly auth_scheme: 'SECRETS'; readonly iam_auth: 'REQUIRED'; readonly secret_arn: string }>;
}
export interface DbProxyDefaultTargetGroupArgs { readonly db_proxy_name: string }
export interface DbProxyTargetArgs {
  readonly db_proxy_name: string;
  readonly target_group_name: string;
  readonly db_cluster_identifier?: string;
  readonly db_instance_identifier?: string;
}
export interface DbProxyEndpointArgs {
  readonly db_proxy_name: string;
  readonly db_proxy_endpoint_name: string;
  readonly target_role: 'READ_ONLY';
  readonly vpc_subnet_ids: string[];
  readonly vpc_security_group_ids: string[];
}
/** A rule between two security groups on a port that may be a reference (the database's). */
export interface GroupRuleArgs {
  readonly security_group_id: string;
  readonly ip_protocol: 'tcp';
  readonly from_port: number | string;
  readonly to_port: number | string;
  readonly referenced_security_group_id: string;
  readonly description: string;
}

/** The database behind the proxy, as the database tier renders it. */
export interface TfProxiedDatabase {
  /** An Aurora cluster (its identifier is the cluster's), else a DB instance. */
  readonly aurora: boolean;
  readonly identifier: string;
  readonly securityGroupId: string;
  /** The database's own port, a number or a reference. */
  readonly port: string | number;
  /** The RDS-managed master user secret. */
  readonly secretArn: string;
  /** The key encrypting that secret, when it is a customer-managed one. */
  readonly secretKmsKeyArn?: string;
}

export interface TfDatabaseProxyContext extends TfContext {
  /** The fleet's security group: the only one that reaches the proxy. */
  readonly clientSecurityGroupId: string;
  readonly database: TfProxiedDatabase;
}

export interface TfDatabaseProxy {
  readonly proxy: AwsResource<object>;
  /** Host name of the proxy's read/write endpoint. */
  readonly endpoint: string;
  /** Host name of the read-only endpoint over the Aurora readers, if planned. */
  readonly readOnlyEndpoint?: string;
  /** The proxy's name, a reference: its metrics' `ProxyName` dimension. */
  readonly name: string;
  readonly securityGroup: AwsResource<object>;
  /** What the fleet's instance role needs to connect through the proxy with IAM, for the compute tier to attach. */
  readonly connectPolicyStatements: PolicyStatementJson[];
}

/**
 * RDS Proxy in front of the service's database, in its isolated subnets, as the CloudFormation
 * flavor renders it: TLS and IAM authentication required, the RDS-managed master secret
 * registered. Only the proxy may reach the database, and only the fleet the proxy; the fleet's
 * role may connect through it as the planned user.
 */
export function renderDatabaseProxy(scope: Construct, plan: DatabaseProxyPlan, network: TfNetwork, c: TfDatabaseProxyContext): TfDatabaseProxy {
  const db = c.database;
  // No egress block: Terraform removes the default allow-all; the one rule below is all it may open.
  const securityGroup = aws.securityGroup(scope, 'DatabaseProxySecurityGroup', {
    vpc_id: network.vpcId, description: c.access.groupDescriptions.databaseProxy!,
  });
  const proxyGroupId = securityGroup.attr('id');
  aws.ingressRule(scope, 'DatabaseProxyIngressFromFleet', {
    security_group_id: proxyGroupId,
    ip_protocol: 'tcp',
    from_port: plan.port,
    to_port: plan.port,
    referenced_security_group_id: c.clientSecurityGroupId,
    description: accessRule(c.access, 'DatabaseProxyIngressFromFleet').description,
  });
  new AwsResource<GroupRuleArgs>(scope, 'DatabaseIngressFromProxy', 'aws_vpc_security_group_ingress_rule', {
    security_group_id: db.securityGroupId,
    ip_protocol: 'tcp',
    from_port: db.port,
    to_port: db.port,
    referenced_security_group_id: proxyGroupId,
    description: accessRule(c.access, 'DatabaseIngressFromProxy').description,
  });
  new AwsResource<GroupRuleArgs>(scope, 'DatabaseProxyEgressToDatabase', 'aws_vpc_security_group_egress_rule', {
    security_group_id: proxyGroupId,
    ip_protocol: 'tcp',
    from_port: db.port,
    to_port: db.port,
    referenced_security_group_id: db.securityGroupId,
    description: accessRule(c.access, 'DatabaseProxyEgressToDatabase').description,
  });

  // The proxy reads the master secret (and decrypts it, when its key is the service's own).
  const role = aws.iamRole(scope, 'DatabaseProxyRole', {
    description: 'Lets the service\'s RDS Proxy read the database\'s master secret',
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'rds.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  const rolePolicy = aws.iamRolePolicy(scope, 'DatabaseProxyRolePolicy', {
    role: role.attr('id'),
    policy: policyDocument([
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: db.secretArn },
      ...(db.secretKmsKeyArn === undefined ? [] : [{
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: db.secretKmsKeyArn,
        Condition: { StringEquals: { 'kms:ViaService': `secretsmanager.${c.region}.amazonaws.com` } },
      }]),
    ]),
  });
  const proxy = new AwsResource<DbProxyArgs>(scope, 'DatabaseProxy', 'aws_db_proxy', {
    name: plan.name,
    engine_family: plan.engineFamily,
    require_tls: true,
    idle_client_timeout: plan.idleClientTimeoutSeconds,
    role_arn: role.attr('arn'),
    vpc_subnet_ids: network.subnetIds.isolated,
    vpc_security_group_ids: [proxyGroupId],
    auth: [{ auth_scheme: 'SECRETS', iam_auth: 'REQUIRED', secret_arn: db.secretArn }],
  // The proxy reads the secret as soon as it exists.
  }, [rolePolicy]);
  const proxyName = proxy.attr('name');
  const targetGroup = new AwsResource<DbProxyDefaultTargetGroupArgs>(scope, 'DatabaseProxyTargetGroup', 'aws_db_proxy_default_target_group', {
    db_proxy_name: proxyName,
  });
  new AwsResource<DbProxyTargetArgs>(scope, 'DatabaseProxyTarget', 'aws_db_proxy_target', {
    db_proxy_name: proxyName,
    target_group_name: targetGroup.attr('name'),
    db_cluster_identifier: db.aurora ? db.identifier : undefined,
    db_instance_identifier: db.aurora ? undefined : db.identifier,
  });

  let readOnlyEndpoint: string | undefined;
  if (plan.readOnlyEndpointName) {
    readOnlyEndpoint = new AwsResource<DbProxyEndpointArgs>(scope, 'DatabaseProxyReadOnlyEndpoint', 'aws_db_proxy_endpoint', {
      db_proxy_name: proxyName,
      db_proxy_endpoint_name: plan.readOnlyEndpointName,
      target_role: 'READ_ONLY',
      vpc_subnet_ids: network.subnetIds.isolated,
      vpc_security_group_ids: [proxyGroupId],
    }).attr('endpoint');
    new TerraformOutput(scope, 'DatabaseProxyReadOnlyEndpointOutput', { value: readOnlyEndpoint, description: 'Read-only RDS Proxy endpoint (the Aurora readers)' });
  }
  const endpoint = proxy.attr('endpoint');
  new TerraformOutput(scope, 'DatabaseProxyEndpoint', { value: endpoint, description: `RDS Proxy endpoint (port ${plan.port}, TLS and IAM authentication)` });
  // IAM names the proxy by the resource id at the end of its ARN (`prx-...`), which has no attribute of its own.
  const resourceId = Fn.element(Fn.split(':', proxy.attr('arn')), 6);
  return {
    proxy,
    endpoint,
    readOnlyEndpoint,
    name: proxyName,
    securityGroup,
    connectPolicyStatements: [{
      Effect: 'Allow', Action: 'rds-db:connect', Resource: `arn:${c.partition}:rds-db:${c.region}:${c.account}:dbuser:${resourceId}/${plan.connectUser}`,
    }],
  };
}
