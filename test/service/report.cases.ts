import * as fs from 'fs';
import * as path from 'path';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CapacityPlan, DatabaseEngine, HighlyAvailableService, HighlyAvailableServiceProps, ResilienceReport } from '../../src';
import { synthService, testStack, TestStackOptions, defaultService } from '../util';

/** Every figure of the report, recomputed from the synthesized template alone. */
function reportFromTemplate(template: Template, demand?: { peak: number; rate: number; utilization: number }) {
  const one = (type: string) => (Object.values(template.findResources(type))[0] as any).Properties;
  const asg = one('AWS::AutoScaling::AutoScalingGroup');
  const tg = one('AWS::ElasticLoadBalancingV2::TargetGroup');
  const azs = asg.VPCZoneIdentifier.length;
  const min = Number(asg.MinSize);
  const fullest = Math.ceil(min / azs);
  const detection = tg.HealthCheckIntervalSeconds * tg.UnhealthyThresholdCount;
  const clusters = Object.values(template.findResources('AWS::RDS::DBCluster')) as any[];
  const instances = Object.values(template.findResources('AWS::RDS::DBInstance')) as any[];
  const listeners = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::Listener')) as any[];
  let dbAvailability = 1;
  let failover = 0;
  if (clusters.length) {
    const readers = instances.length - 1;
    dbAvailability = readers > 0 ? 0.9999 : 0.999;
    failover = readers > 0 ? 30 : 600;
  } else if (instances.length) {
    expect(instances[0].Properties.MultiAZ).toBe(true);
    dbAvailability = 0.9995;
    failover = 120;
  }
  const availability = 0.9999 * 0.9999 * dbAvailability;
  return {
    availabilityZones: azs,
    minCapacity: min,
    maxCapacity: Number(asg.MaxSize),
    maxInstancesPerAz: fullest,
    minInstancesPerAz: Math.floor(min / azs),
    instancesAfterAzLoss: min - fullest,
    capacityAfterAzLossPercentOfMinimum: Math.round(1000 * (min - fullest) / min) / 10,
    capacityAfterAzLossPercentOfPeak: demand ? Math.round(1000 * (min - fullest) * demand.rate * demand.utilization / demand.peak) / 10 : undefined,
    detectionSeconds: detection,
    // Detection, the 120 s boot estimate, the new target's healthy checks; the longest adds the hook's wait for the grace period.
    replacementSeconds: detection + 120 + tg.HealthCheckIntervalSeconds * tg.HealthyThresholdCount,
    longestReplacementSeconds: detection + asg.HealthCheckGracePeriod + 120,
    databaseFailoverSeconds: failover,
    estimatedAvailability: Math.round(availability * 1e6) / 1e6,
    alarmCount: Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length
      + Object.keys(template.findResources('AWS::CloudWatch::CompositeAlarm')).length,
    https: listeners.some((l) => l.Properties.Protocol === 'HTTPS'),
  };
}

function expectReportMatchesTemplate(report: ResilienceReport, template: Template, demand?: { peak: number; rate: number; utilization: number }) {
  expect(report).toEqual(expect.objectContaining(reportFromTemplate(template, demand)));
}

describe('the resilience report matches the template it came from', () => {
  test.each<[string, HighlyAvailableServiceProps, TestStackOptions, { peak: number; rate: number; utilization: number } | undefined]>([
    ['the default service', {}, {}, undefined],
    ['a demand plan', { capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }) }, {}, { peak: 1200, rate: 100, utilization: 0.7 }],
    ['an uneven fleet, Aurora without readers', { minCapacity: 4, databaseReaders: 0 }, {}, undefined],
    ['a Multi-AZ instance, slower health checks', {
      databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, unhealthyThresholdCount: 5, healthyThresholdCount: 3,
    }, {}, undefined],
    ['a stateless service in an environment-agnostic stack', { database: false }, { envAgnostic: true }, undefined],
  ])('%s', (_name, props, options, demand) => {
    const { template, service } = synthService(props, options);
    expectReportMatchesTemplate(service.resilienceReport, template, demand);
  });
});

