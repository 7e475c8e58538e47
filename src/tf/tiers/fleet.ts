/**
 * Renders the fleet tier as Terraform resources (launch template, aws_autoscaling_group, scaling,
 * schedules, rollout, capacity assurance).
 */
import { Construct } from 'constructs';
import { NamePrefixesPlan } from '../../core/base/naming';
import { FleetAssurancePlan } from '../../core/capacity/assurance';
import { AccessPlan, accessRule } from '../../core/tiers/access';
import { FleetPlan } from '../../core/tiers/fleet';
import { PolicyStatementJson } from '../../core/tiers/keys';
import { FLEET_TAG, builtinAppCommands, launchHookCommands, launchHookPermissions, withEnvironmentFirst } from '../../core/tiers/user-data';
import { TfContext, policyDocument } from '../context';
import { Fn, TerraformResource, Token } from '../private/cdktf';
import { AwsResource, AutoScalingGroupArgs, aws } from '../private/resource';

export interface TfComputeContext extends TfContext {
  readonly vpcId: string;
  /** The private subnets, one per AZ of the service. */
  readonly privateSubnetIds: string[];
  readonly loadBalancerSecurityGroupId: string;
  readonly targetGroupArn: string;
  /** `app/<name>/<id>` and `targetgroup/<name>/<id>`: the resource label of request-count metrics. */
  readonly loadBalancerArnSuffix: string;
  readonly targetGroupArnSuffix: string;
  readonly healthCheckPath: string;
  /** The user's AMI id; else the image of {@link imageParameter}, else the plan's default image. */
  readonly imageId?: string;
  /** An SSM parameter holding the AMI id. */
  readonly imageParameter?: string;
  /** The user's shell script, instead of the built-in app. */
  readonly userData?: string;
  /** Settings written to the instances' environment file. */
  readonly environment: Record<string, string>;
  /** When each of the plan's scheduled capacities applies (cron), in the same order. */
  readonly schedules: Array<{ readonly recurrence: string; readonly timeZone?: string }>;
  /** Names of the alarms that stop an instance refresh. */
  readonly rolloutAlarmNames: string[];
  /**
   * The listeners that forward to the target group: the group waits for them, since it waits for
   * its minimum to be healthy behind the load balancer, which checks no target before a listener
   * forwards to it (an HTTPS listener waits for its certificate's validation).
   */
  readonly forwardListeners: TerraformResource[];
  /** The fleet's security group (see {@link renderFleetSecurityGroup}). */
  readonly securityGroupId: string;
}

export interface TfCompute {
  readonly autoScalingGroup: AwsResource<object>;
  readonly launchTemplate: AwsResource<object>;
  /** The instances' role: the tiers the instances use grant on it (see {@link grantInstances}). */
  readonly role: AwsResource<object>;
}

/** Every group metric, at one-minute granularity (CloudFormation's MetricsCollection without a list). */
const GROUP_METRICS = [
  'GroupMinSize', 'GroupMaxSize', 'GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupPendingInstances', 'GroupStandbyInstances',
  'GroupTerminatingInstances', 'GroupTotalInstances', 'GroupInServiceCapacity', 'GroupPendingCapacity', 'GroupStandbyCapacity',
  'GroupTerminatingCapacity', 'GroupTotalCapacity',
];
/** What the group tells the alarm topic: every launch and termination, and their failures. */
export const FLEET_NOTIFICATIONS = [
  'autoscaling:EC2_INSTANCE_LAUNCH', 'autoscaling:EC2_INSTANCE_LAUNCH_ERROR', 'autoscaling:EC2_INSTANCE_TERMINATE', 'autoscaling:EC2_INSTANCE_TERMINATE_ERROR',
];
const SSM_CORE = 'AmazonSSMManagedInstanceCore';

/**
 * The fleet's security group, before the fleet: the tiers it reaches (database, cache, proxy)
 * let it in, and their settings go into the fleet's user data. The app port is open to the load
 * balancer only; Terraform removes a new group's default egress, so the load balancer reaches the
 * fleet only, and the fleet reaches package mirrors, Systems Manager and the database through the
 * NAT gateways.
 */
