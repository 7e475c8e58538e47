import { Duration } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from './private/acknowledge';
import { builtinAppUserData } from './private/builtin-app';
import { ServiceBlueprint } from '../core/blueprint';

export interface ComputeOptions {
  readonly vpc: ec2.IVpc;
  readonly blueprint: ServiceBlueprint;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly notificationTopic: sns.ITopic;
  readonly instanceType: ec2.InstanceType;
  readonly machineImage: ec2.IMachineImage;
  readonly userData?: ec2.UserData;
  readonly rootVolumeSizeGiB: number;
  readonly rootDeviceName: string;
  /** Request-count target tracking: requests per minute per instance (from a demand plan). */
  readonly targetRequestsPerMinute?: number;
  /** Scheduled changes of the fleet's bounds. */
  readonly scheduledCapacity?: ScheduledCapacity[];
  /** Predictive scaling, when enabled. */
  readonly predictiveScaling?: PredictiveScalingSpec;
}

export interface ScheduledCapacity {
  readonly schedule: autoscaling.Schedule;
  readonly timeZone?: string;
  readonly minCapacity: number;
  readonly maxCapacity: number;
}

export interface PredictiveScalingSpec {
  /** ForecastOnly or ForecastAndScale. */
  readonly mode: string;
  /** Requests per target the forecast plans for; without it the forecast tracks CPU. */
  readonly requestsPerTarget?: number;
  readonly cpuTargetUtilizationPercent: number;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
}

export interface Compute {
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly launchTemplate: ec2.LaunchTemplate;
  readonly role: iam.Role;
  readonly securityGroup: ec2.SecurityGroup;
}

const SSM_CORE = 'AmazonSSMManagedInstanceCore';

/**
 * The fleet: an Auto Scaling group over the private subnets of every AZ, launched from a
 * launch template with IMDSv2, an encrypted gp3 root volume and Session Manager access instead of
 * SSH, replaced on failed load balancer health checks, never below its healthy minimum.
 */
export function createCompute(scope: Construct, options: ComputeOptions): Compute {
  const { vpc, blueprint: bp } = options;

  const securityGroup = new ec2.SecurityGroup(scope, 'FleetSecurityGroup', {
    vpc,
    description: 'Service instances: the app port from the load balancer only',
    // Instances reach package mirrors, Systems Manager and the database through the NAT gateways.
    allowAllOutbound: true,
  });

  const role = new iam.Role(scope, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: 'Service instances: Session Manager access, plus what the service grants',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(SSM_CORE)],
  });
  acknowledge(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${SSM_CORE}]`,
    'AmazonSSMManagedInstanceCore is the minimal policy AWS maintains for the SSM agent (Session Manager replaces SSH); copying it inline would freeze it as the agent changes.');

  const launchTemplate = new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    machineImage: options.machineImage,
    instanceType: options.instanceType,
    userData: options.userData ?? builtinAppUserData(bp.appPort, bp.healthCheck.path),
    role,
    securityGroup,
    requireImdsv2: true,
    httpPutResponseHopLimit: 1,
    detailedMonitoring: true,
    blockDevices: [{
      deviceName: options.rootDeviceName,
      volume: ec2.BlockDeviceVolume.ebs(options.rootVolumeSizeGiB, {
        encrypted: true,
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        deleteOnTermination: true,
      }),
    }],
  });

  const instancesPerAz = Math.ceil(bp.minCapacity / bp.availabilityZones);
  const autoScalingGroup = new autoscaling.AutoScalingGroup(scope, 'Fleet', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    launchTemplate,
    minCapacity: bp.minCapacity,
    maxCapacity: bp.maxCapacity,
    healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
      additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
      gracePeriod: Duration.seconds(bp.healthCheckGracePeriodSeconds),
    }),
    defaultInstanceWarmup: Duration.seconds(bp.healthCheckGracePeriodSeconds),
    // Replacements (unhealthy instances, rebalancing, instance refresh) launch first and
    // terminate after: the group never drops below 100 % of its desired capacity.
    minHealthyPercentage: 100,
    maxHealthyPercentage: 200,
    // CloudFormation updates of the launch template keep the whole minimum in service and
    // replace at most one AZ's worth of instances at a time.
    updatePolicy: autoscaling.UpdatePolicy.rollingUpdate({
      minInstancesInService: bp.minCapacity,
      maxBatchSize: instancesPerAz,
    }),
    notifications: [{ topic: options.notificationTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
    groupMetrics: [autoscaling.GroupMetrics.all()],
    cooldown: Duration.seconds(60),
  });
  autoScalingGroup.attachToApplicationTargetGroup(options.targetGroup);
  autoScalingGroup.scaleOnCpuUtilization('CpuScaling', {
    targetUtilizationPercent: bp.cpuTargetUtilizationPercent,
  });
  if (options.targetRequestsPerMinute !== undefined) {
    // Scale out when either policy asks; scale in only when both agree.
    autoScalingGroup.scaleOnRequestCount('RequestCountScaling', {
      targetRequestsPerMinute: options.targetRequestsPerMinute,
    });
  }
  (options.scheduledCapacity ?? []).forEach((action, i) => {
    autoScalingGroup.scaleOnSchedule(`Scheduled${i + 1}`, {
      schedule: action.schedule,
      timeZone: action.timeZone,
      minCapacity: action.minCapacity,
      maxCapacity: action.maxCapacity,
    });
  });
  if (options.predictiveScaling) {
    addPredictiveScaling(scope, autoScalingGroup, options.targetGroup, options.predictiveScaling);
  }

  return { autoScalingGroup, launchTemplate, role, securityGroup };
}

/**
 * Predictive scaling has no L2 in aws-cdk-lib: the policy is written with the CloudFormation
 * properties. It forecasts the load balancer's requests per target (with a demand plan) or the
 * fleet's CPU, and launches ahead of the forecast.
 */
function addPredictiveScaling(
  scope: Construct,
  group: autoscaling.AutoScalingGroup,
  targetGroup: elbv2.ApplicationTargetGroup,
  spec: PredictiveScalingSpec,
): autoscaling.CfnScalingPolicy {
  const metric: autoscaling.CfnScalingPolicy.PredictiveScalingMetricSpecificationProperty = spec.requestsPerTarget !== undefined
    ? {
      targetValue: spec.requestsPerTarget,
      predefinedMetricPairSpecification: {
        predefinedMetricType: 'ALBRequestCount',
        resourceLabel: `${spec.loadBalancer.loadBalancerFullName}/${targetGroup.targetGroupFullName}`,
      },
    }
    : {
      targetValue: spec.cpuTargetUtilizationPercent,
      predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' },
    };
  return new autoscaling.CfnScalingPolicy(scope, 'PredictiveScaling', {
    autoScalingGroupName: group.autoScalingGroupName,
    policyType: 'PredictiveScaling',
    predictiveScalingConfiguration: {
      mode: spec.mode,
      metricSpecifications: [metric],
      // Launch ahead of the forecast by the time an instance needs to boot and pass its checks.
      schedulingBufferTime: 300,
    },
  });
}
