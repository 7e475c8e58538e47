/**
 * Renders the plan's service level objectives as Application Signals SLOs (aws-cdk-lib L1): one
 * request-based SLO per objective on the load balancer's bad and total request counts. The
 * burn-rate alarms are rendered with the other alarms (alarms.ts).
 */
import * as applicationsignals from 'aws-cdk-lib/aws-applicationsignals';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { metricOf } from './alarms';
import { ServiceMetrics } from './metrics';
import { SloPlan, SloSeries } from '../../core/tiers/slo';

/** A series as the SLO's metric data queries: each metric, then the expression that returns the data. */
function queries(series: SloSeries, metrics: ServiceMetrics): applicationsignals.CfnServiceLevelObjective.MetricDataQueryProperty[] {
  const stats = Object.entries(series.metrics).map(([id, ref]) => {
    const m: cloudwatch.Metric = metricOf(ref, metrics);
    return {
      id,
      returnData: series.expression === undefined,
      metricStat: {
        metric: {
          namespace: m.namespace,
          metricName: m.metricName,
          dimensions: Object.entries(m.dimensions ?? {}).map(([name, value]) => ({ name, value: String(value) })),
        },
        period: 60,
        stat: ref.statistic,
      },
    };
  });
  return series.expression === undefined ? stats : [...stats, { id: 'result', expression: series.expression, returnData: true }];
}

/**
 * One Application Signals SLO per objective: request-based, bad over total requests, over a
 * rolling 30 days, with the burn-rate look-back windows the alarms use.
 */
export function createServiceLevelObjectives(
  scope: Construct, plan: SloPlan, metrics: ServiceMetrics,
): applicationsignals.CfnServiceLevelObjective[] {
  return plan.objectives.map((o) => new applicationsignals.CfnServiceLevelObjective(scope, `Slo${o.id}`, {
    name: o.name,
    description: o.description,
    requestBasedSli: {
      requestBasedSliMetric: {
        totalRequestCountMetric: queries(o.total, metrics),
        monitoredRequestCountMetric: { badCountMetric: queries(o.bad, metrics) },
      },
    },
    goal: { attainmentGoal: o.goalPercent, interval: { rollingInterval: { duration: plan.periodDays, durationUnit: 'DAY' } } },
    burnRateConfigurations: plan.burnRateWindowsMinutes.map((lookBackWindowMinutes) => ({ lookBackWindowMinutes })),
  }));
}