export function renderFleetSecurityGroup(
  scope: Construct, plan: FleetPlan,
  c: { readonly namePrefixes: NamePrefixesPlan; readonly access: AccessPlan; readonly vpcId: string; readonly loadBalancerSecurityGroupId: string },
): AwsResource<object> {
  const securityGroup = aws.securityGroup(scope, 'FleetSecurityGroup', {
    vpc_id: c.vpcId, description: c.access.groupDescriptions.fleet!, name_prefix: c.namePrefixes.fleetSecurityGroup,
  });
  const fleetSg = securityGroup.attr('id');
  aws.ingressRule(scope, 'FleetIngressFromLoadBalancer', {
    security_group_id: fleetSg,
    ip_protocol: 'tcp',
    from_port: plan.appPort,
    to_port: plan.appPort,
    referenced_security_group_id: c.loadBalancerSecurityGroupId,
    description: accessRule(c.access, 'FleetIngressFromLoadBalancer').description,
  });
  aws.egressRule(scope, 'LoadBalancerEgressToFleet', {
    security_group_id: c.loadBalancerSecurityGroupId,
    ip_protocol: 'tcp',
    from_port: plan.appPort,
    to_port: plan.appPort,
    referenced_security_group_id: fleetSg,
    description: accessRule(c.access, 'LoadBalancerEgressToFleet').description,
  });
  const egress = accessRule(c.access, 'FleetEgress');
  aws.egressRule(scope, 'FleetEgress', {
    security_group_id: fleetSg, ip_protocol: '-1', cidr_ipv4: 'cidr' in egress.peer ? egress.peer.cidr : '0.0.0.0/0', description: egress.description,
  });
  return securityGroup;
}

/**
 * A script as the base64 the launch template wants. Without references it is encoded here, byte
 * for byte. With references (values known at apply), Terraform encodes it: each literal piece is
 * an HCL string (quotes, backslashes, `${` and `%{` escaped), joined with the references.
 */
function base64(script: string): string {
  if (!Token.isUnresolved(script)) return Buffer.from(script, 'utf8').toString('base64');
  const pieces = script.split(/(\$\{TfToken\[[^\]]+\]\})/).filter((piece) => piece !== '');
  return Fn.base64encode(Fn.join('', pieces.map((piece) => (Token.isUnresolved(piece)
    ? piece
    : Fn.rawString(piece.replace(/\\/g, '\\\\').replace(/%\{/g, '%%{'))))));
}

/** What the instances may do beyond Session Manager and the launch hook: the tiers' grants, in one policy. */
export function grantInstances(scope: Construct, role: AwsResource<object>, statements: PolicyStatementJson[]): void {
  if (statements.length === 0) return;
  aws.iamRolePolicy(scope, 'InstanceAccess', { role: role.attr('id'), policy: policyDocument(statements) });
}

/**
 * The fleet of the plan in Terraform, as the CloudFormation flavor has it: a launch template
 * (IMDSv2, encrypted gp3 root volume, detailed monitoring, Session Manager instead of SSH, the
 * built-in app or the user's script with the service's settings and the launch health gate), the
 * group over the private subnet of every AZ with load balancer health checks and the planned
 * rollout, and its scaling. Creating the group waits until its minimum is healthy behind the load
 * balancer (`min_elb_capacity`), which plays the part of CloudFormation's creation wait.
 */
