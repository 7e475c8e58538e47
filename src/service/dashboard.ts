import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { ServiceMetrics } from './metrics';

export interface DashboardOptions {
  readonly name: string;
  readonly metrics: ServiceMetrics;
  readonly availabilityZoneNames: string[];
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly healthyHostsNeeded: number;
  readonly hasDatabase: boolean;
  readonly auroraReaders: boolean;
  readonly alarms: cloudwatch.IAlarm[];
}

const WIDTH = 12;
const HEIGHT = 6;

/** One screen for the whole service: traffic, errors, latency, health per AZ, fleet against plan, database, alarms. */
export function createDashboard(scope: Construct, o: DashboardOptions): cloudwatch.Dashboard {
  const m = o.metrics;
  const graph = (title: string, left: cloudwatch.IMetric[], extra: Partial<cloudwatch.GraphWidgetProps> = {}) =>
    new cloudwatch.GraphWidget({ title, left, width: WIDTH, height: HEIGHT, period: Duration.minutes(1), ...extra });

  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: o.name,
    defaultInterval: Duration.hours(3),
  });
  dashboard.addWidgets(
    graph('Traffic (requests per minute)', [m.requestCount()]),
    graph('Errors (% of requests)', [m.loadBalancer5xxRate(), m.target5xxRate()], { leftYAxis: { min: 0 } }),
  );
  dashboard.addWidgets(
    graph('Latency (s)', ['p50', 'p90', 'p99'].map((p) => m.responseTime(p).with({ label: p })), { leftYAxis: { min: 0 } }),
    graph('Healthy hosts per AZ', o.availabilityZoneNames.map((az, i) => m.healthyHostCount(az).with({ label: `AZ ${i + 1}` })), {
      leftAnnotations: [{ value: 1, label: 'none left in an AZ', color: cloudwatch.Color.RED }],
      leftYAxis: { min: 0 },
    }),
  );
  dashboard.addWidgets(
    graph('Fleet size against plan', [m.inServiceInstances().with({ label: 'in service' }), m.desiredCapacity().with({ label: 'desired' })], {
      leftAnnotations: [
        { value: o.minCapacity, label: `planned minimum ${o.minCapacity}` },
        { value: o.maxCapacity, label: `maximum ${o.maxCapacity}` },
        { value: o.healthyHostsNeeded, label: `needed ${o.healthyHostsNeeded}`, color: cloudwatch.Color.RED },
      ],
      leftYAxis: { min: 0 },
    }),
    graph('Healthy and unhealthy hosts', [m.healthyHostCount().with({ label: 'healthy' }), m.unhealthyHostCount().with({ label: 'unhealthy' })], { leftYAxis: { min: 0 } }),
  );
  if (o.hasDatabase) {
    dashboard.addWidgets(
      graph('Database CPU (%) and connections', [m.databaseCpu()], { right: [m.databaseConnections()], leftYAxis: { min: 0, max: 100 } }),
      graph('Database memory and replication', [m.databaseMetric('FreeableMemory', { statistic: 'Minimum' })], {
        right: o.auroraReaders ? [m.databaseMetric('AuroraReplicaLagMaximum', { statistic: 'Maximum' })] : [],
      }),
    );
  }
  if (o.alarms.length > 0) {
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: o.alarms, width: 2 * WIDTH, height: HEIGHT }));
  }
  return dashboard;
}