describe('the report\'s model', () => {
  test('availability is the product of the parts\' SLAs, stated term by term', () => {
    const { service } = defaultService();
    const r = service.resilienceReport;
    expect(r.availabilityTerms.map((t) => t.availability)).toEqual([0.9999, 0.9999, 0.9999]);
    expect(r.estimatedAvailability).toBe(0.9997);
    expect(r.estimatedDowntimeMinutesPerMonth).toBe(13);
    expect(r.findings.map((f) => f.id)).toEqual(['resilience:noHttps']);
  });

  test('findings name single points of failure with stable ids, also as warnings', () => {
    const { stack } = testStack({ envAgnostic: true });
    const vpc = new ec2.Vpc(stack, 'CheapVpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
        { name: 'Isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      ],
    });
    const svc = new HighlyAvailableService(stack, 'Web', { vpc, minCapacity: 3, databaseReaders: 0 });
    const ids = svc.resilienceReport.findings.map((f) => f.id).sort();
    expect(ids).toEqual([
      'resilience:environmentAgnostic', 'resilience:noDatabaseReader', 'resilience:noHttps',
      'resilience:sharedNatGateway', 'resilience:twoAzs', 'resilience:unevenSpread',
    ]);
    const warnings = JSON.stringify(Annotations.fromStack(stack).findWarning('/Test/Web', Match.anyValue()));
    for (const id of ['sharedNatGateway', 'noDatabaseReader', 'unevenSpread', 'environmentAgnostic']) {
      expect(warnings).toContain(`cdk-highly-available-service:resilience:${id}`);
    }
  });

  test('a fixed fleet below what surviving an AZ at peak needs is reported, as a finding and a warning', () => {
    const { stack } = testStack();
    const capacity = CapacityPlan.fixed({ minCapacity: 9, maxCapacity: 18, peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
    const svc = new HighlyAvailableService(stack, 'Web', { database: false, capacity });
    // 6 instances left x 100 x 0.7 = 420 of 1200 requests per second.
    expect(svc.resilienceReport.capacityAfterAzLossPercentOfPeak).toBe(35);
    expect(svc.resilienceReport.findings.map((f) => f.id)).toContain('resilience:belowPeakAfterAzLoss');
    Annotations.fromStack(stack).hasWarning('/Test/Web', Match.stringLikeRegexp('serves 35 % of the planned peak'));
  });

  test('a fleet too small for its demand after an AZ loss is reported', () => {
    // Planned without surviving an AZ loss: 3 AZs carry the peak together, 2 cannot.
    const capacity = CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100, surviveAzLoss: false });
    const { service } = synthService({ database: false, capacity });
    expect(service.resilienceReport.capacityAfterAzLossPercentOfPeak).toBe(70);
    expect(service.resilienceReport.findings.map((f) => f.id)).toContain('resilience:belowPeakAfterAzLoss');
  });
});

describe('the report in the cloud assembly', () => {
  test('JSON and Markdown next to the templates, with the same figures', () => {
    const { app, service } = defaultService();
    const assembly = app.synth();
    const files = fs.readdirSync(assembly.directory).filter((f) => f.includes('.resilience.'));
    expect(files.sort()).toEqual([expect.stringMatching(/\.resilience\.json$/), expect.stringMatching(/\.resilience\.md$/)]);
    const json = JSON.parse(fs.readFileSync(path.join(assembly.directory, files.find((f) => f.endsWith('.json'))!), 'utf8'));
    expect(json).toEqual(JSON.parse(JSON.stringify(service.resilienceReport)));
    const md = fs.readFileSync(path.join(assembly.directory, files.find((f) => f.endsWith('.md'))!), 'utf8');
    expect(md).toContain('| Availability Zones | 3 |');
    expect(md).toContain('| estimated availability | 99.97 % (~13 min of downtime a month) |');
    expect(md).toContain('`resilience:noHttps`');
  });
});
