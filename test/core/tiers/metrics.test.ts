import { MetricSource } from '../../../src/core/tiers/alarms';
import { metricDimensions } from '../../../src/core/tiers/metrics';

test('the core decides where CloudWatch keeps each kind of metric', () => {
  const r = { loadBalancer: 'lb', targetGroup: 'tg', autoScalingGroup: 'asg', region: 'eu-west-1' };
  const m = (source: MetricSource, extra = {}) => ({ source, metricName: 'M', ...extra });
  expect(metricDimensions(m(MetricSource.LOAD_BALANCER), r)).toEqual({ namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'lb' } });
  expect(metricDimensions(m(MetricSource.LOAD_BALANCER, { availabilityZone: 'eu-west-1b' }), r).dimensions)
    .toEqual({ LoadBalancer: 'lb', AvailabilityZone: 'eu-west-1b' });
  expect(metricDimensions(m(MetricSource.TARGET_GROUP), r)).toEqual({ namespace: 'AWS/ApplicationELB', dimensions: { LoadBalancer: 'lb', TargetGroup: 'tg' } });
  expect(metricDimensions(m(MetricSource.TARGET_GROUP, { availabilityZone: 'eu-west-1c' }), r).dimensions)
    .toEqual({ LoadBalancer: 'lb', TargetGroup: 'tg', AvailabilityZone: 'eu-west-1c' });
  expect(metricDimensions(m(MetricSource.AUTO_SCALING_GROUP), r)).toEqual({ namespace: 'AWS/AutoScaling', dimensions: { AutoScalingGroupName: 'asg' } });
  expect(metricDimensions(m(MetricSource.DATABASE), { ...r, database: { identifier: 'c', aurora: true } }))
    .toEqual({ namespace: 'AWS/RDS', dimensions: { DBClusterIdentifier: 'c' } });
  expect(metricDimensions(m(MetricSource.DATABASE), { ...r, database: { identifier: 'i', aurora: false } }))
    .toEqual({ namespace: 'AWS/RDS', dimensions: { DBInstanceIdentifier: 'i' } });
  expect(metricDimensions(m(MetricSource.WEB_ACL), { ...r, webAcl: 'acl' }))
    .toEqual({ namespace: 'AWS/WAFV2', dimensions: { WebACL: 'acl', Region: 'eu-west-1', Rule: 'ALL' } });
  expect(metricDimensions(m(MetricSource.DATABASE_PROXY), { ...r, databaseProxy: 'p' })).toEqual({ namespace: 'AWS/RDS', dimensions: { ProxyName: 'p' } });
  expect(metricDimensions(m(MetricSource.CACHE, { cacheNode: 'g-002' }), r))
    .toEqual({ namespace: 'AWS/ElastiCache', dimensions: { CacheClusterId: 'g-002', CacheNodeId: '0001' } });
  expect(() => metricDimensions(m(MetricSource.DATABASE), r)).toThrow(/the service has no database, so no M metric/);
  expect(() => metricDimensions(m(MetricSource.WEB_ACL), r)).toThrow(/the service has no web ACL of its own, so no M metric/);
  expect(() => metricDimensions(m(MetricSource.DATABASE_PROXY), r)).toThrow(/the service has no database proxy, so no M metric/);
  expect(() => metricDimensions(m(MetricSource.CACHE), r)).toThrow(/a cache metric names its node/);
});
