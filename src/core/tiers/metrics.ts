/**
 * Engine-neutral metric references turned into the metric descriptions both renderers build, so a
 * metric means the same in CloudWatch whichever renderer emits it.
 */
import { MetricRef, MetricSource } from './alarms';

/**
 * The resources a service's metrics are about, named as the renderer has them (values or
 * references): what an engine-neutral {@link MetricRef} needs to become a CloudWatch metric.
 */
export interface MetricResources {
  /** The load balancer's full name, `app/<name>/<id>` (the end of its ARN). */
  readonly loadBalancer: string;
  /** The target group's full name, `targetgroup/<name>/<id>` (the end of its ARN). */
  readonly targetGroup: string;
  readonly autoScalingGroup: string;
  /** The database's cluster identifier (Aurora) or instance identifier. */
  readonly database?: { readonly identifier: string; readonly aurora: boolean };
  /** The name of the service's own web ACL. */
  readonly webAcl?: string;
  readonly databaseProxy?: string;
  /** The region WAF reports the web ACL's metrics under. */
  readonly region: string;
}

/** Where CloudWatch keeps a metric: its namespace and dimensions. */
export interface CloudWatchMetricLocation {
  readonly namespace: string;
  readonly dimensions: Record<string, string>;
}

/** The metric fields the location depends on. */
export type MetricRefLocation = Pick<MetricRef, 'source' | 'metricName' | 'availabilityZone' | 'cacheNode' | 'canaryName'>;

const absent = (what: string, ref: MetricRefLocation): never => {
  throw new Error(`the service has no ${what}, so no ${ref.metricName} metric`);
};

/**
 * The namespace and dimensions of a metric, decided once for every renderer. Target-group metrics
 * carry the load balancer too (ALB publishes them per pair); web ACL metrics count all its rules;
 * a cache metric names one node (one cluster of the replication group, whose node is 0001).
 */
export function metricDimensions(ref: MetricRefLocation, r: MetricResources): CloudWatchMetricLocation {
  switch (ref.source) {
    case MetricSource.LOAD_BALANCER: {
      // Per AZ: the load balancer node's AZ (ALB publishes its request metrics under AvailabilityZone, LoadBalancer).
      const dimensions: Record<string, string> = { LoadBalancer: r.loadBalancer };
      if (ref.availabilityZone !== undefined) dimensions.AvailabilityZone = ref.availabilityZone;
      return { namespace: 'AWS/ApplicationELB', dimensions };
    }
    case MetricSource.TARGET_GROUP: {
      const dimensions: Record<string, string> = { LoadBalancer: r.loadBalancer, TargetGroup: r.targetGroup };
      if (ref.availabilityZone !== undefined) dimensions.AvailabilityZone = ref.availabilityZone;
      return { namespace: 'AWS/ApplicationELB', dimensions };
    }
    case MetricSource.AUTO_SCALING_GROUP:
      return { namespace: 'AWS/AutoScaling', dimensions: { AutoScalingGroupName: r.autoScalingGroup } };
    case MetricSource.DATABASE: {
      const db = r.database ?? absent('database', ref);
      // Aurora reports cluster-wide metrics per cluster; an instance deployment per instance.
      return { namespace: 'AWS/RDS', dimensions: db.aurora ? { DBClusterIdentifier: db.identifier } : { DBInstanceIdentifier: db.identifier } };
    }
    case MetricSource.WEB_ACL:
      return { namespace: 'AWS/WAFV2', dimensions: { WebACL: r.webAcl ?? absent('web ACL of its own', ref), Region: r.region, Rule: 'ALL' } };
    case MetricSource.DATABASE_PROXY:
      return { namespace: 'AWS/RDS', dimensions: { ProxyName: r.databaseProxy ?? absent('database proxy', ref) } };
    case MetricSource.CACHE:
      if (ref.cacheNode === undefined) throw new Error(`a cache metric names its node; ${ref.metricName} names none`);
      return { namespace: 'AWS/ElastiCache', dimensions: { CacheClusterId: ref.cacheNode, CacheNodeId: '0001' } };
    case MetricSource.CANARY:
      // Synthetics publishes a run's SuccessPercent under CanaryName (CloudWatch User Guide, "CloudWatch metrics published by canaries").
      if (ref.canaryName === undefined) throw new Error(`a canary metric names its canary; ${ref.metricName} names none`);
      return { namespace: 'CloudWatchSynthetics', dimensions: { CanaryName: ref.canaryName } };
  }
}
