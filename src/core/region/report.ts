/**
 * The multi-Region report: per-Region figures, what losing a Region costs and the switch plan's
 * timings, computed from the Region plans, and its Markdown and diagram.
 */
import { CrossRegionExperimentPlan, GlobalClusterPlan, REGION_FIGURES, RegionPlan, RoutingPlan, SwitchPlanSpec, SwitchTimings } from './switch';
import { GlobalDemand, RegionMode, carriedRequestsPerSecond } from '../capacity/regions';
import { ResilienceFinding, ResilienceReport, renderReportMarkdown } from '../report/report';

/** A figure of the Region-loss report, with where it comes from. */
export interface RegionLossFigure {
  /** Stable id. */
  readonly id: string;
  readonly label: string;
  /** The figure in seconds, when it is a duration. */
  readonly seconds?: number;
  /** The figure in words. */
  readonly value: string;
  /** AWS's publication it comes from, or how it is derived. */
  readonly source: string;
}

/** One Region in the Region-loss report, with its own single-Region (AZ) report. */
export interface RegionReport {
  readonly region: string;
  readonly role: string;
  readonly stackName: string;
  readonly availabilityZones: number;
  /** The fleet's minimum and maximum as deployed. */
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** The minimum the Region runs once active (a warm standby is raised to it by the switch). */
  readonly activatedMinCapacity: number;
  /** Requests per second the Region serves in normal operation (with a demand plan). */
  readonly normalRequestsPerSecond?: number;
  /** Requests per second it must carry after another Region is lost (with a demand plan). */
  readonly designRequestsPerSecond?: number;
  /** What its activated fleet carries with one of its AZs lost, as % of that design load (with a demand plan). */
  readonly afterRegionAndAzLossPercentOfDesign?: number;
  /** Its database cluster's part, if any. */
  readonly database?: string;
  /** The Region's service report: the AZ figures, findings, experiments. */
  readonly service: ResilienceReport;
}

/** One Region switch plan and its steps, in order. */
export interface SwitchPlanSummary {
  readonly name: string;
  readonly regions: string[];
  readonly steps: string[];
}

/** What one Region runbook promises: the figures the runbook walk in the tests measures. */
export interface RunbookFigures {
  /** Seconds until DNS answers with a Region that can write. */
  readonly dnsSeconds: number;
  /** Instances the Region that takes the writer may be short of its peak fleet at that moment. */
  readonly shortfallInstances: number;
  readonly source: string;
}

/** The figures of each Region runbook. */
export interface RegionRunbooks {
  readonly plannedSwitchover: RunbookFigures;
  readonly unplannedFailover: RunbookFigures;
  readonly failback: RunbookFigures;
}

/** The figures for the loss of a Region, per Region and for the whole service. */
export interface MultiRegionReport {
  readonly mode: RegionMode;
  readonly regions: RegionReport[];
  /** The stated recovery time objective, minutes, and whether the planned recovery meets it. */
  readonly recoveryTimeObjectiveMinutes: number;
  readonly recoveryTimeObjectiveMet: boolean;
  readonly figures: RegionLossFigure[];
  /** The Region switch plans and their steps, in order. */
  readonly switchPlans: SwitchPlanSummary[];
  /** The cross-Region experiment's prediction, if there is one. */
  readonly crossRegionExperiment?: string;
  /** Each Region runbook's figures (with a global database: the runbooks move its writer). */
  readonly runbooks?: RegionRunbooks;
  readonly findings: ResilienceFinding[];
}

interface ReportInputs {
  readonly mode: RegionMode;
  readonly regions: RegionPlan[];
  readonly routing: RoutingPlan;
  readonly globalCluster?: GlobalClusterPlan;
  readonly timings: SwitchTimings;
  readonly rto: number;
  readonly standbyShare?: number;
  readonly demand?: GlobalDemand;
  readonly switchPlans: SwitchPlanSpec[];
  readonly experiment?: CrossRegionExperimentPlan;
}

