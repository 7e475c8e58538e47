// A service sized from its expected demand: enough instances per AZ that the other AZs carry
// the peak when one AZ is lost, more capacity ahead of the daily peak, and a forecast to check.
// Copy this app and change the import to `from 'cdk-highly-available-service'`.
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CapacityPlan, HighlyAvailableService, PredictiveScalingMode } from '../../src';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const stack = new Stack(app, 'PlannedServiceExample', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012', region: 'eu-west-1' },
});

const service = new HighlyAvailableService(stack, 'Api', {
  // 1200 requests/s at peak; one instance sustains 100 flat out; run them at 70 %. Each request
  // and its response are about 20 kB through the load balancer: the report (and an info at synth)
  // says how many capacity units to reserve for the peak, should you opt in with
  // loadBalancerCapacityUnits (the AZ-distribution strategy keeps balanced-only: the plan survives an AZ).
  capacity: CapacityPlan.fromDemand({
    peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, targetUtilization: 0.7, bytesPerRequest: 20_000,
  }),
  scheduledDemand: [
    { schedule: autoscaling.Schedule.cron({ hour: '7', minute: '30' }), peakRequestsPerSecond: 3000, timeZone: 'Europe/Dublin' },
    { schedule: autoscaling.Schedule.cron({ hour: '21', minute: '0' }), peakRequestsPerSecond: 1200, timeZone: 'Europe/Dublin' },
  ],
  predictiveScaling: PredictiveScalingMode.FORECAST_ONLY,
});
// `cdk synth --strict` fails on the plain-HTTP warning until it is acknowledged (or a domain given).
Validations.of(service).acknowledge({
  id: 'Annotation::cdk-highly-available-service:noHttps',
  reason: 'An example without a domain of its own: plain HTTP until a certificate is given.',
});

app.synth();
