// The runbook walk: reads what a service synthesized (a CloudFormation template or Terraform JSON) into one
// shape, and steps through each runbook and experiment by the behaviours of the failure-semantics table.
import { FAILURE_SEMANTICS } from '../../src/core/aws/failure-semantics';

type Json = any;

const KNOWN = new Set(FAILURE_SEMANTICS.map((s) => s.id));
/** The walk applies only documented behaviours: each step names its row of the table. */
export function by(id: string): string {
  if (!KNOWN.has(id)) throw new Error(`the walk relies on '${id}', which the failure-semantics table does not hold`);
  return id;
}

export interface ActionView {
  readonly name: string;
  readonly actionId: string;
  readonly parameters: Record<string, string>;
  readonly resourceType: string;
  readonly targetParameters: Record<string, string>;
}

export interface ExperimentView {
  readonly emptyTargetMode: string;
  readonly actions: ActionView[];
}

export interface RefreshView {
  readonly minHealthy: number;
  readonly maxHealthy: number;
  readonly checkpoints: number[];
  readonly checkpointDelaySeconds: number;
  readonly bakeSeconds: number;
  readonly warmupSeconds: number;
  readonly alarms: string[];
}

export interface DatabaseInstanceView {
  readonly name: string;
  /** The AZ the template pins, undefined where RDS picks (a Multi-AZ DB instance). */
  readonly az?: string;
  readonly tier: number;
}

/** What the walk reads from one flavor's output: the same shape from both. */
export interface Deployment {
  readonly flavor: 'cloudformation' | 'terraform';
  readonly azs: string[];
  readonly minSize: number;
  readonly refresh?: RefreshView;
  /** Whether a failed refresh is rolled back by the engine (CloudFormation's stack rollback). */
  readonly rollsBack: boolean;
  readonly healthyHostsBelowNeed?: { readonly statistic: string; readonly threshold: number };
  readonly autoshift: boolean;
  readonly healthCheck: { readonly intervalSeconds: number; readonly unhealthyThreshold: number; readonly healthyThreshold: number };
  readonly database?: {
    readonly aurora: boolean;
    readonly instances: DatabaseInstanceView[];
    /** The endpoint the service gives its users for writes (Terraform's DatabaseEndpoint output), as `<resource type>.<attribute>`. */
    readonly writeEndpoint?: string;
  };
  readonly experiments: Record<string, ExperimentView>;
}

const num = (v: unknown): number => Number(v);

/** A CloudFormation value as the walk needs it: a literal, or the alarm name a Ref points at. */
function cfnAlarmName(resources: Json, v: Json): string {
  if (typeof v === 'string') return v;
  const name = resources[v?.Ref]?.Properties?.AlarmName;
  return typeof name === 'string' ? name : JSON.stringify(v);
}

function only<T>(items: T[], what: string): T {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0];
}