export function renderCompute(scope: Construct, plan: FleetPlan, c: TfComputeContext): TfCompute {
  const fleetSg = c.securityGroupId;
  const role = aws.iamRole(scope, 'InstanceRole', {
    name_prefix: c.namePrefixes.instanceRole,
    description: 'Service instances: Session Manager access, plus what the service grants',
    assume_role_policy: policyDocument([{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }]),
  });
  aws.iamRolePolicyAttachment(scope, 'InstanceRoleSsm', { role: role.attr('name'), policy_arn: `arn:${c.partition}:iam::aws:policy/${SSM_CORE}` });
  if (plan.launchHook) {
    aws.iamRolePolicy(scope, 'InstanceLaunchHookPolicy', { role: role.attr('id'), policy: policyDocument(launchHookPermissions(c, c.namePrefix)) });
  }
  const profile = aws.instanceProfile(scope, 'InstanceProfile', { name_prefix: c.namePrefixes.instanceProfile, role: role.attr('name') });

  const script = [
    // The user's script gets the service's settings first, so whatever it starts finds them.
    ...(c.userData !== undefined ? withEnvironmentFirst(c.userData, c.environment) : ['#!/bin/bash', ...builtinAppCommands(plan.appPort, c.healthCheckPath, c.environment)]),
    ...(plan.launchHook ? launchHookCommands(plan.launchHook, c.regionName) : []),
  ].join('\n');
  const imageId = c.imageId ?? machineImage(scope, c.imageParameter ?? plan.imageParameter, plan.imagePinned);
  const launchTemplate = aws.launchTemplate(scope, 'LaunchTemplate', {
    name_prefix: c.namePrefixes.launchTemplate,
    description: 'Service instances',
    image_id: imageId,
    instance_type: plan.instanceTypes[0],
    user_data: base64(script),
    vpc_security_group_ids: [fleetSg],
    iam_instance_profile: { arn: profile.attr('arn') },
    metadata_options: { http_endpoint: 'enabled', http_tokens: 'required', http_put_response_hop_limit: 1 },
    monitoring: { enabled: true },
    block_device_mappings: [{
      device_name: plan.rootDeviceName,
      ebs: { volume_size: plan.rootVolumeSizeGiB, volume_type: 'gp3', encrypted: 'true', delete_on_termination: 'true' },
    }],
    update_default_version: true,
  });
  // The group follows the template's latest version: a change of image, script or type rolls out.
  const version = launchTemplate.attr('latest_version');
  const template: Partial<AutoScalingGroupArgs> = plan.mixedInstances
    ? {
      // Several types: when an AZ runs short of the first, the group launches the next there.
      mixed_instances_policy: {
        launch_template: {
          launch_template_specification: { launch_template_id: launchTemplate.attr('id'), version },
          override: plan.instanceTypes.map((t) => ({ instance_type: t })),
        },
        instances_distribution: { on_demand_allocation_strategy: 'prioritized', on_demand_percentage_above_base_capacity: 100 },
      },
    }
    : { launch_template: { id: launchTemplate.attr('id'), version } };
  const hook = plan.launchHook;
  const hookArgs = hook && {
    name: hook.name, lifecycle_transition: 'autoscaling:EC2_INSTANCE_LAUNCHING', heartbeat_timeout: hook.heartbeatTimeoutSeconds, default_result: hook.defaultResult,
  };
  const group = aws.autoScalingGroup(scope, 'Fleet', {
    name_prefix: c.namePrefixes.fleet,
    vpc_zone_identifier: c.privateSubnetIds,
    min_size: plan.minCapacity,
    max_size: plan.maxCapacity,
    ...template,
    health_check_type: 'ELB',
    health_check_grace_period: plan.healthCheckGracePeriodSeconds,
    default_instance_warmup: plan.healthCheckGracePeriodSeconds,
    default_cooldown: plan.cooldownSeconds,
    target_group_arns: [c.targetGroupArn],
    enabled_metrics: GROUP_METRICS,
    metrics_granularity: '1Minute',
    // Replacements launch first and terminate after: never below 100 % of the desired capacity.
    instance_maintenance_policy: {
      min_healthy_percentage: plan.maintenance.minHealthyPercent, max_healthy_percentage: plan.maintenance.maxHealthyPercent,
    },
    // The hook exists before the group's first launch (the provider creates the group empty, adds
    // the hook, then sets the sizes). This block forces a new group when it changes: it is ignored
    // after creation, and the hook's own resource below changes the hook in place.
    initial_lifecycle_hook: hookArgs && [hookArgs],
    // A new template version rolls out in batches of one AZ's share: new instances first, each
    // through the hook, the health check and its warm-up, then a pause at each checkpoint while the
    // rollout alarms judge the new version on its share (the pause at 100 is the bake: the provider
    // has no bake_time); a rollout alarm stops the refresh where it is. No auto_rollback: the
    // provider saves the new version on the group before it starts the refresh, so a rollback
    // would "restore" the new version, replacing instances with the same failing ones
    // (hashicorp/terraform-provider-aws#34189). Reverting the configuration rolls the fleet back.
    instance_refresh: {
      strategy: 'Rolling',
      preferences: {
        min_healthy_percentage: plan.rollout.minHealthyPercent,
        max_healthy_percentage: plan.rollout.maxHealthyPercent,
        instance_warmup: String(plan.rollout.warmupSeconds),
        skip_matching: true,
        checkpoint_percentages: plan.rollout.checkpointPercentages,
        checkpoint_delay: String(plan.rollout.checkpointDelaySeconds),
        alarm_specification: c.rolloutAlarmNames.length > 0 ? { alarms: c.rolloutAlarmNames } : undefined,
      },
    },
    wait_for_capacity_timeout: `${plan.capacityWaitSeconds}s`,
    min_elb_capacity: plan.minCapacity,
    tag: [{ key: FLEET_TAG, value: c.namePrefix, propagate_at_launch: false }],
    ...capacityAssurance(plan.assurance),
  }, c.forwardListeners);
  // With scheduled peaks, the scheduled actions own the bounds once the group exists: an apply
  // that set them back at a peak would terminate serving instances and then wait for exactly the
  // old count until it fails.
  group.lifecycle = {
    ignoreChanges: [...(hook ? ['initial_lifecycle_hook'] : []), ...(plan.boundsFollowSchedules ? ['min_size', 'max_size'] : [])],
  };
  const groupName = group.attr('name');
  if (hookArgs) aws.lifecycleHook(scope, 'LaunchHook', { autoscaling_group_name: groupName, ...hookArgs });

  aws.autoScalingPolicy(scope, 'CpuScaling', {
    name: 'CpuScaling',
    autoscaling_group_name: groupName,
    policy_type: 'TargetTrackingScaling',
    target_tracking_configuration: {
      predefined_metric_specification: { predefined_metric_type: 'ASGAverageCPUUtilization' }, target_value: plan.cpuTargetUtilizationPercent,
    },
  });
  const requestLabel = `${c.loadBalancerArnSuffix}/${c.targetGroupArnSuffix}`;
  if (plan.targetRequestsPerMinute !== undefined) {
    // Scale out when either policy asks; scale in only when both agree.
    aws.autoScalingPolicy(scope, 'RequestCountScaling', {
      name: 'RequestCountScaling',
      autoscaling_group_name: groupName,
      policy_type: 'TargetTrackingScaling',
      target_tracking_configuration: {
        predefined_metric_specification: { predefined_metric_type: 'ALBRequestCountPerTarget', resource_label: requestLabel },
        target_value: plan.targetRequestsPerMinute,
      },
    });
  }
  plan.scheduledCapacity.forEach((bounds, i) => {
    const schedule = c.schedules[i];
    aws.autoScalingSchedule(scope, `Scheduled${i + 1}`, {
      scheduled_action_name: `Scheduled${i + 1}`,
      autoscaling_group_name: groupName,
      recurrence: schedule.recurrence,
      time_zone: schedule.timeZone,
      min_size: bounds.minCapacity,
      max_size: bounds.maxCapacity,
      desired_capacity: -1,
    });
  });
  const predictive = plan.predictiveScaling;
  if (predictive) {
    aws.autoScalingPolicy(scope, 'PredictiveScaling', {
      name: 'PredictiveScaling',
      autoscaling_group_name: groupName,
      policy_type: 'PredictiveScaling',
      predictive_scaling_configuration: {
        mode: predictive.mode,
        scheduling_buffer_time: String(predictive.schedulingBufferSeconds),
        metric_specification: {
          target_value: predictive.targetValue,
          predefined_metric_pair_specification: {
            predefined_metric_type: predictive.metric,
            resource_label: predictive.metric === 'ALBRequestCount' ? requestLabel : undefined,
          },
        },
      },
    });
  }
  return { autoScalingGroup: group, launchTemplate, role };
}

