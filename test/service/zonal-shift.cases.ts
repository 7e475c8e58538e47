import { Template } from 'aws-cdk-lib/assertions';
import { ImpairedZoneHealthCheck } from '../../src';
import { defaultService, synthService } from '../util';

const attributes = (template: Template, type: string, key: string) => Object.values(template.findResources(type))
  .map((r: any) => (r.Properties.LoadBalancerAttributes ?? r.Properties.TargetGroupAttributes ?? []).find((a: any) => a.Key === key)?.Value);
const impairmentPolicy = (template: Template) =>
  (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any).Properties.AvailabilityZoneImpairmentPolicy;

describe('zonal shift', () => {
  test('by default the load balancer and the fleet take part; no DNS-failover threshold (cross-zone counts every AZ\'s targets together)', () => {
    const { template } = defaultService();
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'zonal_shift.config.enabled')).toEqual(['true']);
    expect(impairmentPolicy(template)).toEqual({ ZonalShiftEnabled: true, ImpairedZoneHealthCheckBehavior: 'IgnoreUnhealthy' });
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'target_group_health.dns_failover.minimum_healthy_targets.percentage')).toEqual([undefined]);
  });

  test('the impaired-zone behaviour is a prop; zonalShift: false leaves all of it out', () => {
    expect(impairmentPolicy(synthService({ database: false, impairedZoneHealthCheck: ImpairedZoneHealthCheck.REPLACE_UNHEALTHY }).template))
      .toEqual({ ZonalShiftEnabled: true, ImpairedZoneHealthCheckBehavior: 'ReplaceUnhealthy' });
    const { template } = synthService({ database: false, zonalShift: false });
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'zonal_shift.config.enabled')).toEqual([undefined]);
    expect(impairmentPolicy(template)).toBeUndefined();
    expect(attributes(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'target_group_health.dns_failover.minimum_healthy_targets.percentage')).toEqual([undefined]);
  });
});

describe('zonal autoshift', () => {
  test('the load balancer\'s and the fleet\'s configurations, practice runs judged, and blocked, by the composite health alarm', () => {
    const { template, service } = synthService({ database: false, zonalAutoshift: { blockedWindows: ['Sat:00:00-Sat:06:00'], blockedDates: ['2026-12-24'] } });
    const configs = Object.entries(template.findResources('AWS::ARCZonalShift::ZonalAutoshiftConfiguration')) as Array<[string, any]>;
    const practice = {
      OutcomeAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: { 'Fn::GetAtt': [expect.stringMatching(/^WebServiceHealth/), 'Arn'] } }],
      BlockingAlarms: [{ Type: 'CLOUDWATCH', AlarmIdentifier: { 'Fn::GetAtt': [expect.stringMatching(/^WebServiceHealth/), 'Arn'] } }],
      BlockedWindows: ['Sat:00:00-Sat:06:00'],
      BlockedDates: ['2026-12-24'],
    };
    expect(Object.fromEntries(configs.map(([id, c]) => [id.replace(/[0-9A-F]{8}$/, ''), c.Properties]))).toEqual({
      // The load balancer's keeps its logical id.
      WebZonalAutoshift: { ResourceIdentifier: { Ref: expect.stringMatching(/^WebLoadBalancer/) }, ZonalAutoshiftStatus: 'ENABLED', PracticeRunConfiguration: practice },
      WebFleetZonalAutoshift: {
        ResourceIdentifier: { 'Fn::GetAtt': [expect.stringMatching(/^WebFleetASG/), 'AutoScalingGroupARN'] }, ZonalAutoshiftStatus: 'ENABLED', PracticeRunConfiguration: practice,
      },
    });
    expect(service.zonalAutoshift).toBeDefined();
    expect(service.fleetZonalAutoshift).toBeDefined();
    expect(defaultService().template.findResources('AWS::ARCZonalShift::ZonalAutoshiftConfiguration')).toEqual({});
  });
});
