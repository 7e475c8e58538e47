import { Aws, Duration, Stack, Tags } from 'aws-cdk-lib';
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

export interface ComputeOptions {
  readonly vpc: ec2.IVpc;
  readonly blueprint: ServiceBlueprint;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly notificationTopic: sns.ITopic;
  /** Instance types, first preferred. */
  readonly instanceTypes: ec2.InstanceType[];
  readonly machineImage: ec2.IMachineImage;
  readonly userData?: ec2.UserData;
  /** When each of the blueprint's scheduled capacities applies, in the same order. */
  readonly schedules: ScheduleSpec[];
  /** Predictive scaling, when enabled. */
  readonly predictiveScaling?: PredictiveScalingSpec;
  /** Whether a new instance enters service only once its app answers its health check. */
  readonly signalOnHealthy: boolean;
  /** A value unique to this service, tagged on the group so its instances may act on it alone. */
  readonly fleetTag: string;
}

export interface ScheduleSpec {
  readonly schedule: autoscaling.Schedule;
  readonly timeZone?: string;
}

export interface PredictiveScalingSpec {
  /** ForecastOnly or ForecastAndScale. */
  readonly mode: string;
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
  const [firstType, ...otherTypes] = options.instanceTypes;
  const launchTemplate = new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    machineImage: options.machineImage,
    instanceType: firstType,
    userData,
    role,
    securityGroup,
    requireImdsv2: true,
    httpPutResponseHopLimit: 1,
    detailedMonitoring: true,
    blockDevices: [{
      deviceName: bp.rootDeviceName,
      volume: ec2.BlockDeviceVolume.ebs(bp.rootVolumeSizeGiB, {
        encrypted: true,
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        deleteOnTermination: true,
      }),
    }],
  });

  const timing = rolloutTiming(bp);
  const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  const autoScalingGroup = new autoscaling.AutoScalingGroup(scope, 'Fleet', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    // Several types: when an AZ runs short of the first, the group launches the next there.
    ...(otherTypes.length > 0
      ? {
        mixedInstancesPolicy: {
          launchTemplate,
          launchTemplateOverrides: options.instanceTypes.map((instanceType) => ({ instanceType })),
          instancesDistribution: {
            onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
            onDemandPercentageAboveBaseCapacity: 100,
          },
        },
      }
      : { launchTemplate }),
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
    // instances launch first (100 % of the group stays healthy), each must pass the launch hook,
    // the load balancer health check and its warm-up before the next; if a rollout alarm fires
    // (see watchRolloutAlarms), the refresh fails and CloudFormation rolls the stack back.
    updatePolicy: autoscaling.UpdatePolicy.instanceRefresh({
      strategy: autoscaling.InstanceRefreshStrategy.ROLLING,
      minHealthyPercentage: 100,
      maxHealthyPercentage: 200,
      instanceWarmup: Duration.seconds(bp.healthCheckGracePeriodSeconds),
      skipMatching: true,
    }),
    notifications: [{ topic: options.notificationTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
    groupMetrics: [autoscaling.GroupMetrics.all()],
    cooldown: Duration.seconds(DEFAULTS.scalingCooldownSeconds),
  });
  const cfnGroup = autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  if (otherTypes.length > 0) {
    acknowledge(autoScalingGroup, 'AwsSolutions-EC26',
      'cdk-nag reads the launch template from the group\'s LaunchTemplate only and fails on a MixedInstancesPolicy; the launch template\'s one volume is encrypted (the fleet tests assert it).');
  }
  // The AZs, stated beside the subnets: governance controls (CT.AUTOSCALING.PR.1) read them here.
  cfnGroup.availabilityZones = subnets.availabilityZones;
  Tags.of(autoScalingGroup).add(FLEET_TAG, options.fleetTag, { applyToLaunchedInstances: false });
  autoScalingGroup.attachToApplicationTargetGroup(options.targetGroup);
  if (options.signalOnHealthy) {
    addLaunchHealthGate(cfnGroup, userData, role, options.fleetTag, bp, timing.healthWaitSeconds);
  }
  autoScalingGroup.scaleOnCpuUtilization('CpuScaling', {
    targetUtilizationPercent: bp.cpuTargetUtilizationPercent,
  });
  if (bp.targetRequestsPerMinute !== undefined) {
    // Scale out when either policy asks; scale in only when both agree.
    autoScalingGroup.scaleOnRequestCount('RequestCountScaling', {
      targetRequestsPerMinute: bp.targetRequestsPerMinute,
    });
  }
  bp.scheduledCapacity.forEach((bounds, i) => {
    autoScalingGroup.scaleOnSchedule(`Scheduled${i + 1}`, {
      schedule: options.schedules[i].schedule,
      timeZone: options.schedules[i].timeZone,
      minCapacity: bounds.minCapacity,
      maxCapacity: bounds.maxCapacity,
    });
  });
  if (options.predictiveScaling) {
    addPredictiveScaling(scope, autoScalingGroup, options.targetGroup, bp, options.predictiveScaling);
  }

  return { autoScalingGroup, launchTemplate, role, securityGroup };
}

/**
 * Makes the fleet's instance refresh stop, and CloudFormation roll back, when any of these
 * alarms fires. The refresh names the service's own alarm resources, so they exist before the
 * group is updated and no other service's alarm can stand in for them.
 */
