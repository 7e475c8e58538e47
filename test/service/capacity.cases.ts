import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import { CapacityPlan, CapacityReservations, HighlyAvailableService, PredictiveScalingMode } from '../../src';
import { RELEASE_RESOURCE_TYPE } from '../../src/core/aws/lifecycle';
import { defaultService, synthService, testStack } from '../util';

const DEMAND = { peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 };

function asgProps(template: Template): any {
  return (Object.values(template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0] as any).Properties;
}

describe('a capacity plan sizes the fleet', () => {
  test('the plan\'s min and max reach the group, with request-count tracking at the plan\'s utilization', () => {
    const plan = CapacityPlan.fromDemand(DEMAND);
    const { template, service } = synthService({ database: false, capacity: plan });
    expect(asgProps(template)).toEqual(expect.objectContaining({ MinSize: '27', MaxSize: '54' }));
    expect(asgProps(template).DesiredCapacity).toBeUndefined();
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: Match.anyValue() },
        TargetValue: 4200, // 100 rps x 0.7 x 60 s
      },
    });
    expect(service.capacity).toBe(plan);
    expect(service.resilienceReport.capacityAfterAzLossPercentOfPeak).toBe(105);
  });

  test('the everyday app, a demand plan and nothing else: it reserves nothing and warns of nothing; an info says what to reserve and what it would cost', () => {
    const { template, stack, service } = synthService({ database: false, capacity: CapacityPlan.fromDemand(DEMAND) });
    const lb = (Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any).Properties;
    expect(lb.MinimumLoadBalancerCapacity).toBeUndefined();
    // No warning at all: `cdk synth --strict` passes without an acknowledgement (the default service has the same no-HTTPS warning).
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.filter((w) => !w.includes('[ack: cdk-highly-available-service:noHttps]'))).toEqual([]);
    const infos = Annotations.fromStack(stack).findInfo('*', Match.anyValue()).map((i) => String(i.entry.data));
    expect(infos).toEqual(expect.arrayContaining([expect.stringMatching(
      /^The planned peak needs 48 load balancer capacity units; nothing is reserved \(opt in with loadBalancerCapacityUnits: 100,.*about \$584 a month.*L-8A66D0E6.*\[cdk-highly-available-service:loadBalancerCapacityToReserve\]$/,
    )]));
    expect(service.resilienceReport).toEqual(expect.objectContaining({ loadBalancerCapacityUnits: 0, loadBalancerCapacityUnitsToReserve: 100 }));
  });

  test('a plan without an AZ count binds to the VPC\'s: an environment-agnostic stack gets 2 AZs and twice the work per AZ', () => {
    const { template } = synthService({ database: false, capacity: CapacityPlan.fromDemand(DEMAND) }, { envAgnostic: true });
    expect(asgProps(template)).toEqual(expect.objectContaining({ MinSize: '36', MaxSize: '72' }));
  });

  test('a fixed plan sets the bounds and adds no request-count policy', () => {
    const { template } = synthService({ database: false, capacity: CapacityPlan.fixed({ minCapacity: 6, maxCapacity: 9 }) });
    expect(asgProps(template)).toEqual(expect.objectContaining({ MinSize: '6', MaxSize: '9' }));
    expect(Object.keys(template.findResources('AWS::AutoScaling::ScalingPolicy'))).toHaveLength(1);
  });

  test.each<[string, () => ConstructorParameters<typeof HighlyAvailableService>[2], RegExp]>([
    ['capacity with minCapacity', () => ({ capacity: CapacityPlan.fromDemand(DEMAND), minCapacity: 3 }), /capacity replaces minCapacity and maxCapacity/],
    ['a plan for 2 AZs on a 3-AZ VPC', () => ({ capacity: CapacityPlan.fromDemand({ ...DEMAND, availabilityZones: 2 }) }),
      /capacity was planned for availabilityZones 2 but the service spans 3 AZs/],
    ['a fixed plan below one instance per AZ', () => ({ capacity: CapacityPlan.fixed({ minCapacity: 2, maxCapacity: 4 }) }),
      /capacity \(CapacityPlan.fixed: minCapacity 2, maxCapacity 4\) plans 2 instances, fewer than one per Availability Zone \(3\)/],
    ['scheduled demand without a demand plan', () => ({
      capacity: CapacityPlan.fixed({ minCapacity: 3, maxCapacity: 6 }),
      scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 5000 }],
    }), /scheduledDemand needs capacity from CapacityPlan.fromDemand/],
    ['a scheduled peak of 0', () => ({
      capacity: CapacityPlan.fromDemand(DEMAND),
      scheduledDemand: [{ schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 0 }],
    }), /peakRequestsPerSecond must be a number above 0, received 0/],
  ])('rejects %s', (_name, props, message) => {
    const { stack } = testStack();
    expect(() => new HighlyAvailableService(stack, 'Web', { database: false, ...props() })).toThrow(message);
  });
});

