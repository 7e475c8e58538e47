// The Region runbooks of the README (planned switchover, unplanned failover, failback), walked over
// the synthesized output of both flavors in each mode, through the failure semantics table; and the
// walk failing on output with a defect planted back in (the findings of issue 28).
import { App, Duration } from 'aws-cdk-lib';
import { CapacityPlan, DatabaseEngine, MultiRegionService, MultiRegionServiceProps, RegionMode, tf } from '../../src';
import { RunbookFigures as ReportFigures } from '../../src/core/region/report';
import { Testing } from '../../src/tf/private/cdktf';
import { testApp, testTfApp } from '../util';
import { InstanceEndpoint, Runbook, WalkFailure, WalkModel, WalkRegion, WalkStep, walk } from './walk';

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const DNS = { domainName: 'shop.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ', hostedZoneName: 'example.com' };
const demand = () => CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 });
const SLIM = { dashboard: false, webAcl: false, faultInjection: false } as const;
const MODES: Record<string, { mode: RegionMode; engine?: DatabaseEngine }> = {
  Warm: { mode: RegionMode.WARM_STANDBY },
  Hot: { mode: RegionMode.HOT_STANDBY },
  Active: { mode: RegionMode.ACTIVE_ACTIVE, engine: DatabaseEngine.AURORA_MYSQL },
};
const RUNBOOKS: Array<[Runbook, keyof NonNullable<ReturnType<typeof reportOf>>]> = [
  ['planned-switchover', 'plannedSwitchover'], ['unplanned-failover', 'unplannedFailover'], ['failback', 'failback'],
];

function reportOf(s: MultiRegionService | tf.MultiRegionService) {
  return s.resilienceReport.runbooks;
}

// ---- CloudFormation: one app, every mode, synthesized once (no validation plugins: multi-region.test.ts runs them).
const cfnApp = testApp({
  context: Object.fromEntries(REGIONS.map((r) => [`availability-zones:account=${ACCOUNT}:region=${r}`, ['a', 'b', 'c'].map((x) => `${r}${x}`)])),
});
const cfn = Object.fromEntries(Object.entries(MODES).map(([id, m]) => [id, new MultiRegionService(cfnApp, id, {
  regions: REGIONS,
  account: ACCOUNT,
  ...DNS,
  mode: m.mode,
  recoveryTimeObjective: m.mode === RegionMode.HOT_STANDBY ? Duration.minutes(10) : undefined,
  service: { capacity: demand(), databaseEngine: m.engine, ...SLIM },
} satisfies MultiRegionServiceProps)]));
const cfnAssembly = (cfnApp as App).synth();
const cfnTemplate = (name: string) => cfnAssembly.getStackByName(name).template;

// ---- Terraform: one configuration per Region and one for the switch, per mode.
const tfApp = testTfApp();
const terraform = Object.fromEntries(Object.entries(MODES).map(([id, m]) => [id, new tf.MultiRegionService(tfApp, `${id}Tf`, {
  regions: REGIONS,
  account: ACCOUNT,
  ...DNS,
  mode: m.mode,
  recoveryTimeObjectiveMinutes: m.mode === RegionMode.HOT_STANDBY ? 10 : undefined,
  service: { capacity: demand(), databaseEngine: m.engine, ...SLIM },
})]));
const tfConfig = (s: tf.MultiRegionService, region?: string) => JSON.parse(Testing.synth(region ? s.stacks[region] : s.switchStack!));

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const shapeOf = (names: string[]) => [...names].sort().join('+');

// ---- Reading the CloudFormation output.

/** The parts of a Fn::Join'ed user data, as strings and tokens. */
function userDataParts(lt: any): any[] {
  const data = lt.Properties.LaunchTemplateData.UserData['Fn::Base64'];
  return typeof data === 'string' ? [data] : data['Fn::Join'][1];
}

