/**
 * Renders the plan's dashboard rows as a CloudWatch dashboard (aws-cdk-lib).
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { seriesMetric } from './alarms';
import { ServiceMetrics } from './metrics';
import { DashboardPlan, GraphSpec, SeriesSpec } from '../../core/tiers/monitoring';

const WIDTH = 12;
const HEIGHT = 6;

/** The planned dashboard: its rows of graphs, then the state of every alarm. */
export function createDashboard(scope: Construct, plan: DashboardPlan, metrics: ServiceMetrics, alarms: cloudwatch.IAlarm[]): cloudwatch.Dashboard {
  const series = (s: SeriesSpec) => seriesMetric(s, metrics, plan.periodSeconds, s.label);
  const graph = (g: GraphSpec) => new cloudwatch.GraphWidget({
    title: g.title,
    left: g.left.map(series),
    right: g.right?.map(series),
    width: WIDTH,
    height: HEIGHT,
    period: Duration.seconds(plan.periodSeconds),
    leftAnnotations: g.leftAnnotations?.map((a) => ({ value: a.value, label: a.label, color: a.critical ? cloudwatch.Color.RED : undefined })),
    leftYAxis: g.leftMin !== undefined || g.leftMax !== undefined ? { min: g.leftMin, max: g.leftMax } : undefined,
  });
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', {
    dashboardName: plan.name,
    defaultInterval: Duration.hours(plan.defaultIntervalHours),
  });
  for (const row of plan.rows) dashboard.addWidgets(...row.map(graph));
  if (plan.alarmStatus && alarms.length > 0) {
    dashboard.addWidgets(new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms, width: 2 * WIDTH, height: HEIGHT }));
  }
  return dashboard;
}
