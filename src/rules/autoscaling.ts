import { ResilienceRule, RuleLevel } from './rule';
import { CfnResourceJson, TemplateIndex, num } from './template';

const ASG = 'AWS::AutoScaling::AutoScalingGroup';

/** The AZs a group spans: its AvailabilityZones, else those of its subnets (undefined when unknown). */
function groupAzs(group: CfnResourceJson, t: TemplateIndex): number | undefined {
  const p = group.Properties ?? {};
  if (Array.isArray(p.AvailabilityZones) && p.AvailabilityZones.length > 0) {
    return new Set(p.AvailabilityZones.map((a: unknown) => JSON.stringify(a))).size;
  }
  return t.subnetAzs(p.VPCZoneIdentifier)?.size;
}

const behindLoadBalancer = (group: CfnResourceJson) =>
  (group.Properties?.TargetGroupARNs?.length ?? 0) > 0 || (group.Properties?.LoadBalancerNames?.length ?? 0) > 0;


export const ASG_SINGLE_AZ: ResilienceRule = {
  id: 'HA-ASG1',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group in fewer than 2 Availability Zones',
  why: 'Losing that one AZ takes the whole fleet with it.',
  fix: 'Give the group subnets (VPCZoneIdentifier) in at least 2 AZs, 3 for the best capacity after a loss.',
  resourceTypes: [ASG],
  check: (r, _id, t) => {
    const azs = groupAzs(r, t);
    return azs !== undefined && azs < 2 ? `the group spans ${azs} AZ` : undefined;
  },
};

export const ASG_TWO_AZS: ResilienceRule = {
  id: 'HA-ASG2',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group in only 2 Availability Zones',
  why: 'After losing one of 2 AZs, half the fleet is gone; surviving it needs twice the capacity a single AZ would (1.5x with 3 AZs).',
  fix: 'Spread the group over 3 AZs.',
  resourceTypes: [ASG],
  check: (r, _id, t) => (groupAzs(r, t) === 2 ? 'the group spans 2 AZs' : undefined),
};

export const ASG_MIN_BELOW_AZS: ResilienceRule = {
  id: 'HA-ASG3',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group minimum below one instance per Availability Zone',
  why: 'An AZ without an instance adds nothing; with fewer instances than AZs, one loss can leave too few to serve.',
  fix: 'Set MinSize to at least the number of AZs (a multiple of it keeps every AZ loss equal).',
  resourceTypes: [ASG],
  check: (r, _id, t) => {
    const azs = groupAzs(r, t);
    const min = num(r.Properties?.MinSize);
    return azs !== undefined && min !== undefined && min < azs ? `MinSize ${min} over ${azs} AZs` : undefined;
  },
};

export const ASG_NO_ELB_HEALTH_CHECK: ResilienceRule = {
  id: 'HA-ASG4',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group behind a load balancer without ELB health checks',
  why: 'An instance whose app is dead but whose EC2 checks pass is never replaced; the load balancer just stops sending to it.',
  fix: "Set HealthCheckType to 'ELB'.",
  resourceTypes: [ASG],
  check: (r) => (behindLoadBalancer(r) && r.Properties?.HealthCheckType !== 'ELB' ? `HealthCheckType is ${r.Properties?.HealthCheckType ?? 'EC2 (default)'}` : undefined),
};

export const ASG_NO_GRACE_PERIOD: ResilienceRule = {
  id: 'HA-ASG5',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group behind a load balancer without a health-check grace period',
  why: 'New instances are judged before they have booted and are replaced in a loop, so the fleet never recovers.',
  fix: 'Set HealthCheckGracePeriod to the time an instance needs to boot and pass its first check.',
  resourceTypes: [ASG],
  check: (r) => {
    const grace = num(r.Properties?.HealthCheckGracePeriod);
    return behindLoadBalancer(r) && r.Properties?.HealthCheckType === 'ELB' && !grace ? 'no HealthCheckGracePeriod' : undefined;
  },
};

export const ASG_LAUNCH_CONFIGURATION: ResilienceRule = {
  id: 'HA-ASG6',
  level: RuleLevel.ERROR,
  title: 'Auto Scaling group with a launch configuration',
  why: 'Launch configurations are closed to new accounts and take neither several instance types nor new instance families.',
  fix: 'Use a launch template (LaunchTemplate or MixedInstancesPolicy).',
  resourceTypes: [ASG],
  check: (r) => (r.Properties?.LaunchConfigurationName !== undefined ? 'LaunchConfigurationName is set' : undefined),
};

export const ASG_UNSAFE_REPLACEMENT: ResilienceRule = {
  id: 'HA-ASG7',
  level: RuleLevel.WARNING,
  title: 'Auto Scaling group update or maintenance policy that can drop below the healthy minimum',
  why: 'A deployment or a replacement that terminates before it launches leaves the fleet short exactly while it changes.',
  fix: 'Keep 100 % healthy: instance refresh MinHealthyPercentage 100 (MaxHealthyPercentage above 100), InstanceMaintenancePolicy MinHealthyPercentage 100, or a rolling update with MinInstancesInService at MinSize.',
  resourceTypes: [ASG],
  check: (r) => {
    const problems: string[] = [];
    const min = num(r.Properties?.MinSize) ?? 0;
    const rolling = r.UpdatePolicy?.AutoScalingRollingUpdate;
    if (rolling && (num(rolling.MinInstancesInService) ?? 0) < min) problems.push(`rolling update keeps ${num(rolling.MinInstancesInService) ?? 0} of ${min} in service`);
    const refresh = r.UpdatePolicy?.AutoScalingInstanceRefresh;
    if (refresh && (num(refresh.Preferences?.MinHealthyPercentage) ?? 90) < 100) {
      problems.push(`instance refresh keeps ${num(refresh.Preferences?.MinHealthyPercentage) ?? 90} % healthy`);
    }
    const maintenance = num(r.Properties?.InstanceMaintenancePolicy?.MinHealthyPercentage);
    if (maintenance !== undefined && maintenance < 100) problems.push(`instance maintenance keeps ${maintenance} % healthy`);
    return problems.length ? problems.join('; ') : undefined;
  },
};