function cfnInstanceEndpoint(t: any, region: string, primaryTemplate: any): InstanceEndpoint {
  const lt = Object.values<any>(t.Resources).find((r) => r.Type === 'AWS::EC2::LaunchTemplate');
  const parts = userDataParts(lt);
  const at = parts.findIndex((p) => typeof p === 'string' && p.endsWith('DATABASE_HOST='));
  if (at >= 0) {
    const token = JSON.stringify(parts[at + 1]);
    if (token.includes('GlobalWriterEndpoint') && token.includes('GlobalClusters.0.Endpoint')) return { kind: 'global-writer' };
    if (token.includes('ReadEndpoint.Address')) return { kind: 'local-reader' };
    if (token.includes('Endpoint.Address')) return { kind: 'cluster', region };
    throw new Error(`unknown DATABASE_HOST ${token}`);
  }
  // No host of their own: the instances read the secret, whose host the primary's attachment writes (its cluster endpoint).
  const attachment = Object.values<any>(primaryTemplate.Resources).find((r) => r.Type === 'AWS::SecretsManager::SecretTargetAttachment');
  if (!attachment) throw new Error('no host for the instances');
  return { kind: 'cluster', region: REGIONS[0] };
}

function cfnRegion(t: any, region: string, index: number, s: MultiRegionService, primaryTemplate: any): WalkRegion {
  const res = Object.values<any>(t.Resources);
  const group = res.find((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
  const fn = res.find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.FunctionName);
  const cluster = res.find((r) => r.Type === 'AWS::RDS::DBCluster').Properties;
  const params = res.find((r) => r.Type === 'AWS::RDS::DBClusterParameterGroup').Properties.Parameters;
  const consistency = 'aurora_replica_read_consistency' in params || 'apg_write_forward.consistency_mode' in params;
  const record = res.find((r) => r.Type === 'AWS::Route53::RecordSet' && r.Properties.Type === 'A').Properties;
  const byId = (id: string) => t.Resources[id];
  const recordCheck = byId(record.HealthCheckId.Ref).Properties.HealthCheckConfig;
  const children = recordCheck.Type === 'CALCULATED' ? recordCheck.ChildHealthChecks.map((c: any) => byId(c.Ref).Properties.HealthCheckConfig) : [];
  const https = res.find((r) => r.Type === 'AWS::Route53::HealthCheck' && r.Properties.HealthCheckConfig.Type === 'HTTPS').Properties.HealthCheckConfig;
  const alarms = children.filter((c: any) => c.Type === 'CLOUDWATCH_METRIC').map((c: any) => {
    const name = c.AlarmIdentifier.Name;
    // The check names the alarm by reference (Ref of an alarm is its name) or literally.
    return (name.Ref ? byId(name.Ref) : res.find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.AlarmName === name)).Properties;
  });
  return {
    region,
    minCapacity: Number(group.Properties.MinSize),
    peakInstances: s.resilienceReport.regions[index].activatedMinCapacity,
    activationTarget: fn ? Number(fn.Properties.Environment.Variables.TARGET_MIN_CAPACITY) : undefined,
    instanceEndpoint: cfnInstanceEndpoint(t, region, primaryTemplate),
    globalForwarding: cluster.EnableGlobalWriteForwarding === true && consistency,
    localForwarding: cluster.EnableLocalWriteForwarding === true && consistency,
    record: record.Failover ?? 'latency',
    writerAlarmShapes: alarms.map((a: any) => shapeOf(a.Dimensions.map((d: any) => d.Name))),
    // The alarm's periods, one more for CloudWatch to evaluate, and Route 53's next look.
    writerSignalSeconds: alarms.length
      ? Math.max(...alarms.map((a: any) => a.Period * (a.EvaluationPeriods + 1))) + https.RequestInterval : undefined,
    // CloudFormation changes only the properties whose template value changes.
    keepsRaisedMinimum: true,
  };
}