/** Reads a CloudFormation template of one service. */
export function readCloudFormation(template: Json): Deployment {
  const resources = template.Resources as Record<string, Json>;
  const of = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
  const [, group] = only(of('AWS::AutoScaling::AutoScalingGroup'), 'group');
  const p = group.UpdatePolicy?.AutoScalingInstanceRefresh?.Preferences;
  const [, tg] = only(of('AWS::ElasticLoadBalancingV2::TargetGroup'), 'target group');
  const alarm = of('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties).find((a) => String(a.AlarmName).endsWith('-HealthyHostsBelowNeed'));
  const dbInstances = of('AWS::RDS::DBInstance').map(([name, r]) => ({ name, props: r.Properties }));
  const aurora = dbInstances.some((i) => i.props.DBClusterIdentifier !== undefined);
  const experiments: Record<string, ExperimentView> = {};
  for (const [, r] of of('AWS::FIS::ExperimentTemplate')) {
    const e = r.Properties;
    const id = String(e.Tags.Name).split('-').pop()!;
    experiments[id] = {
      emptyTargetMode: e.ExperimentOptions?.EmptyTargetResolutionMode ?? 'fail',
      actions: Object.entries(e.Actions as Record<string, Json>).map(([name, a]) => {
        const target = e.Targets[Object.values(a.Targets as Record<string, string>)[0]];
        return {
          name, actionId: a.ActionId, parameters: a.Parameters ?? {}, resourceType: target.ResourceType, targetParameters: target.Parameters ?? {},
        };
      }),
    };
  }
  return {
    flavor: 'cloudformation',
    azs: group.Properties.AvailabilityZones ?? [],
    minSize: num(group.Properties.MinSize),
    refresh: p && {
      minHealthy: num(p.MinHealthyPercentage),
      maxHealthy: num(p.MaxHealthyPercentage),
      checkpoints: (p.CheckpointPercentages ?? []).map(num),
      checkpointDelaySeconds: num(p.CheckpointDelay ?? 3600),
      bakeSeconds: num(p.BakeTime ?? 0),
      warmupSeconds: num(p.InstanceWarmup),
      alarms: (p.AlarmSpecification?.Alarms ?? []).map((a: Json) => cfnAlarmName(resources, a)),
    },
    rollsBack: true,
    healthyHostsBelowNeed: alarm && { statistic: alarm.Statistic, threshold: num(alarm.Threshold) },
    autoshift: of('AWS::ARCZonalShift::ZonalAutoshiftConfiguration').length > 0,
    healthCheck: {
      intervalSeconds: num(tg.Properties.HealthCheckIntervalSeconds),
      unhealthyThreshold: num(tg.Properties.UnhealthyThresholdCount),
      healthyThreshold: num(tg.Properties.HealthyThresholdCount),
    },
    database: dbInstances.length === 0 ? undefined : {
      aurora,
      instances: dbInstances.map((i) => ({ name: i.name, az: aurora ? i.props.AvailabilityZone : undefined, tier: num(i.props.PromotionTier ?? 1) })),
    },
    experiments,
  };
}

const list = (v: Json): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const pairs = (v: Json): Record<string, string> => Object.fromEntries(list(v).map((x: Json) => [x.key, x.value]));

/** Reads the Terraform JSON of one service. */
export function readTerraform(json: Json): Deployment {
  const resources = json.resource as Record<string, Record<string, Json>>;
  const of = (type: string) => Object.entries(resources[type] ?? {});
  const [, group] = only(of('aws_autoscaling_group'), 'group');
  const p = list(group.instance_refresh)[0]?.preferences;
  const prefs = list(p)[0];
  const [, tg] = only(of('aws_lb_target_group'), 'target group');
  const hc = list(tg.health_check)[0];
  const alarm = of('aws_cloudwatch_metric_alarm').map(([, a]) => a).find((a) => String(a.alarm_name).endsWith('-HealthyHostsBelowNeed'));
  const clusterInstances = of('aws_rds_cluster_instance');
  const dbInstances = of('aws_db_instance');
  const experiments: Record<string, ExperimentView> = {};
  for (const [, e] of of('aws_fis_experiment_template')) {
    const id = String(e.tags.Name).split('-').pop()!;
    const targets = Object.fromEntries(list(e.target).map((t: Json) => [t.name, t]));
    experiments[id] = {
      emptyTargetMode: list(e.experiment_options)[0]?.empty_target_resolution_mode ?? 'fail',
      actions: list(e.action).map((a: Json) => {
        const target = targets[list(a.target)[0].value];
        return {
          name: a.name,
          actionId: a.action_id,
          parameters: pairs(a.parameter),
          resourceType: target.resource_type,
          targetParameters: target.parameters ?? {},
        };
      }),
    };
  }
  return {
    flavor: 'terraform',
    azs: [...new Set(of('aws_subnet').map(([, sn]) => String(sn.availability_zone)))],
    minSize: num(group.min_size),
    refresh: prefs && {
      minHealthy: num(prefs.min_healthy_percentage),
      maxHealthy: num(prefs.max_healthy_percentage),
      checkpoints: (prefs.checkpoint_percentages ?? []).map(num),
      checkpointDelaySeconds: num(prefs.checkpoint_delay ?? 3600),
      bakeSeconds: 0,
      warmupSeconds: num(prefs.instance_warmup),
      alarms: list(prefs.alarm_specification)[0]?.alarms ?? [],
    },
    rollsBack: false,
    healthyHostsBelowNeed: alarm && { statistic: alarm.statistic, threshold: num(alarm.threshold) },
    autoshift: false,
    healthCheck: { intervalSeconds: num(hc.interval), unhealthyThreshold: num(hc.unhealthy_threshold), healthyThreshold: num(hc.healthy_threshold) },
    database: clusterInstances.length + dbInstances.length === 0 ? undefined : {
      aurora: clusterInstances.length > 0,
      writeEndpoint: Object.entries(json.output ?? {}).filter(([key]) => /_DatabaseEndpoint_/.test(key))
        .map(([, o]: [string, Json]) => /^\$\{(\w+)\.\w+\.([\w.]+)\}$/.exec(o.value)).map((m) => m && `${m[1]}.${m[2]}`)[0] ?? undefined,
      instances: clusterInstances.length > 0
        ? clusterInstances.map(([name, i]) => ({ name, az: i.availability_zone, tier: num(i.promotion_tier ?? 1) }))
        : dbInstances.map(([name]) => ({ name, tier: 0 })),
    },
    experiments,
  };
}

/** One step of a walk: what happened, by which documented behaviours. */
export interface WalkStep {
  readonly step: string;
  readonly by: string[];
}

/** What a walk found: its steps, and every way the output or the report fails the runbook. */
export interface WalkResult {
  readonly steps: WalkStep[];
  readonly problems: string[];
}

/** What the walk takes as given beyond the output: the estimates the report states with their sources. */
export interface WalkFigures {
  /** Seconds from launch until a new instance's app answers (the report's boot estimate). */
  readonly bootSeconds: number;
  /** Seconds of errors before a critical alarm fires (its evaluation window). */
  readonly alarmSeconds: number;
  /** The published failover figures: Aurora with a reader, a Multi-AZ DB instance. */
  readonly failoverSeconds: { readonly aurora: number; readonly multiAz: number };
}

const prediction = (report: Json, id: string): Json => report.experiments.find((e: Json) => e.id === id);

/** Every place the writer can be when an experiment starts: after earlier failovers, any instance. */
function writerPositions(d: Deployment): Array<{ writerAz: string; readers: DatabaseInstanceView[]; multiAz?: { standbyAz: string } }> {
  const db = d.database!;
  if (db.aurora) {
    return db.instances.map((w) => ({ writerAz: w.az!, readers: db.instances.filter((i) => i !== w) }));
  }
  // RDS picks the primary's and the standby's AZs.
  by('rds.multiAz.primaryAz');
  return d.azs.flatMap((p) => d.azs.filter((s) => s !== p).map((s) => ({ writerAz: p, readers: [], multiAz: { standbyAz: s } })));
}

/** Where the writer can end up after a forced failover, every choice Aurora may make included. */
function failOver(position: ReturnType<typeof writerPositions>[number]): string[] {
  if (position.multiAz) {
    by('rds.multiAz.forcedFailover');
    return [position.multiAz.standbyAz];
  }
  by('aurora.failover.promotes');
  if (position.readers.length === 0) return [position.writerAz];
  const best = Math.min(...position.readers.map((r) => r.tier));
  return [...new Set(position.readers.filter((r) => r.tier === best).map((r) => r.az!))];
}

/** Whether a failover action's target resolves when the writer is in `writerAz`. */
function resolves(action: ActionView, writerAz: string): boolean {
  const azs = action.targetParameters.writerAvailabilityZoneIdentifiers ?? action.targetParameters.availabilityZoneIdentifiers;
  if (azs === undefined) return true;
  by('fis.rds.writerAz');
  return azs === 'all' || azs.split(',').map((s) => s.trim()).includes(writerAz);
}

const FAILOVER_ACTIONS = ['aws:rds:failover-db-cluster', 'aws:rds:reboot-db-instances'];

/** An AZ impaired: the AZ experiment, which rehearses it, step by step. */
export function walkAzImpaired(d: Deployment, report: Json): WalkResult {
  const steps: WalkStep[] = [];
  const problems: string[] = [];
  const e = d.experiments.AzImpairment;
  const p = prediction(report, 'AzImpairment');
  if (!e || !p) return { steps, problems: ['no AZ experiment, or no prediction for it in the report'] };
  const cut = e.actions.find((a) => a.actionId === 'aws:ec2:asg-insufficient-instance-capacity-error')?.parameters.availabilityZoneIdentifiers;
  if (!cut) problems.push('the AZ experiment names no AZ for the fleet\'s launches');

  steps.push({ step: `the network of ${cut}'s subnets is cut`, by: [by('fis.network.disrupt'), by('elb.node.unreachable')] });
  const perAz = Math.ceil(d.minSize / d.azs.length);
  const left = d.minSize - perAz;
  if (p.instancesLeft !== left) problems.push(`the report predicts ${p.instancesLeft} instances left, the walk finds ${left}`);
  const hh = d.healthyHostsBelowNeed;
  if (hh && p.alarmsQuiet.includes('HealthyHostsBelowNeed')) {
    by('elb.healthyHostCount');
    // The cut AZ's node health-checks every target and reaches none.
    const seen = hh.statistic === 'Minimum' ? 0 : hh.statistic === 'Maximum' ? left : undefined;
    if (seen === undefined || seen < hh.threshold) {
      problems.push(`HealthyHostsBelowNeed (${hh.statistic}) sees ${seen ?? 'an unknown count'} healthy hosts, below ${hh.threshold}: it fires and stops the experiment the report says it stays quiet in`);
    }
  }
  const shift = e.actions.find((a) => a.actionId === 'aws:arc:start-zonal-autoshift');
  steps.push({ step: shift ? 'the load balancer (and the group) shift away' : 'nothing shifts until an operator runs the runbook', by: [by('fis.arc.autoshift')] });
  if (shift && !d.autoshift) problems.push('the experiment starts a zonal autoshift the service does not have: it rehearses a mitigation the deployment lacks');

  if (d.database) {
    const failover = e.actions.find((a) => FAILOVER_ACTIONS.includes(a.actionId));
    let reachable = true;
    for (const position of writerPositions(d)) {
      let ends = [position.writerAz];
      if (failover) {
        if (resolves(failover, position.writerAz)) {
          ends = failOver(position);
        } else {
          by('fis.emptyTarget');
          if (e.emptyTargetMode !== 'skip') problems.push(`with the writer in ${position.writerAz} the failover target resolves to nothing and the experiment fails (emptyTargetResolutionMode ${e.emptyTargetMode})`);
        }
      }
      if (ends.includes(cut!)) reachable = false;
    }
    steps.push({ step: `the writer ${reachable ? 'ends outside' : 'can end inside'} ${cut}, wherever it was`, by: [by(d.database.aurora ? 'aurora.endpoint.cluster' : 'rds.multiAz.endpoint')] });
    if (p.writerOutsideImpairedAz !== reachable) {
      problems.push(`the report predicts the writer ${p.writerOutsideImpairedAz ? 'ends outside' : 'may end inside'} the impaired AZ; the walk finds it ${reachable ? 'always ends outside' : 'can be moved into it, and writes stop'}`);
    }
  }
  return { steps, problems };
}

/** The database writer lost: the failover experiment. */
export function walkWriterLost(d: Deployment, report: Json, figures: WalkFigures): WalkResult {
  const steps: WalkStep[] = [];
  const problems: string[] = [];
  if (!d.database) return { steps, problems };
  const e = d.experiments.DatabaseFailover;
  const p = prediction(report, 'DatabaseFailover');
  if (d.database.aurora && d.database.instances.length === 1) {
    if (e) problems.push('a failover experiment for a writer without readers');
    return { steps, problems };
  }
  if (!e || !p) return { steps, problems: ['no failover experiment, or no prediction for it'] };
  for (const position of writerPositions(d)) {
    // Some instance other than the writer takes over, wherever the writer was.
    if (!position.multiAz && position.readers.length === 0) problems.push(`with the writer in ${position.writerAz} there is nothing to fail over to`);
    failOver(position);
  }
  steps.push({ step: 'a reader (or the standby) becomes the writer; the endpoint the instances use follows it', by: [by(d.database.aurora ? 'aurora.endpoint.cluster' : 'rds.multiAz.endpoint')] });
  // The endpoints that follow the writer: the cluster's, a Multi-AZ instance's, the proxy's default one.
  const followsWriter = ['aws_rds_cluster.endpoint', 'aws_db_instance.address', 'aws_db_instance.endpoint', 'aws_db_proxy.endpoint'];
  const endpoint = d.database.writeEndpoint;
  if (endpoint !== undefined && !followsWriter.includes(endpoint)) problems.push(`the write endpoint given to the instances is ${endpoint}, which does not follow the writer`);
  const seconds = d.database.aurora ? figures.failoverSeconds.aurora : figures.failoverSeconds.multiAz;
  by('rdsProxy.failoverMeasured');
  if (p.databaseFailoverSeconds !== seconds || report.databaseFailoverSeconds !== seconds) {
    problems.push(`the report predicts ${p.databaseFailoverSeconds} s without writes (${report.databaseFailoverSeconds} s in its table); the published figure is ${seconds} s`);
  }
  return { steps, problems };
}

/** An instance lost: the instance-loss experiment. */
export function walkInstanceLost(d: Deployment, report: Json, figures: WalkFigures): WalkResult {
  const steps: WalkStep[] = [];
  const problems: string[] = [];
  const p = prediction(report, 'InstanceLoss');
  const hc = d.healthCheck;
  const detection = hc.intervalSeconds * hc.unhealthyThreshold;
  steps.push({ step: `the load balancer stops routing to it after ${detection} s`, by: [by('elb.healthyHostCount')] });
  const replacement = detection + figures.bootSeconds + hc.intervalSeconds * hc.healthyThreshold;
  steps.push({ step: `the group replaces it in ${replacement} s`, by: [by('asg.gracePeriod')] });
  if (report.replacementSeconds !== replacement) problems.push(`the report says a replacement takes ${report.replacementSeconds} s; the walk finds ${replacement} s`);
  if (p && p.instancesLeft !== d.minSize - 1) problems.push(`the report predicts ${p.instancesLeft} instances left, the walk finds ${d.minSize - 1}`);
  return { steps, problems };
}

/**
 * A bad version rolled out: it fails `showsAfter` seconds after an instance running it takes traffic
 * (undefined: only once it carries the whole load). Returns the share of the fleet on it when a watched
 * alarm fires, and whether the refresh had already finished then.
 */
export function rollout(
  d: Deployment, figures: WalkFigures, showsAfter: number | undefined,
): { sharePercent: number; finished: boolean; watched: boolean } {
  const r = d.refresh!;
  by('asg.refresh.batches');
  const desired = d.minSize;
  const batch = Math.max(1, Math.floor(desired * (r.maxHealthy - r.minHealthy) / 100));
  const serving: Array<{ at: number; count: number }> = [];
  let t = 0;
  let replaced = 0;
  const checkpoints = [...r.checkpoints];
  while (replaced < desired) {
    const n = Math.min(batch, desired - replaced);
    t += figures.bootSeconds;
    serving.push({ at: t, count: replaced + n });
    by('asg.refresh.warmup');
    t += r.warmupSeconds;
    replaced += n;
    while (checkpoints.length && checkpoints[0] <= 100 * replaced / desired) {
      by('asg.refresh.checkpoints');
      checkpoints.shift();
      t += r.checkpointDelaySeconds;
    }
  }
  const end = t + r.bakeSeconds;
  const visibleAt = showsAfter === undefined ? serving[serving.length - 1].at : serving[0].at + showsAfter;
  const firesAt = visibleAt + figures.alarmSeconds;
  const count = serving.filter((s) => s.at <= firesAt).reduce((a, s) => Math.max(a, s.count), 0);
  by('asg.refresh.alarms');
  const watched = r.alarms.some((a) => /Target5xxRate|ServiceHealth/.test(a));
  return { sharePercent: Math.round(100 * count / desired), finished: firesAt > end, watched };
}

/** A bad rollout: caught and rolled back (CloudFormation) or stopped (Terraform) before it carries the whole load. */
export function walkBadRollout(d: Deployment, figures: WalkFigures): WalkResult {
  const steps: WalkStep[] = [];
  const problems: string[] = [];
  if (!d.refresh) return { steps, problems: ['the group has no instance refresh'] };
  const cases: Array<[string, number | undefined]> = [['at once', 0], ['after its warm-up', d.refresh.warmupSeconds + 60], ['only under the whole load', undefined]];
  for (const [when, after] of cases) {
    const r = rollout(d, figures, after);
    steps.push({ step: `a version that fails ${when}: ${r.sharePercent} % of the fleet runs it when an alarm fires`, by: [by(d.rollsBack ? 'cfn.refresh.rollback' : 'tf.refresh.noRollback')] });
    if (!r.watched) problems.push('the refresh watches no critical alarm: nothing stops a bad version');
    if (r.finished) problems.push(`a version that fails ${when} finishes the rollout before an alarm fires: nothing rolls it back`);
    if (after !== undefined && r.sharePercent >= 100) problems.push(`a version that fails ${when} carries the whole load before the rollout stops`);
  }
  return { steps, problems };
}
