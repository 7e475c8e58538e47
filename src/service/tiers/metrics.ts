/**
 * The service's metrics as aws-cdk-lib Metric objects, from the core's metric references; public API
 * for users who build their own alarms.
 */
import { Duration, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { ServiceDatabase } from './database';
import { MetricSource, errorRateExpression } from '../../core/tiers/alarms';
import { MetricRefLocation, MetricResources, metricDimensions } from '../../core/tiers/metrics';

const MINUTE = Duration.minutes(1);

/** The optional tiers of a service whose metrics {@link ServiceMetrics} can read. */
export interface ServiceMetricsTiers {
  /**
   * Name of the service's own web ACL.
   * @default - no web ACL metrics
   */
  readonly webAclName?: string;
  /**
   * Id of the cache's replication group.
   * @default - no cache metrics
   */
  readonly cacheReplicationGroupId?: string;
  /**
   * Name of the RDS Proxy.
   * @default - no proxy metrics
   */
  readonly databaseProxyName?: string;
}

/**
 * CloudWatch metrics of a {@link HighlyAvailableService}, for your own alarms and dashboards.
 * Every metric defaults to one-minute periods.
 */
export class ServiceMetrics {
  /**
   * @param loadBalancer the service's load balancer
   * @param targetGroup the service's target group
   * @param autoScalingGroup the service's fleet
   * @param database the service's database, if any
   * @param tiers the service's optional tiers, if any
   */
  constructor(
    private readonly loadBalancer: elbv2.ApplicationLoadBalancer,
    private readonly targetGroup: elbv2.ApplicationTargetGroup,
    private readonly autoScalingGroup: autoscaling.AutoScalingGroup,
    private readonly database?: ServiceDatabase,
    private readonly tiers: ServiceMetricsTiers = {},
  ) {}

  /**
   * A metric of one node of the service's cache by name, e.g. EngineCPUUtilization. Throws without a cache.
   * @param metricName the ElastiCache metric
   * @param cacheClusterId the node's cluster id, e.g. `<replication group>-001`
   */
  public cacheNodeMetric(metricName: string, cacheClusterId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.tiers.cacheReplicationGroupId === undefined) throw new Error(`the service has no cache, so no ${metricName} metric`);
    return this.metric({ source: MetricSource.CACHE, metricName, cacheNode: cacheClusterId }, { statistic: 'Average', ...props });
  }

  /**
   * A metric of the service's outside-in canary by name, such as SuccessPercent or Duration.
   * @param metricName the CloudWatchSynthetics metric
   * @param canaryName the canary's name (`HighlyAvailableService.canary`)
   */
  public canaryMetric(metricName: string, canaryName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric({ source: MetricSource.CANARY, metricName, canaryName }, { statistic: 'Average', ...props });
  }

  /** A metric of the service's RDS Proxy by name, e.g. ClientConnections. Throws without one. */
  public databaseProxyMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric({ source: MetricSource.DATABASE_PROXY, metricName }, { statistic: 'Average', ...props });
  }

  /** A metric of the service's web ACL (all its rules) by name, e.g. BlockedRequests. Throws without one. */
  public webAclMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric({ source: MetricSource.WEB_ACL, metricName }, { statistic: 'Sum', ...props });
  }

  /**
   * A load balancer metric by name, optionally for one AZ (the AZ of the load balancer node that
   * took the requests).
   * @param metricName e.g. RequestCount
   * @param props statistic, period, ...
   * @param availabilityZone narrow it to one AZ
   */
  public loadBalancerMetric(metricName: string, props?: cloudwatch.MetricOptions, availabilityZone?: string): cloudwatch.Metric {
    return this.metric({ source: MetricSource.LOAD_BALANCER, metricName, availabilityZone }, { statistic: 'Sum', ...props });
  }

  /**
   * A target group metric by name, optionally for one AZ.
   * @param metricName e.g. HealthyHostCount
   * @param availabilityZone narrow it to one AZ
   */
  public targetGroupMetric(metricName: string, availabilityZone?: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    // The target group's own metrics name the load balancer through its listener, as aws-cdk-lib
    // does: the same value, kept so that the templates stay as they were.
    const resources = this.resources();
    const named = availabilityZone === undefined ? { ...resources, loadBalancer: this.targetGroup.firstLoadBalancerFullName } : resources;
    return this.metric({ source: MetricSource.TARGET_GROUP, metricName, availabilityZone }, props, named);
  }

  /** An Auto Scaling group metric by name (group metrics are enabled by the service). */
  public autoScalingGroupMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric({ source: MetricSource.AUTO_SCALING_GROUP, metricName }, { statistic: 'Average', ...props });
  }

  /** A database metric by name (cluster-wide for Aurora). Throws for a stateless service. */
  public databaseMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric({ source: MetricSource.DATABASE, metricName }, props);
  }

  /** Requests the load balancer received, per minute. */
  public requestCount(): cloudwatch.Metric {
    return this.loadBalancerMetric('RequestCount');
  }

  /** 5xx responses the load balancer generated itself, per minute. */
  public loadBalancer5xxCount(): cloudwatch.Metric {
    return this.loadBalancerMetric('HTTPCode_ELB_5XX_Count');
  }

  /** 5xx responses of the instances, per minute. */
  public target5xxCount(): cloudwatch.Metric {
    return this.loadBalancerMetric('HTTPCode_Target_5XX_Count');
  }

  /** The load balancer's own 5xx responses as % of requests (0 below 50 requests a minute). */
  public loadBalancer5xxRate(): cloudwatch.MathExpression {
    return this.errorRate('elb5xx', this.loadBalancer5xxCount(), 'Load balancer 5xx %');
  }

  /** The instances' 5xx responses as % of requests (0 below 50 requests a minute). */
  public target5xxRate(): cloudwatch.MathExpression {
    return this.errorRate('target5xx', this.target5xxCount(), 'Target 5xx %');
  }

  /**
   * Target response time, in seconds.
   * @param statistic e.g. 'p99', 'p90', 'p50', 'Average'
   */
  public responseTime(statistic: string = 'p99'): cloudwatch.Metric {
    return this.targetGroupMetric('TargetResponseTime', undefined, { statistic });
  }

  /** Healthy targets, in all AZs or in one. */
  public healthyHostCount(availabilityZone?: string): cloudwatch.Metric {
    return this.targetGroupMetric('HealthyHostCount', availabilityZone, { statistic: 'Minimum' });
  }

  /** Unhealthy targets. */
  public unhealthyHostCount(): cloudwatch.Metric {
    return this.targetGroupMetric('UnHealthyHostCount', undefined, { statistic: 'Maximum' });
  }

  /** Connections the load balancer rejected for lack of capacity, per minute. */
  public rejectedConnectionCount(): cloudwatch.Metric {
    return this.loadBalancerMetric('RejectedConnectionCount');
  }

  /** Instances in service. */
  public inServiceInstances(): cloudwatch.Metric {
    return this.autoScalingGroupMetric('GroupInServiceInstances', { statistic: 'Minimum' });
  }

  /** The fleet's desired capacity. */
  public desiredCapacity(): cloudwatch.Metric {
    return this.autoScalingGroupMetric('GroupDesiredCapacity', { statistic: 'Maximum' });
  }

  /** Database CPU, %. */
  public databaseCpu(): cloudwatch.Metric {
    return this.databaseMetric('CPUUtilization', { statistic: 'Maximum' });
  }

  /** Database connections. */
  public databaseConnections(): cloudwatch.Metric {
    return this.databaseMetric('DatabaseConnections', { statistic: 'Maximum' });
  }

  /** The service's resources as the core's metric mapping wants them. */
  private resources(): MetricResources {
    const db = this.database;
    return {
      loadBalancer: this.loadBalancer.loadBalancerFullName,
      targetGroup: this.targetGroup.targetGroupFullName,
      autoScalingGroup: this.autoScalingGroup.autoScalingGroupName,
      database: db && (db.cluster
        ? { identifier: db.cluster.clusterIdentifier, aurora: true }
        : { identifier: db.instance!.instanceIdentifier, aurora: false }),
      webAcl: this.tiers.webAclName,
      databaseProxy: this.tiers.databaseProxyName,
      region: Stack.of(this.loadBalancer).region,
    };
  }

  /** A one-minute metric where the core says CloudWatch keeps it. */
  private metric(ref: MetricRefLocation, props?: cloudwatch.MetricOptions, resources = this.resources()): cloudwatch.Metric {
    const { namespace, dimensions } = metricDimensions(ref, resources);
    return new cloudwatch.Metric({ namespace, metricName: ref.metricName, dimensionsMap: dimensions, period: MINUTE, ...props });
  }

  private errorRate(errorsId: string, errors: cloudwatch.IMetric, label: string): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: errorRateExpression(errorsId),
      usingMetrics: { [errorsId]: errors, requests: this.requestCount() },
      label,
      period: MINUTE,
    });
  }
}
