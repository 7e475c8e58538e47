// The same service in two Regions, kept serving when one is lost: a warm standby that carries half
// the peak until the ARC Region switch scales it, an Aurora global database, health-checked failover
// records. Copy this app and change the import to `from 'cdk-highly-available-service'`.
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CapacityPlan, MultiRegionService, RegionMode } from '../../src';

const app = new App();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

const shop = new MultiRegionService(app, 'ShopMultiRegionExample', {
  regions: ['eu-west-1', 'eu-central-1'],
  // Literal: the Regions name each other's resources by ARN (the AZs are pinned in cdk.json for it).
  account: '123456789012',
  mode: RegionMode.WARM_STANDBY,
  standbyShare: 0.5,
  domainName: 'shop.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.com',
  service: {
    // 1200 requests/s at peak over all Regions; one instance sustains 100 flat out.
    capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }),
  },
});

app.synth();