describe('scheduled demand', () => {
  test('each scheduled peak sets the minimum from the same math', () => {
    const { template } = synthService({
      database: false,
      capacity: CapacityPlan.fromDemand(DEMAND),
      scheduledDemand: [
        { schedule: autoscaling.Schedule.cron({ hour: '8', minute: '0' }), peakRequestsPerSecond: 5000, timeZone: 'Europe/Dublin' },
        { schedule: autoscaling.Schedule.cron({ hour: '20', minute: '0' }), peakRequestsPerSecond: 1200, timeZone: 'Europe/Dublin' },
      ],
    });
    const actions = Object.values(template.findResources('AWS::AutoScaling::ScheduledAction')).map((a: any) => a.Properties);
    expect(actions).toHaveLength(2);
    // 5000 / (100 x 0.7) / 2 surviving AZs = 35.7 -> 36 per AZ, 108 in all; max = 2 x 108.
    expect(actions[0]).toEqual(expect.objectContaining({ Recurrence: '0 8 * * *', MinSize: 108, MaxSize: 216, TimeZone: 'Europe/Dublin' }));
    // Back to the base plan in the evening; max never below the base max.
    expect(actions[1]).toEqual(expect.objectContaining({ Recurrence: '0 20 * * *', MinSize: 27, MaxSize: 54 }));
  });
});

describe('predictive scaling', () => {
  test('forecast-only on requests per instance with a demand plan', () => {
    const { template } = synthService({
      database: false, capacity: CapacityPlan.fromDemand(DEMAND), predictiveScaling: PredictiveScalingMode.FORECAST_ONLY,
    });
    const policy = Object.values(template.findResources('AWS::AutoScaling::ScalingPolicy', { Properties: { PolicyType: 'PredictiveScaling' } }))[0] as any;
    const config = policy.Properties.PredictiveScalingConfiguration;
    expect(config.Mode).toBe('ForecastOnly');
    expect(config.MetricSpecifications).toEqual([{
      TargetValue: 4200,
      PredefinedMetricPairSpecification: { PredefinedMetricType: 'ALBRequestCount', ResourceLabel: expect.objectContaining({ 'Fn::Join': expect.anything() }) },
    }]);
    const label = JSON.stringify(config.MetricSpecifications[0].PredefinedMetricPairSpecification.ResourceLabel);
    expect(label).toContain('LoadBalancerFullName');
    expect(label).toContain('TargetGroupFullName');
  });

  test('forecast and scale on CPU without a demand plan', () => {
    const { template } = synthService({ database: false, predictiveScaling: PredictiveScalingMode.FORECAST_AND_SCALE });
    template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
      PolicyType: 'PredictiveScaling',
      PredictiveScalingConfiguration: {
        Mode: 'ForecastAndScale',
        MetricSpecifications: [{ TargetValue: 50, PredefinedMetricPairSpecification: { PredefinedMetricType: 'ASGCPUUtilization' } }],
        SchedulingBufferTime: 300,
      },
    });
  });
});

