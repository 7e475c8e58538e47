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

/** Lets ARC zonal shift move the load balancer's and the fleet's traffic away from an impaired AZ. */
export function applyZonalShift(plan: ZonalShiftPlan, targets: ZonalShiftTargets): void {
  if (!plan.enabled) return;
  // No L2 property yet: the load balancer attribute, and the group's policy on its L1.
  targets.loadBalancer.setAttribute('zonal_shift.config.enabled', 'true');
  const group = targets.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  group.availabilityZoneImpairmentPolicy = {
    zonalShiftEnabled: true,
    impairedZoneHealthCheckBehavior: plan.impairedZoneHealthCheck,
  };
}