function cfnSteps(plan: any): WalkStep[] {
  return plan.Workflows[0].Steps.map((s: any) => {
    const c = s.ExecutionBlockConfiguration;
    return {
      block: s.ExecutionBlockType,
      targetPercent: c.Ec2AsgCapacityIncreaseConfig?.TargetPercent,
      minimumSuccessPercentage: c.Ec2AsgCapacityIncreaseConfig?.Ungraceful?.MinimumSuccessPercentage,
    };
  });
}

function cfnModel(id: string, edit: (templates: Record<string, any>) => void = () => undefined): WalkModel {
  const s = cfn[id];
  const templates: Record<string, any> = clone({
    ...Object.fromEntries(REGIONS.map((r) => [r, cfnTemplate(s.stacks[r].stackName)])), switch: cfnTemplate(s.switchStack!.stackName),
  });
  edit(templates);
  const plan = Object.values<any>(templates.switch.Resources).find((r) => r.Type === 'AWS::ARCRegionSwitch::Plan').Properties;
  const https = Object.values<any>(templates[REGIONS[0]].Resources).find((r) => r.Type === 'AWS::Route53::HealthCheck' && r.Properties.HealthCheckConfig.Type === 'HTTPS').Properties.HealthCheckConfig;
  return {
    flavor: 'cloudformation',
    mode: id,
    regions: REGIONS.map((r, i) => cfnRegion(templates[r], r, i, s, templates[REGIONS[0]])) as [WalkRegion, WalkRegion],
    steps: cfnSteps(plan),
    detectionSeconds: https.RequestInterval * https.FailureThreshold,
  };
}

// ---- Reading the Terraform output.

const tfAll = (c: any, type: string): any[] => Object.values(c.resource?.[type] ?? {});
const tfRef = (c: any, ref: string) => {
  const m = /^\$\{([a-z0-9_]+)\.([^.]+)\.[a-z_]+\}$/.exec(ref)!;
  return c.resource[m[1]][m[2]];
};

function tfInstanceEndpoint(c: any, region: string): InstanceEndpoint {
  const lt = tfAll(c, 'aws_launch_template')[0];
  // The user data is a join() of text and expressions: the expression after DATABASE_HOST= is the host.
  const host = /DATABASE_HOST=", ([^,]+),/.exec(lt.user_data)?.[1] ?? /DATABASE_HOST=\$\{([^}]+)\}/.exec(lt.user_data)?.[1];
  if (host?.startsWith('data.aws_rds_global_cluster.') && host.endsWith('.endpoint')) return { kind: 'global-writer' };
  if (host?.endsWith('.reader_endpoint')) return { kind: 'local-reader' };
  if (host?.startsWith('aws_rds_cluster.')) return { kind: 'cluster', region };
  // A cluster endpoint written out: its Region is in its name.
  const literal = /DATABASE_HOST=[a-z0-9-]+\.cluster-[a-z0-9]+\.([a-z0-9-]+)\.rds\.amazonaws\.com/.exec(lt.user_data);
  if (literal) return { kind: 'cluster', region: literal[1] };
  // Without a host of their own the instances would read the secret, which holds no host in Terraform.
  throw new Error(`no host for the instances in ${region}`);
}

