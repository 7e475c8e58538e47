import * as arc from 'aws-cdk-lib/aws-arczonalshift';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { AutoshiftPlan } from '../core/zonal-shift';

/**
 * Zonal autoshift of the load balancer: ARC moves its traffic away from an AZ when AWS detects an
 * impairment there, and rehearses it in weekly practice runs that fail when the outcome alarm fires.
 */
export function createZonalAutoshift(
  scope: Construct, plan: AutoshiftPlan, loadBalancer: elbv2.ApplicationLoadBalancer, outcomeAlarm: cloudwatch.IAlarm,
): arc.CfnZonalAutoshiftConfiguration {
  return new arc.CfnZonalAutoshiftConfiguration(scope, 'ZonalAutoshift', {
    resourceIdentifier: loadBalancer.loadBalancerArn,
    zonalAutoshiftStatus: 'ENABLED',
    practiceRunConfiguration: {
      outcomeAlarms: [{ type: 'CLOUDWATCH', alarmIdentifier: outcomeAlarm.alarmArn }],
      blockedWindows: plan.blockedWindows.length ? plan.blockedWindows : undefined,
      blockedDates: plan.blockedDates.length ? plan.blockedDates : undefined,
    },
  });
}