export function watchRolloutAlarms(group: autoscaling.AutoScalingGroup, alarms: cloudwatch.IAlarm[]): void {
  if (alarms.length === 0) return;
  const cfnGroup = group.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const refresh = cfnGroup.cfnOptions.updatePolicy?.autoScalingInstanceRefresh;
  if (!refresh) throw new Error('the fleet has no instance refresh policy to watch alarms');
  cfnGroup.cfnOptions.updatePolicy = {
    ...cfnGroup.cfnOptions.updatePolicy,
    autoScalingInstanceRefresh: {
      ...refresh,
      preferences: { ...refresh.preferences, alarmSpecification: { alarms: alarms.map((a) => a.alarmName) } },
    },
  };
  for (const alarm of alarms) group.node.addDependency(alarm);
}

/** Tag on the group whose value is unique to the service; the instances' permission to report health is scoped by it. */
const FLEET_TAG = 'cdk-highly-available-service:fleet';
/** The launch lifecycle hook that holds a new instance until its app is healthy. */
export const LAUNCH_HOOK_NAME = 'app-healthy';

/** Seconds of the launch health gate, derived from the grace period. */
export function rolloutTiming(bp: ServiceBlueprint): { healthWaitSeconds: number } {
  // An instance gets as long to answer its health check as the group would give it before
  // replacing it: the grace period plus the boot estimate.
  return { healthWaitSeconds: bp.healthCheckGracePeriodSeconds + DEFAULTS.bootEstimateSeconds };
}

/**
 * Holds every new instance in Pending:Wait until its app answers its health check on loopback.
 *
 * The hook is declared inside the group, so it applies to the first instances too: CloudFormation
 * marks the group created only once its desired capacity is in service, that is healthy. An
 * instance refresh, a replacement or a scale-out waits for the hook the same way (instance refresh
 * does not read cfn-signal, so signals are not used). An instance that does not report in time is
 * abandoned: terminated and replaced.
 */
function addLaunchHealthGate(
  group: autoscaling.CfnAutoScalingGroup, userData: ec2.UserData, role: iam.Role, fleetTag: string, bp: ServiceBlueprint, waitSeconds: number,
): void {
  const stack = Stack.of(group);
  group.lifecycleHookSpecificationList = [{
    lifecycleHookName: LAUNCH_HOOK_NAME,
    lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    heartbeatTimeout: waitSeconds + HOOK_SLACK_SECONDS,
    defaultResult: 'ABANDON',
  }];
  const url = `http://127.0.0.1:${bp.appPort}${bp.healthCheck.path}`;
  userData.addCommands(
    '# cdk-highly-available-service: enter service once the app answers its health check',
    'hook_result=ABANDON',
    `hook_deadline=$((SECONDS + ${waitSeconds}))`,
    'while [ "$SECONDS" -lt "$hook_deadline" ]; do',
    `  if curl -fsS -o /dev/null --max-time 5 ${shellQuote(url)}; then hook_result=CONTINUE; break; fi`,
    '  sleep 5',
    'done',
    "imds_token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)",
    'instance_id=$(curl -fsS -H "X-aws-ec2-metadata-token: $imds_token" http://169.254.169.254/latest/meta-data/instance-id)',
    `hook_region=${shellQuote(stack.region)}`,
    'hook_group=$(aws autoscaling describe-auto-scaling-instances --region "$hook_region" --instance-ids "$instance_id" --query \'AutoScalingInstances[0].AutoScalingGroupName\' --output text)',
    `aws autoscaling complete-lifecycle-action --region "$hook_region" --auto-scaling-group-name "$hook_group" --lifecycle-hook-name ${shellQuote(LAUNCH_HOOK_NAME)} --instance-id "$instance_id" --lifecycle-action-result "$hook_result" || true`,
  );
  // The group's name is only known after it is created, and the instances launch while it is
  // being created: the permission names the group by its tag instead.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['autoscaling:CompleteLifecycleAction'],
    resources: [`arn:${Aws.PARTITION}:autoscaling:${Aws.REGION}:${Aws.ACCOUNT_ID}:autoScalingGroup:*:autoScalingGroupName/*`],
    conditions: { StringEquals: { [`autoscaling:ResourceTag/${FLEET_TAG}`]: fleetTag } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['autoscaling:DescribeAutoScalingInstances'],
    resources: ['*'],
  }));
  acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
    'autoscaling:DescribeAutoScalingInstances supports no resource-level permission; an instance uses it to find its own group.');
  acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*]',
    'The group cannot be named here (its instances launch while it is created); the statement is limited to the group tagged with this service\'s unique value.');
}

/** Seconds the hook waits beyond the script's own deadline, for the report itself to arrive. */
const HOOK_SLACK_SECONDS = 60;

/** A string as one single-quoted shell word: nothing in it is expanded or ends the word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
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
  bp: ServiceBlueprint,
  spec: PredictiveScalingSpec,
): autoscaling.CfnScalingPolicy {
  const metric: autoscaling.CfnScalingPolicy.PredictiveScalingMetricSpecificationProperty = bp.targetRequestsPerMinute !== undefined
    ? {
      targetValue: bp.targetRequestsPerMinute,
      predefinedMetricPairSpecification: {
        predefinedMetricType: 'ALBRequestCount',
        resourceLabel: `${spec.loadBalancer.loadBalancerFullName}/${targetGroup.targetGroupFullName}`,
      },
    }
    : {
      targetValue: bp.cpuTargetUtilizationPercent,
      predefinedMetricPairSpecification: { predefinedMetricType: 'ASGCPUUtilization' },
    };
  return new autoscaling.CfnScalingPolicy(scope, 'PredictiveScaling', {
    autoScalingGroupName: group.autoScalingGroupName,
    policyType: 'PredictiveScaling',
    predictiveScalingConfiguration: {
      mode: spec.mode,
      metricSpecifications: [metric],
      // Launch ahead of the forecast by the time an instance needs to boot and pass its checks.
      schedulingBufferTime: DEFAULTS.predictiveSchedulingBufferSeconds,
    },
  });
}
