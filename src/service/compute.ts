import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledge } from './private/acknowledge';
import { builtinAppUserData } from './private/builtin-app';
import { ServiceBlueprint } from '../core/blueprint';
import { DEFAULTS } from '../core/defaults';
import { ServiceValidationError } from '../core/validation';

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
  /** Alarms that stop a rollout and roll it back when they fire. */
  readonly rolloutAlarms: cloudwatch.IAlarmRef[];
  /** Whether instances signal CloudFormation once their app answers its health check. */
  readonly signalOnHealthy: boolean;
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

  const userData = options.userData ?? builtinAppUserData(bp.appPort, bp.healthCheck.path);
  const launchTemplate = new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    machineImage: options.machineImage,
    instanceType: options.instanceType,
    userData,
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

  const timing = rolloutTiming(bp);
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
    // A change of image, user data or instance type rolls out as an instance refresh: new
    // instances launch first (100 % of the group stays healthy), each must pass the load balancer
    // health check and warm up before the next; if a rollout alarm fires, the refresh fails and
    // CloudFormation rolls the stack, and so the fleet, back.
    updatePolicy: autoscaling.UpdatePolicy.instanceRefresh({
      strategy: autoscaling.InstanceRefreshStrategy.ROLLING,
      minHealthyPercentage: 100,
      maxHealthyPercentage: 200,
      instanceWarmup: Duration.seconds(bp.healthCheckGracePeriodSeconds),
      skipMatching: true,
      alarms: options.rolloutAlarms.length ? options.rolloutAlarms : undefined,
    }),
    // On creation CloudFormation waits until the minimum of instances answer their health check.
    signals: options.signalOnHealthy
      ? autoscaling.Signals.waitForMinCapacity({ timeout: Duration.seconds(timing.creationTimeoutSeconds) })
      : undefined,
    notifications: [{ topic: options.notificationTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
    groupMetrics: [autoscaling.GroupMetrics.all()],
    cooldown: Duration.seconds(60),
  });
  autoScalingGroup.attachToApplicationTargetGroup(options.targetGroup);
  if (options.signalOnHealthy) {
    addSignalOnHealthy(userData, autoScalingGroup, role, bp, timing.healthWaitSeconds);
  }
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

/** Seconds of the creation-time health gate, derived from the grace period. */
export function rolloutTiming(bp: ServiceBlueprint): { healthWaitSeconds: number; creationTimeoutSeconds: number } {
  // An instance gets as long to answer its health check as the group would give it before
  // replacing it: the grace period plus the boot estimate. CloudFormation waits twice that.
  const healthWaitSeconds = bp.healthCheckGracePeriodSeconds + DEFAULTS.bootEstimateSeconds;
  return { healthWaitSeconds, creationTimeoutSeconds: 2 * healthWaitSeconds };
}

/**
 * Appends to the user data a wait for the app's own health check on loopback, then a signal to
 * CloudFormation (cfn-signal where installed, else the AWS CLI that Amazon Linux 2023 ships).
 */
function addSignalOnHealthy(
  userData: ec2.UserData, group: autoscaling.AutoScalingGroup, role: iam.Role, bp: ServiceBlueprint, waitSeconds: number,
): void {
  const stack = Stack.of(group);
  const logicalId = stack.getLogicalId(group.node.defaultChild as autoscaling.CfnAutoScalingGroup);
  const url = `http://127.0.0.1:${bp.appPort}${bp.healthCheck.path}`;
  // Only a shell script can take the commands (custom user data would accept them and break).
  const head = userData.render().slice(0, 40);
  if (!head.startsWith('#!')) {
    throw new ServiceValidationError(
      `userData must be a shell script (ec2.UserData.forLinux()) so instances can signal CloudFormation when healthy, received one starting '${head.split('\n')[0]}'; set signalOnHealthy: false to go without`,
    );
  }
  userData.addCommands(
    '# cdk-highly-available-service: tell CloudFormation once the app answers its health check',
    'signal_status=FAILURE',
    `signal_deadline=$((SECONDS + ${waitSeconds}))`,
    'while [ "$SECONDS" -lt "$signal_deadline" ]; do',
    `  if curl -fsS -o /dev/null --max-time 5 '${url}'; then signal_status=SUCCESS; break; fi`,
    '  sleep 5',
    'done',
    'if [ -x /opt/aws/bin/cfn-signal ]; then',
    `  /opt/aws/bin/cfn-signal --success "$([ "$signal_status" = SUCCESS ] && echo true || echo false)" --stack '${stack.stackName}' --resource '${logicalId}' --region '${stack.region}' || true`,
    'else',
    "  imds_token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)",
    '  instance_id=$(curl -fsS -H "X-aws-ec2-metadata-token: $imds_token" http://169.254.169.254/latest/meta-data/instance-id)',
    `  aws cloudformation signal-resource --region '${stack.region}' --stack-name '${stack.stackName}' --logical-resource-id '${logicalId}' --unique-id "$instance_id" --status "$signal_status" || true`,
    'fi',
  );
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['cloudformation:SignalResource'],
    resources: [stack.stackId],
  }));
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