/** The report: plain arithmetic over the plan, like the single-Region one. */
export function multiRegionReport(i: ReportInputs): MultiRegionReport {
  const t = i.timings;
  const r53 = REGION_FIGURES.route53.source;
  const aurora = REGION_FIGURES.globalDatabase.source;
  const hc = i.routing.healthCheck;
  const figures: RegionLossFigure[] = [
    { id: 'detection', label: 'a lost Region detected by Route 53', seconds: t.detectionSeconds, value: `${t.detectionSeconds} s (every ${hc.intervalSeconds} s, ${hc.failureThreshold} failures)`, source: r53 },
    { id: 'dns', label: 'clients leave the lost Region', seconds: t.dnsFailoverSeconds, value: `~${t.dnsFailoverSeconds} s (detection + ${t.dnsTtlSeconds} s TTL, plus clients that cache DNS longer)`, source: REGION_FIGURES.aliasTtlSource },
  ];
  if (t.scaleUpSeconds > 0) {
    figures.push({ id: 'scaleUp', label: 'warm standby scaled to the full peak', seconds: t.scaleUpSeconds, value: `~${t.scaleUpSeconds} s (boot estimate + the load balancer's healthy checks)`, source: 'this library\'s boot estimate (120 s) and the Region\'s health check; ARC "does not guarantee that the desired compute capacity will be attained": in a planned switchover the activation function waits for healthy targets (ARC skips it in an unplanned failover, where the EC2 Auto Scaling block raises the group)' });
  }
  if (i.globalCluster) {
    figures.push(
      { id: 'databaseFailover', label: 'global database failover or switchover', seconds: t.databaseFailoverSeconds, value: `~${t.databaseFailoverSeconds} s (planning figure; AWS: "in the order of minutes")`, source: aurora },
      { id: 'writerDns', label: 'DNS follows the writer after a switchover', seconds: t.writerDnsSeconds, value: t.writerDnsSeconds ? `~${t.writerDnsSeconds} s (lag metric, alarm, health check, TTL)` : 'n/a (latency routing: every Region serves)', source: 'CloudWatch one-minute metrics and Route 53 health checks on alarms' },
      { id: 'rpoUnplanned', label: 'data lost in an unplanned failover (RPO)', seconds: t.unplannedRpoSeconds, value: `the replication lag: typically under ${REGION_FIGURES.globalDatabase.replicationLagSeconds} s ("typically measured in seconds"); the GlobalReplicationLag alarm fires above 1 s`, source: aurora },
      { id: 'rpoPlanned', label: 'data lost in a planned switchover (RPO)', seconds: 0, value: '0 (the switchover synchronizes the secondary first)', source: aurora },
    );
  }
  figures.push(
    { id: 'rtoUnplanned', label: 'a lost Region: recovery (RTO)', seconds: t.unplannedRecoverySeconds, value: `~${t.unplannedRecoverySeconds} s after the failure, plus the time to decide to run the switch`, source: 'the sum of the figures above' },
    ...(i.globalCluster ? [{ id: 'rtoPlanned', label: 'a planned switchover', seconds: t.plannedSwitchoverSeconds, value: `~${t.plannedSwitchoverSeconds} s`, source: 'the sum of the figures above' }] : []),
  );
  const regions = i.regions.map((r) => regionReport(r, i.demand, i.globalCluster));
  const findings: ResilienceFinding[] = [];
  for (const r of regions) {
    if (r.afterRegionAndAzLossPercentOfDesign !== undefined && r.afterRegionAndAzLossPercentOfDesign < 100) {
      findings.push({ id: 'multiRegion:belowDesignAfterLoss', message: `${r.region} carries ${r.afterRegionAndAzLossPercentOfDesign} % of its design load after losing a Region and one of its AZs.` });
    }
  }
  if (t.unplannedShortfallInstances > 0) {
    figures.push({
      id: 'unplannedShortfall',
      label: 'instances short of the peak when the standby takes the writer in an unplanned failover',
      value: `up to ${t.unplannedShortfallInstances} (ARC's EC2 Auto Scaling block is done at ${REGION_FIGURES.arc.ungracefulMinimumSuccessPercentage} % of its target in an ungraceful run; the rest boot during the database failover, ~${t.scaleUpSeconds} s)`,
      source: REGION_FIGURES.arc.blockSource,
    });
    findings.push({
      id: 'multiRegion:unplannedShortfall',
      message: `In an unplanned failover the standby may take the writer with up to ${t.unplannedShortfallInstances} instances fewer than its peak fleet; they join within ~${t.scaleUpSeconds} s.`,
    });
  }
  if (i.mode === RegionMode.WARM_STANDBY && i.standbyShare !== undefined) {
    findings.push({
      id: 'multiRegion:warmStandby',
      message: `Until the switch has scaled it (~${t.scaleUpSeconds} s), the standby carries ${Math.round(i.standbyShare * 100)} % of the peak: clients that reach it before then may see errors or latency.`,
    });
  }
  return {
    mode: i.mode,
    regions,
    recoveryTimeObjectiveMinutes: i.rto,
    recoveryTimeObjectiveMet: t.unplannedRecoverySeconds <= i.rto * 60,
    figures,
    switchPlans: i.switchPlans.map((p) => ({ name: p.name, regions: [...p.regions], steps: p.workflows.flatMap((w) => w.steps.map((s) => s.name)) })),
    crossRegionExperiment: i.experiment?.prediction,
    runbooks: i.globalCluster && {
      plannedSwitchover: { dnsSeconds: t.writerDnsSeconds, shortfallInstances: 0, source: 'the writer-check alarms, the record\'s health check and the alias TTL' },
      unplannedFailover: { dnsSeconds: t.dnsFailoverSeconds, shortfallInstances: t.unplannedShortfallInstances, source: 'Route 53 detection and the alias TTL; ARC\'s ungraceful minimum success percentage' },
      failback: { dnsSeconds: t.writerDnsSeconds, shortfallInstances: 0, source: 'as the planned switchover' },
    },
    findings,
  };
}

