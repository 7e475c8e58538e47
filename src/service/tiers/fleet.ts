/**
 * Renders the fleet tier: the launch template, the Auto Scaling group, its scaling, schedules, rollout
 * and capacity assurance (aws-cdk-lib).
 */
import { Aws, CfnResource, Duration, Lazy, Stack, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { FleetAssurancePlan, WarmPoolPlan } from '../../core/capacity/assurance';
import { AccessPlan } from '../../core/tiers/access';
import { FleetPlan, LaunchHookPlan, PredictiveScalingPlan } from '../../core/tiers/fleet';
import { FLEET_TAG, environmentCommands, launchHookCommands, launchHookPermissions } from '../../core/tiers/user-data';
import { acknowledge } from '../private/acknowledge';
import { builtinAppUserData } from '../private/builtin-app';

export interface ComputeOptions {
  readonly vpc: ec2.IVpc;
  /** The fleet's slice of the plan. */
  readonly plan: FleetPlan;
  /** The security groups and rules of the plan. */
  readonly access: AccessPlan;
  /** The health-check path the built-in app answers. */
  readonly healthCheckPath: string;
  /** The service's name prefix: the fleet's tag value, unique to the service. */
  readonly fleetTag: string;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly notificationTopic: sns.ITopic;
  readonly machineImage: ec2.IMachineImage;
  readonly userData?: ec2.UserData;
  /** When each of the plan's scheduled capacities applies, in the same order. */
  readonly schedules: ScheduleSpec[];
  /** Connection settings the instances get in the service's environment file (see builtin-app.ts). */
  readonly environment?: Record<string, string>;
}

export interface ScheduleSpec {
  readonly schedule: autoscaling.Schedule;
  readonly timeZone?: string;
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
  const { vpc, plan } = options;

  const securityGroup = new ec2.SecurityGroup(scope, 'FleetSecurityGroup', {
    vpc,
    description: options.access.groupDescriptions.fleet,
    // Instances reach package mirrors, Systems Manager and the database through the NAT gateways
    // (the plan's FleetEgress; aws-cdk-lib writes it, as it writes the app port from the load
    // balancer when the group joins the target group).
    allowAllOutbound: true,
  });

  const role = new iam.Role(scope, 'InstanceRole', {
    assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
    description: 'Service instances: Session Manager access, plus what the service grants',
    managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(SSM_CORE)],
  });
  acknowledge(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${SSM_CORE}]`,
    'AmazonSSMManagedInstanceCore is the minimal policy AWS maintains for the SSM agent (Session Manager replaces SSH); copying it inline would freeze it as the agent changes.');

  const environment = options.environment ?? {};
  const userData = options.userData
    ? withContractFirst(options.userData, environment)
    : builtinAppUserData(plan.appPort, options.healthCheckPath, environment);
  const instanceTypes = plan.instanceTypes.map((t) => new ec2.InstanceType(t));
  const launchTemplate = new ec2.LaunchTemplate(scope, 'LaunchTemplate', {
    machineImage: options.machineImage,
    instanceType: instanceTypes[0],
    userData,
    role,
    securityGroup,
    requireImdsv2: true,
    httpPutResponseHopLimit: 1,
    detailedMonitoring: true,
    blockDevices: [{
      deviceName: plan.rootDeviceName,
      volume: ec2.BlockDeviceVolume.ebs(plan.rootVolumeSizeGiB, {
        encrypted: true,
        volumeType: ec2.EbsDeviceVolumeType.GP3,
        deleteOnTermination: true,
      }),
    }],
  });

  const subnets = vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
  const autoScalingGroup = new autoscaling.AutoScalingGroup(scope, 'Fleet', {
    vpc,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
    // Several types: when an AZ runs short of the first, the group launches the next there.
    ...(plan.mixedInstances
      ? {
        mixedInstancesPolicy: {
          launchTemplate,
          launchTemplateOverrides: instanceTypes.map((instanceType) => ({ instanceType })),
          instancesDistribution: {
            onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
            onDemandPercentageAboveBaseCapacity: 100,
          },
        },
      }
      : { launchTemplate }),
    minCapacity: plan.minCapacity,
    maxCapacity: plan.maxCapacity,
    healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
      additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
      gracePeriod: Duration.seconds(plan.healthCheckGracePeriodSeconds),
    }),
    defaultInstanceWarmup: Duration.seconds(plan.healthCheckGracePeriodSeconds),
    // Replacements (unhealthy instances, rebalancing) launch first and terminate after: the group
    // never drops below 100 % of its desired capacity.
    minHealthyPercentage: plan.maintenance.minHealthyPercent,
    maxHealthyPercentage: plan.maintenance.maxHealthyPercent,
    // A change of image, user data or instance type rolls out as an instance refresh in batches of
    // one AZ's share: new instances launch first (100 % stays in service), each passes the launch
    // hook, the load balancer health check and its warm-up; then the refresh pauses at a checkpoint
    // while the rollout alarms (see watchRolloutAlarms) judge the new version on its share of the
    // load, and bakes after the last. If one fires, the refresh fails and CloudFormation rolls the
    // stack back with a new refresh to the previous version.
    updatePolicy: autoscaling.UpdatePolicy.instanceRefresh({
      strategy: autoscaling.InstanceRefreshStrategy.ROLLING,
      minHealthyPercentage: plan.rollout.minHealthyPercent,
      maxHealthyPercentage: plan.rollout.maxHealthyPercent,
      instanceWarmup: Duration.seconds(plan.rollout.warmupSeconds),
      checkpointPercentages: plan.rollout.checkpointPercentages,
      checkpointDelay: Duration.seconds(plan.rollout.checkpointDelaySeconds),
      bakeTime: Duration.seconds(plan.rollout.bakeSeconds),
      skipMatching: true,
    }),
    notifications: [{ topic: options.notificationTopic, scalingEvents: autoscaling.ScalingEvents.ALL }],
    groupMetrics: [autoscaling.GroupMetrics.all()],
    cooldown: Duration.seconds(plan.cooldownSeconds),
  });
  const cfnGroup = autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  if (plan.mixedInstances) {
    acknowledge(autoScalingGroup, 'AwsSolutions-EC26',
      'cdk-nag reads the launch template from the group\'s LaunchTemplate only and fails on a MixedInstancesPolicy; the launch template\'s one volume is encrypted (the fleet tests assert it).');
  }
  // The AZs, stated beside the subnets: governance controls (CT.AUTOSCALING.PR.1) read them here.
  cfnGroup.availabilityZones = subnets.availabilityZones;
  Tags.of(autoScalingGroup).add(FLEET_TAG, options.fleetTag, { applyToLaunchedInstances: false });
  autoScalingGroup.attachToApplicationTargetGroup(options.targetGroup);
  if (plan.launchHook) {
    addLaunchHealthGate(cfnGroup, userData, role, options.fleetTag, plan.launchHook);
  }
  applyCapacityAssurance(autoScalingGroup, plan.assurance);
  autoScalingGroup.scaleOnCpuUtilization('CpuScaling', {
    targetUtilizationPercent: plan.cpuTargetUtilizationPercent,
  });
  if (plan.targetRequestsPerMinute !== undefined) {
    // Scale out when either policy asks; scale in only when both agree.
    const policy = autoScalingGroup.scaleOnRequestCount('RequestCountScaling', {
      targetRequestsPerMinute: plan.targetRequestsPerMinute,
    });
    // aws-cdk-lib makes it depend on the listener that attaches the target group, which its
    // resource label already references (cfn-lint W3005): the reference orders them.
    (policy.node.defaultChild as CfnResource).addDeletionOverride('DependsOn');
  }
  plan.scheduledCapacity.forEach((bounds, i) => {
    autoScalingGroup.scaleOnSchedule(`Scheduled${i + 1}`, {
      schedule: options.schedules[i].schedule,
      timeZone: options.schedules[i].timeZone,
      minCapacity: bounds.minCapacity,
      maxCapacity: bounds.maxCapacity,
    });
  });
  if (plan.predictiveScaling) {
    addPredictiveScaling(scope, autoScalingGroup, options.loadBalancer, options.targetGroup, plan.predictiveScaling);
  }

  return { autoScalingGroup, launchTemplate, role, securityGroup };
}

/**
 * Makes the fleet's instance refresh stop, and CloudFormation roll back, when any of these
 * alarms fires. The refresh names the service's own alarm resources: the references make them
 * exist before the group is updated (no DependsOn needed), and no other service's alarm can stand
 * in for them.
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
  group: autoscaling.CfnAutoScalingGroup, userData: ec2.UserData, role: iam.Role, fleetTag: string, hook: LaunchHookPlan,
): void {
  const stack = Stack.of(group);
  group.lifecycleHookSpecificationList = [{
    lifecycleHookName: hook.name,
    lifecycleTransition: 'autoscaling:EC2_INSTANCE_LAUNCHING',
    heartbeatTimeout: hook.heartbeatTimeoutSeconds,
    defaultResult: hook.defaultResult,
  }];
  userData.addCommands(...launchHookCommands(hook, stack.region));
  const context = { partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID };
  for (const statement of launchHookPermissions(context, fleetTag)) role.addToPrincipalPolicy(iam.PolicyStatement.fromJson(statement));
  acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]',
    'autoscaling:DescribeAutoScalingInstances supports no resource-level permission; an instance uses it to find its own group.');
  acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*]',
    'The group cannot be named here (its instances launch while it is created); the statement is limited to the group tagged with this service\'s unique value.');
}

/**
 * Predictive scaling has no L2 in aws-cdk-lib: the policy is written with the CloudFormation
 * properties. It forecasts the load balancer's requests per target (with a demand plan) or the
 * fleet's CPU, and launches ahead of the forecast.
 */
function addPredictiveScaling(
  scope: Construct,
  group: autoscaling.AutoScalingGroup,
  loadBalancer: elbv2.ApplicationLoadBalancer,
  targetGroup: elbv2.ApplicationTargetGroup,
  spec: PredictiveScalingPlan,
): autoscaling.CfnScalingPolicy {
  return new autoscaling.CfnScalingPolicy(scope, 'PredictiveScaling', {
    autoScalingGroupName: group.autoScalingGroupName,
    policyType: 'PredictiveScaling',
    predictiveScalingConfiguration: {
      mode: spec.mode,
      metricSpecifications: [{
        targetValue: spec.targetValue,
        predefinedMetricPairSpecification: {
          predefinedMetricType: spec.metric,
          resourceLabel: spec.metric === 'ALBRequestCount' ? `${loadBalancer.loadBalancerFullName}/${targetGroup.targetGroupFullName}` : undefined,
        },
      }],
      // Launch ahead of the forecast by the time an instance needs to boot and pass its checks.
      schedulingBufferTime: spec.schedulingBufferSeconds,
    },
  });
}

const POOL_STATES: Record<WarmPoolPlan['poolState'], autoscaling.PoolState> = { Stopped: autoscaling.PoolState.STOPPED };

/**
 * What the fleet can count on when an AZ fails, as planned: the AZ distribution strategy, the
 * capacity reservations it launches into first, the warm pool and the group's deletion protection.
 */
function applyCapacityAssurance(group: autoscaling.AutoScalingGroup, plan: FleetAssurancePlan): void {
  const cfnGroup = group.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  cfnGroup.availabilityZoneDistribution = { capacityDistributionStrategy: plan.capacityDistribution.strategy };
  // Left to the group's release when the plan says so: set in the template, it would stop the rollback of the group's own failed create.
  cfnGroup.deletionProtection = plan.deletionProtectionSetBy === 'release' ? undefined : plan.deletionProtection;
  const reservation = plan.capacityReservation;
  if (reservation) {
    cfnGroup.capacityReservationSpecification = {
      capacityReservationPreference: reservation.preference,
      capacityReservationTarget: reservation.resourceGroupArn !== undefined
        ? { capacityReservationResourceGroupArns: [reservation.resourceGroupArn] }
        : undefined,
    };
  }
  const warm = plan.warmPool;
  if (warm) {
    group.addWarmPool({
      minSize: warm.minSize,
      maxGroupPreparedCapacity: warm.maxGroupPreparedCapacity,
      reuseOnScaleIn: warm.reuseOnScaleIn,
      poolState: POOL_STATES[warm.poolState],
    });
  }
}

/**
 * The user's user data with the service's settings written first (see the core's
 * `withEnvironmentFirst`): a new script with the user's `#!` line, the settings, then the user's
 * own commands as they render at synth (commands added to it later are included). User data that is
 * not a shell script is used as it is.
 */
function withContractFirst(own: ec2.UserData, environment: Record<string, string>): ec2.UserData {
  const rendered = own.render();
  if (!rendered.startsWith('#!')) return own;
  const script = ec2.UserData.forLinux({ shebang: rendered.split('\n')[0] });
  script.addCommands(...environmentCommands(environment));
  script.addCommands(Lazy.string({ produce: () => own.render().split('\n').slice(1).join('\n') }));
  return script;
}
