/**
 * Renders the RDS Proxy tier (aws-cdk-lib).
 */
import { CfnOutput, CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { ServiceDatabase } from './database';
import { AccessPlan, accessRule } from '../../core/tiers/access';
import { DatabaseProxyPlan } from '../../core/tiers/database-proxy';

export interface DatabaseProxyParts {
  readonly proxy: rds.DatabaseProxy;
  /** The read-only endpoint over the Aurora readers, if any. */
  readonly readOnlyEndpoint?: rds.CfnDBProxyEndpoint;
}

/**
 * RDS Proxy in front of the service's database, in its isolated subnets: TLS and IAM
 * authentication required, the RDS-managed master secret registered. Only the proxy may reach the
 * database, and only the fleet the proxy; the fleet's role may connect through it as the master user.
 */
export function createDatabaseProxy(
  scope: Construct, plan: DatabaseProxyPlan, access: AccessPlan, vpc: ec2.IVpc, database: ServiceDatabase,
  fleet: ec2.IConnectable, fleetRole: iam.IRole,
): DatabaseProxyParts {
  const securityGroup = new ec2.SecurityGroup(scope, 'DatabaseProxySecurityGroup', {
    vpc, description: access.groupDescriptions.databaseProxy, allowAllOutbound: false,
  });
  const proxy = new rds.DatabaseProxy(scope, 'DatabaseProxy', {
    dbProxyName: plan.name,
    proxyTarget: database.cluster ? rds.ProxyTarget.fromCluster(database.cluster) : rds.ProxyTarget.fromInstance(database.instance!),
    secrets: [database.secret],
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    securityGroups: [securityGroup],
    requireTLS: true,
    iamAuth: true,
    idleClientTimeout: Duration.seconds(plan.idleClientTimeoutSeconds),
  });
  securityGroup.addIngressRule(fleet.connections.securityGroups[0], ec2.Port.tcp(plan.port), accessRule(access, 'DatabaseProxyIngressFromFleet').description);
  // The plan's DatabaseIngressFromProxy and DatabaseProxyEgressToDatabase: aws-cdk-lib's proxy writes
  // both when it registers its target (on the database's port). Writing them again would give EC2
  // the same permission twice in separate resources, which it refuses as a duplicate.
  proxy.grantConnect(fleetRole, plan.connectUser);
  dependOnInstancesOnly(proxy, database);

  let readOnlyEndpoint: rds.CfnDBProxyEndpoint | undefined;
  if (plan.readOnlyEndpointName) {
    readOnlyEndpoint = new rds.CfnDBProxyEndpoint(scope, 'DatabaseProxyReadOnlyEndpoint', {
      dbProxyName: proxy.dbProxyName,
      dbProxyEndpointName: plan.readOnlyEndpointName,
      targetRole: 'READ_ONLY',
      vpcSubnetIds: vpc.isolatedSubnets.map((s) => s.subnetId),
      vpcSecurityGroupIds: [securityGroup.securityGroupId],
    });
    new CfnOutput(scope, 'DatabaseProxyReadOnlyEndpointOutput', { value: readOnlyEndpoint.attrEndpoint, description: 'Read-only RDS Proxy endpoint (the Aurora readers)' });
  }
  new CfnOutput(scope, 'DatabaseProxyEndpoint', { value: proxy.endpoint, description: `RDS Proxy endpoint (port ${plan.port}, TLS and IAM authentication)` });
  return { proxy, readOnlyEndpoint };
}

/**
 * aws-cdk-lib makes the proxy's target group depend on the cluster and its instances; the target
 * group already references the cluster, so that dependency is said twice (cfn-lint W3005). The
 * instances stay: a target group registered before the cluster has instances would never report
 * its targets available.
 */
function dependOnInstancesOnly(proxy: rds.DatabaseProxy, database: ServiceDatabase): void {
  if (!database.cluster) return;
  const targetGroup = proxy.node.findChild('ProxyTargetGroup') as CfnResource;
  const stack = Stack.of(proxy);
  const cluster = database.cluster.node.defaultChild as CfnResource;
  const instances = database.cluster.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && c.cfnResourceType === 'AWS::RDS::DBInstance');
  targetGroup.addOverride('DependsOn', instances.map((i) => stack.getLogicalId(i)).filter((id) => id !== stack.getLogicalId(cluster)));
}