function regionReport(r: RegionPlan, demand: GlobalDemand | undefined, gc: GlobalClusterPlan | undefined): RegionReport {
  const fleet = r.service.fleet;
  const activated = r.capacity.activatedMinCapacity ?? fleet.minCapacity;
  const azs = r.service.network.availabilityZones.length;
  const perAz = Math.ceil(activated / azs);
  let afterLoss: number | undefined;
  if (demand && r.capacity.designRequestsPerSecond) {
    const left = demand.surviveAzLoss ? activated - perAz : activated;
    afterLoss = Math.round(1000 * carriedRequestsPerSecond(demand, left) / r.capacity.designRequestsPerSecond) / 10;
  }
  const member = gc?.members.find((m) => m.region === r.region);
  return {
    region: r.region,
    role: r.role,
    stackName: r.stackName,
    availabilityZones: azs,
    minCapacity: fleet.minCapacity,
    maxCapacity: fleet.maxCapacity,
    activatedMinCapacity: activated,
    normalRequestsPerSecond: r.capacity.normalRequestsPerSecond,
    designRequestsPerSecond: r.capacity.designRequestsPerSecond,
    afterRegionAndAzLossPercentOfDesign: afterLoss,
    database: member && `${member.primary ? 'primary (writer)' : 'secondary'} cluster ${member.clusterIdentifier}${member.writeForwarding ? ', forwards writes once a secondary (session consistency)' : ''}${member.localWriteForwarding ? ', its readers forward writes to its writer' : ''}`,
    service: r.service.report,
  };
}