function tfRegion(c: any, region: string, index: number, s: tf.MultiRegionService): WalkRegion {
  const group = tfAll(c, 'aws_autoscaling_group')[0];
  const fn = tfAll(c, 'aws_lambda_function')[0];
  const cluster = tfAll(c, 'aws_rds_cluster')[0];
  const params = Object.fromEntries(tfAll(c, 'aws_rds_cluster_parameter_group')[0].parameter.map((p: any) => [p.name, p.value]));
  const consistency = 'aurora_replica_read_consistency' in params || 'apg_write_forward.consistency_mode' in params;
  const record = tfAll(c, 'aws_route53_record').find((r) => r.type === 'A');
  const recordCheck = tfRef(c, record.health_check_id);
  const children = recordCheck.type === 'CALCULATED' ? recordCheck.child_healthchecks.map((id: string) => tfRef(c, id)) : [];
  const https = tfAll(c, 'aws_route53_health_check').find((h) => h.type === 'HTTPS');
  const alarms = children.filter((h: any) => h.type === 'CLOUDWATCH_METRIC')
    .map((h: any) => tfAll(c, 'aws_cloudwatch_metric_alarm').find((a) => a.alarm_name === h.cloudwatch_alarm_name));
  return {
    region,
    minCapacity: group.min_size,
    peakInstances: s.resilienceReport.regions[index].activatedMinCapacity,
    activationTarget: fn ? Number(fn.environment.variables.TARGET_MIN_CAPACITY) : undefined,
    instanceEndpoint: tfInstanceEndpoint(c, region),
    globalForwarding: cluster.enable_global_write_forwarding === true && consistency,
    localForwarding: cluster.enable_local_write_forwarding === true && consistency,
    record: record.failover_routing_policy?.type ?? 'latency',
    writerAlarmShapes: alarms.map((a: any) => shapeOf(Object.keys(a.dimensions))),
    writerSignalSeconds: alarms.length
      ? Math.max(...alarms.map((a: any) => a.period * (a.evaluation_periods + 1))) + https.request_interval : undefined,
    // The next apply sets every argument back but those in ignore_changes.
    keepsRaisedMinimum: (group.lifecycle?.ignore_changes ?? []).includes('min_size'),
  };
}

function tfModel(id: string, edit: (configs: Record<string, any>) => void = () => undefined): WalkModel {
  const s = terraform[id];
  const configs: Record<string, any> = clone({ ...Object.fromEntries(REGIONS.map((r) => [r, tfConfig(s, r)])), switch: tfConfig(s) });
  edit(configs);
  const plan = tfAll(configs.switch, 'aws_arcregionswitch_plan')[0];
  const https = tfAll(configs[REGIONS[0]], 'aws_route53_health_check').find((h) => h.type === 'HTTPS');
  return {
    flavor: 'terraform',
    mode: id,
    regions: REGIONS.map((r, i) => tfRegion(configs[r], r, i, s)) as [WalkRegion, WalkRegion],
    steps: plan.workflow[0].step.map((x: any) => ({
      block: x.execution_block_type,
      targetPercent: x.ec2_asg_capacity_increase_config?.[0].target_percent,
      minimumSuccessPercentage: x.ec2_asg_capacity_increase_config?.[0].ungraceful[0].minimum_success_percentage,
    })),
    detectionSeconds: https.request_interval * https.failure_threshold,
  };
}

const figures = (s: MultiRegionService | tf.MultiRegionService, key: 'plannedSwitchover' | 'unplannedFailover' | 'failback'): ReportFigures => s.resilienceReport.runbooks![key];

describe.each(Object.keys(MODES))('the Region runbooks of the %s service', (id) => {
  test.each(RUNBOOKS)('%s: both flavors keep every promise, and measure the report\'s figures', (runbook, key) => {
    const report = figures(cfn[id], key);
    expect(figures(terraform[id], key)).toEqual(report);
    const measured = [walk(cfnModel(id), runbook, report), walk(tfModel(id), runbook, report)];
    // The walk measures what the report states: DNS on time, the shortfall it names (no more, no less).
    for (const m of measured) expect(m).toEqual({ dnsSeconds: report.dnsSeconds, shortfallInstances: report.shortfallInstances });
  });
});

