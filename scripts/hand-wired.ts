import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as rds from 'aws-cdk-lib/aws-rds';

/**
 * What a careful user wires by hand with aws-cdk-lib's L2 constructs: a VPC over 3 AZs, an ALB, an
 * Auto Scaling group and an Aurora cluster with a reader. The benchmark times it against the
 * service; the resilience rule pack's tests say what it lacks.
 */
export function buildHandWired(stack: Stack): void {
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 3,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    ],
  });
  const lb = new elbv2.ApplicationLoadBalancer(stack, 'Lb', { vpc, internetFacing: true });
  const asg = new autoscaling.AutoScalingGroup(stack, 'Asg', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    launchTemplate: new ec2.LaunchTemplate(stack, 'Lt', {
      machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      instanceType: ec2.InstanceType.of(ec2.InstanceClass.T3, ec2.InstanceSize.SMALL),
      requireImdsv2: true,
      securityGroup: new ec2.SecurityGroup(stack, 'FleetSg', { vpc }),
    }),
    minCapacity: 3,
    maxCapacity: 6,
  });
  lb.addListener('Http', { port: 80 }).addTargets('Fleet', { port: 8080, targets: [asg], healthCheck: { path: '/health', interval: Duration.seconds(10) } });
  const cluster = new rds.DatabaseCluster(stack, 'Db', {
    engine: rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_17_9 }),
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    writer: rds.ClusterInstance.provisioned('Writer'),
    readers: [rds.ClusterInstance.provisioned('Reader')],
  });
  cluster.connections.allowDefaultPortFrom(asg);
}