/** The report as Markdown: the Region-loss figures, then each Region's own report. */
export function renderMultiRegionReportMarkdown(title: string, r: MultiRegionReport, diagram?: string): string {
  const lines = [
    `# Multi-Region resilience report: ${title}`,
    '',
    `Mode: ${r.mode}. Recovery time objective: ${r.recoveryTimeObjectiveMinutes} minutes (${r.recoveryTimeObjectiveMet ? 'met by the plan' : 'NOT met by the plan'}).`,
    '',
    '## Losing a Region',
    '',
    '| figure | value | source |',
    '|---|---|---|',
    ...r.figures.map((f) => `| ${f.label} | ${f.value} | ${f.source} |`),
    '',
    '## Regions',
    '',
    '| Region | role | AZs | fleet (min-max) | once active | normal load | design load | after a Region and an AZ lost | database |',
    '|---|---|---|---|---|---|---|---|---|',
    ...r.regions.map((x) => `| ${x.region} | ${x.role} | ${x.availabilityZones} | ${x.minCapacity}-${x.maxCapacity} | ${x.activatedMinCapacity} | `
      + `${x.normalRequestsPerSecond !== undefined ? `${round(x.normalRequestsPerSecond)} rps` : 'n/a'} | ${x.designRequestsPerSecond !== undefined ? `${round(x.designRequestsPerSecond)} rps` : 'n/a'} | `
      + `${x.afterRegionAndAzLossPercentOfDesign !== undefined ? `${x.afterRegionAndAzLossPercentOfDesign} %` : 'n/a'} | ${x.database ?? 'none'} |`),
    '',
    '## What it costs, by Region',
    '',
    `Each Region's service as its own report prices it (${r.mode}: a standby runs its planned minimum until a switch activates it). `
      + 'Beside them, unpriced: the Route 53 health checks, the global database\'s replicated writes and cross-Region transfer, the activation functions (they run only in a switch), the ARC Region switch plan.',
    '',
    '| Region | role | priced a month at the minimum | at the peak | unpriced lines |',
    '|---|---|---|---|---|',
    ...r.regions.map((x) => (x.service.cost
      ? `| ${x.region} | ${x.role} | $${x.service.cost.pricedMonthlyUsd.minimum.toFixed(2)} | $${x.service.cost.pricedMonthlyUsd.peak.toFixed(2)} | ${x.service.cost.unpriced.length} |`
      : `| ${x.region} | ${x.role} | n/a | n/a | n/a |`)),
    ...(r.regions.every((x) => x.service.cost) ? [
      `| all | | $${sum(r.regions.map((x) => x.service.cost!.pricedMonthlyUsd.minimum)).toFixed(2)} | $${sum(r.regions.map((x) => x.service.cost!.pricedMonthlyUsd.peak)).toFixed(2)} | |`,
    ] : []),
    '',
    '## Region switch',
    '',
    ...(r.switchPlans.length ? r.switchPlans.map((p) => `- \`${p.name}\` (${p.regions.join(' / ')}): ${p.steps.join(', then ')}; DNS follows the writer`) : ['- none: nothing but traffic moves, and Route 53 moves it by itself']),
    '',
    '## Findings',
    '',
    ...(r.findings.length ? r.findings.map((f) => `- \`${f.id}\`: ${f.message}`) : ['- none']),
    '',
    ...(r.crossRegionExperiment ? ['## Cross-Region experiment', '', r.crossRegionExperiment, ''] : []),
    ...(diagram ? ['## Deployment', '', '```mermaid', diagram.trimEnd(), '```', ''] : []),
    ...r.regions.flatMap((x) => [renderReportMarkdown(`${x.region} (${x.stackName})`, x.service).replace(/^(#+) /gm, '#$1 '), '']),
  ];
  return lines.join('\n');
}

function sum(xs: number[]): number {
  return Math.round(xs.reduce((a, b) => a + b, 0) * 100) / 100;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The Regions as a Mermaid flowchart: Route 53 in front, each Region's fleet and cluster. */
export function renderMultiRegionDiagram(regions: RegionPlan[], routing: RoutingPlan, gc: GlobalClusterPlan | undefined): string {
  const lines = [
    'flowchart TB',
    '  clients(["Internet"])',
    `  dns{{"Route 53: ${routing.domainName}<br/>${routing.policy} records, HTTPS health checks every ${routing.healthCheck.intervalSeconds} s"}}`,
    '  clients --> dns',
  ];
  regions.forEach((r, i) => {
    const id = `r${i + 1}`;
    const f = r.service.fleet;
    const activated = r.capacity.activatedMinCapacity ?? f.minCapacity;
    const record = routing.records[i];
    lines.push(`  subgraph ${id} ["${r.region} (${r.role})"]`);
    lines.push(`    ${id}alb["Application Load Balancer<br/>HTTPS, in ${r.service.network.availabilityZones.length} AZs"]`);
    lines.push(`    ${id}fleet["fleet: ${f.minCapacity} instances${activated !== f.minCapacity ? `, ${activated} once active` : ''}<br/>${Math.ceil(f.minCapacity / r.service.network.availabilityZones.length)} per AZ"]`);
    const member = gc?.members.find((m) => m.region === r.region);
    if (member) lines.push(`    ${id}db[("Aurora ${member.primary ? 'primary cluster (writer)' : 'secondary cluster'}<br/>${r.service.database!.readers + 1} instances over the AZs")]`);
    lines.push('  end');
    lines.push(`  dns -- "${record.failover ?? `latency ${record.latencyRegion}`}" --> ${id}alb`);
    lines.push(`  ${id}alb --> ${id}fleet`);
    if (member) lines.push(`  ${id}fleet --> ${id}db`);
  });
  if (gc) {
    const primary = regions.findIndex((r) => r.region === gc.primaryRegion);
    regions.forEach((_, i) => {
      if (i !== primary) lines.push(`  r${primary + 1}db -. "storage replication, typically under 1 s" .-> r${i + 1}db`);
    });
  }
  return lines.join('\n') + '\n';
}