describe('the walk fails on the defects issue 28 found', () => {
  test('an unplanned failover whose only raise is the Lambda step (skipped ungracefully): the standby takes the writer short of the peak', () => {
    const lambdaOnly = (plan: any, steps: string) => { plan[steps] = plan[steps].filter((s: any) => (s.ExecutionBlockType ?? s.execution_block_type) !== 'EC2AutoScaling'); };
    const report = figures(cfn.Warm, 'unplannedFailover');
    expect(() => walk(cfnModel('Warm', (t) => lambdaOnly(Object.values<any>(t.switch.Resources).find((r) => r.Type === 'AWS::ARCRegionSwitch::Plan').Properties.Workflows[0], 'Steps')),
      'unplanned-failover', report)).toThrow(/eu-central-1 runs 15 instances when it takes the writer, 12 short of the peak's 27; the report states 3/);
    expect(() => walk(tfModel('Warm', (c) => lambdaOnly(tfAll(c.switch, 'aws_arcregionswitch_plan')[0].workflow[0], 'step')), 'unplanned-failover', report))
      .toThrow(WalkFailure);
  });

  test('the instances on the secret\'s host (the primary\'s cluster endpoint): the standby cannot write after the switch', () => {
    const report = figures(cfn.Warm, 'plannedSwitchover');
    const noHost = (t: any) => {
      for (const r of REGIONS) {
        const lt = Object.values<any>(t[r].Resources).find((x) => x.Type === 'AWS::EC2::LaunchTemplate');
        const parts = userDataParts(lt);
        const at = parts.findIndex((p) => typeof p === 'string' && p.endsWith('DATABASE_HOST='));
        parts.splice(at, 2, parts[at].replace(/DATABASE_HOST=$/, ''));
      }
    };
    expect(() => walk(cfnModel('Warm', noHost), 'planned-switchover', report))
      .toThrow(/answers with eu-central-1, whose instances cannot write \(\{"kind":"cluster","region":"eu-west-1"\}/);
    // Terraform: the primary's cluster endpoint as every Region's host (what the replicated secret held).
    const clusterHost = (c: any) => {
      for (const r of REGIONS) {
        const lt = tfAll(c[r], 'aws_launch_template')[0];
        lt.user_data = lt.user_data.replace(/DATABASE_HOST=", ([^,]+), "/, 'DATABASE_HOST=warm.cluster-c0abc.eu-west-1.rds.amazonaws.com');
      }
    };
    expect(() => walk(tfModel('Warm', clusterHost), 'planned-switchover', report)).toThrow(/whose instances cannot write/);
  });

  test('active-active without forwarding on the primary: once demoted, its Region cannot write', () => {
    const report = figures(cfn.Active, 'plannedSwitchover');
    expect(() => walk(cfnModel('Active', (t) => {
      delete Object.values<any>(t[REGIONS[0]].Resources).find((r) => r.Type === 'AWS::RDS::DBCluster').Properties.EnableGlobalWriteForwarding;
    }), 'planned-switchover', report)).toThrow(/answers with eu-west-1, whose instances cannot write \(\{"kind":"local-reader"\}, writer in eu-central-1\)/);
    expect(() => walk(tfModel('Active', (c) => { delete tfAll(c[REGIONS[0]], 'aws_rds_cluster')[0].enable_global_write_forwarding; }), 'planned-switchover', report))
      .toThrow(/answers with eu-west-1, whose instances cannot write/);
  });

  test('a writer check on one dimension set only (the metric may be published under the other): DNS never follows the writer', () => {
    const report = figures(cfn.Hot, 'plannedSwitchover');
    expect(() => walk(tfModel('Hot', (c) => {
      const calculated = tfAll(c[REGIONS[0]], 'aws_route53_health_check').find((h) => h.type === 'CALCULATED');
      calculated.child_healthchecks = calculated.child_healthchecks.slice(0, 2);
    }), 'planned-switchover', report)).toThrow(/answers with eu-west-1, whose instances cannot write/);
  });

  test('a Terraform apply after the switch: without ignore_changes the raised minimum goes back', () => {
    const report = figures(cfn.Warm, 'plannedSwitchover');
    expect(() => walk(tfModel('Warm', (c) => { tfAll(c[REGIONS[1]], 'aws_autoscaling_group')[0].lifecycle.ignore_changes = []; }), 'planned-switchover', report))
      .toThrow(/next deploy: eu-central-1's raised minimum \(27\) goes back to 15/);
  });
});