describe('capacity it can count on when an AZ fails', () => {
  // One synthesis for the options, the default service for the defaults.
  const assured = synthService({
    database: false,
    capacity: CapacityPlan.fromDemand({ ...DEMAND, bytesPerRequest: 50_000 }),
    capacityReservations: CapacityReservations.open(9),
    warmPool: {},
    deletionProtection: false,
    // Opted in with the units the plan sizes (1200 x 50 kB = 216 GB an hour, x 3/2).
    loadBalancerCapacityUnits: 324,
  });
  const loadBalancer = (template: Template) => (Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any).Properties;

  test('the load balancer reserves the capacity units given; none by default', () => {
    expect(loadBalancer(assured.template).MinimumLoadBalancerCapacity).toEqual({ CapacityUnits: 324 });
    expect(loadBalancer(defaultService().template).MinimumLoadBalancerCapacity).toBeUndefined();
    expect(assured.service.resilienceReport.loadBalancerCapacityUnits).toBe(324);
    expect(assured.service.resilienceReport.loadBalancerCapacityHourlyCostUsd).toBe(2.592);
  });

  test('the group: balanced-only for the statically stable plan, open reservations first, deletion protection as asked, set by its release', () => {
    expect(asgProps(assured.template)).toEqual(expect.objectContaining({
      AvailabilityZoneDistribution: { CapacityDistributionStrategy: 'balanced-only' },
      CapacityReservationSpecification: { CapacityReservationPreference: 'capacity-reservations-first' },
    }));
    expect(asgProps(defaultService().template)).toEqual(expect.objectContaining({
      AvailabilityZoneDistribution: { CapacityDistributionStrategy: 'balanced-best-effort' },
    }));
    // Not in the template (a failure of the group's own create must roll back): its release on rollback sets it.
    const releases = (t: Template) => Object.values<any>(t.findResources(RELEASE_RESOURCE_TYPE))
      .map((r) => [r.Properties.Target, r.Properties.DeletionProtection]);
    for (const t of [assured.template, defaultService().template]) expect(asgProps(t).DeletionProtection).toBeUndefined();
    // deletionProtection false: the group's release alone, which sets none (so turning it off for a teardown reaches a deployed group).
    expect(releases(assured.template)).toEqual([['autoScalingGroup', 'none']]);
    expect(releases(defaultService().template).sort()).toEqual([['autoScalingGroup', 'prevent-all-deletion'], ['databaseCluster', undefined], ['loadBalancer', undefined]]);
    expect(asgProps(defaultService().template).CapacityReservationSpecification).toBeUndefined();
  });

  test('the warm pool of the group: a fixed number of stopped instances; the launch hook reports at every boot', () => {
    const pools = Object.values(assured.template.findResources('AWS::AutoScaling::WarmPool')) as any[];
    expect(pools).toHaveLength(1);
    const groupId = Object.keys(assured.template.findResources('AWS::AutoScaling::AutoScalingGroup'))[0];
    expect(pools[0].Properties).toEqual({
      AutoScalingGroupName: { Ref: groupId }, MinSize: 15, MaxGroupPreparedCapacity: 15, PoolState: 'Stopped', InstanceReusePolicy: { ReuseOnScaleIn: false },
    });
    const data = (Object.values(assured.template.findResources('AWS::EC2::LaunchTemplate'))[0] as any).Properties.LaunchTemplateData;
    const script = Buffer.from(data.UserData['Fn::Base64'], 'utf8').toString();
    expect(script).toContain('systemctl enable cdk-highly-available-service-launch-hook.service');
    expect(defaultService().template.findResources('AWS::AutoScaling::WarmPool')).toEqual({});
  });

  test('the reservation warns of its Region quota, which is 0 until raised; no info then', () => {
    const warnings = Annotations.fromStack(assured.stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings).toEqual(expect.arrayContaining([expect.stringMatching(/reserves 324 load balancer capacity units.*L-8A66D0E6/)]));
    expect(Annotations.fromStack(assured.stack).findInfo('*', Match.stringLikeRegexp('loadBalancerCapacityToReserve'))).toEqual([]);
  });
});