/**
 * What the fleet can count on when an AZ fails, as planned: the AZ distribution strategy, the
 * capacity reservations it launches into first and the warm pool. (The group's deletion
 * protection has no argument in hashicorp/aws 6.25: the plan knows it is not set.)
 */
function capacityAssurance(plan: FleetAssurancePlan): Partial<AutoScalingGroupArgs> {
  const reservation = plan.capacityReservation;
  const warm = plan.warmPool;
  return {
    availability_zone_distribution: { capacity_distribution_strategy: plan.capacityDistribution.strategy },
    capacity_reservation_specification: reservation && {
      capacity_reservation_preference: reservation.preference,
      capacity_reservation_target: reservation.resourceGroupArn !== undefined
        ? { capacity_reservation_resource_group_arns: [reservation.resourceGroupArn] }
        : undefined,
    },
    warm_pool: warm && {
      pool_state: warm.poolState,
      min_size: warm.minSize,
      max_group_prepared_capacity: warm.maxGroupPreparedCapacity,
      instance_reuse_policy: { reuse_on_scale_in: warm.reuseOnScaleIn },
    },
  };
}

/**
 * The AMI id from its SSM parameter. The data source is read at every plan; pinned, its first value is
 * kept in a terraform_data resource whose input ignores later changes, so a new AMI published by AWS
 * rolls nothing until `terraform apply -replace=<that resource>` (README, "Rolling a new machine image").
 */
function machineImage(scope: Construct, parameter: string, pinned: boolean): string {
  const value = aws.ssmParameter(scope, 'MachineImage', { name: parameter }).attr('insecure_value');
  if (!pinned) return value;
  const pin = new AwsResource<{ input: string }>(scope, 'MachineImagePin', 'terraform_data', { input: value });
  pin.lifecycle = { ignoreChanges: ['input'] };
  return pin.attr('output');
}
