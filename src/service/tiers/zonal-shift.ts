/**
 * Renders the zonal shift tier's load balancer and group settings (aws-cdk-lib).
 */
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ZonalShiftPlan } from '../../core/tiers/zonal-shift';

export interface ZonalShiftTargets {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
}

/**
 * Lets ARC zonal shift move the load balancer's and the fleet's traffic away from an impaired AZ,
 * and lets the load balancer take an AZ that lost most of its targets out of DNS by itself.
 */
export function applyZonalShift(plan: ZonalShiftPlan, targets: ZonalShiftTargets): void {
  if (!plan.enabled) return;
  // No L2 property yet: the load balancer attribute, and the group's policy on its L1.
  targets.loadBalancer.setAttribute('zonal_shift.config.enabled', 'true');
  const group = targets.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  group.availabilityZoneImpairmentPolicy = {
    zonalShiftEnabled: true,
    impairedZoneHealthCheckBehavior: plan.impairedZoneHealthCheck,
  };
  if (plan.dnsFailoverMinimumHealthyPercent !== undefined) {
    targets.targetGroup.setAttribute('target_group_health.dns_failover.minimum_healthy_targets.percentage', String(plan.dnsFailoverMinimumHealthyPercent));
  }
}
