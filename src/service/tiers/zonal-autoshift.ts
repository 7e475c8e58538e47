/**
 * Renders the zonal autoshift configuration and its practice-run alarms (aws-cdk-lib).
 */
import * as arc from 'aws-cdk-lib/aws-arczonalshift';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { AutoshiftPlan } from '../../core/tiers/zonal-shift';

export interface AutoshiftResources {
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  readonly outcomeAlarm: cloudwatch.IAlarm;
}

/**
 * Zonal autoshift of the load balancer and the fleet: ARC moves their traffic and launches away
 * from an AZ when AWS detects an impairment there, and rehearses it in weekly practice runs that
 * fail when the outcome alarm fires. One configuration per resource, by the plan's resource.
 */
export function createZonalAutoshift(
  scope: Construct, plan: AutoshiftPlan, r: AutoshiftResources,
): { [resource: string]: arc.CfnZonalAutoshiftConfiguration } {
  const group = r.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
  const identifiers = { loadBalancer: r.loadBalancer.loadBalancerArn, fleet: group.attrAutoScalingGroupArn };
  // The load balancer's keeps the id it had before the fleet got one.
  const ids = { loadBalancer: 'ZonalAutoshift', fleet: 'FleetZonalAutoshift' };
  return Object.fromEntries(plan.resources.map((resource) => [resource, new arc.CfnZonalAutoshiftConfiguration(scope, ids[resource], {
    resourceIdentifier: identifiers[resource],
    zonalAutoshiftStatus: 'ENABLED',
    practiceRunConfiguration: {
      outcomeAlarms: [{ type: 'CLOUDWATCH', alarmIdentifier: r.outcomeAlarm.alarmArn }],
      blockedWindows: plan.blockedWindows.length ? plan.blockedWindows : undefined,
      blockedDates: plan.blockedDates.length ? plan.blockedDates : undefined,
    },
  })]));
}
