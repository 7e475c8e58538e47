import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import {
  Deployment, WalkFigures, WalkResult, readCloudFormation, readTerraform, walkAzImpaired, walkBadRollout, walkInstanceLost, walkWriterLost,
} from './walk';
import { HighlyAvailableService, tf } from '../../src';
import { FAILURE_SEMANTICS } from '../../src/core/aws/failure-semantics';
import { DEFAULTS } from '../../src/core/base/defaults';
import { serviceNamePrefix } from '../../src/core/base/naming';
import { FAILOVER_SECONDS } from '../../src/core/report/report';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { Configuration, PARITY_CONFIGURATIONS } from '../matrices';

// The runbooks of the README (an instance lost, an AZ impaired, the writer lost, a bad rollout), walked
// over what each flavor synthesizes, through the failure-semantics table: after each step the walk
// checks the capacity, where the writer is, how much of the load a bad version carries, and that the
// report predicted what the walk finds. Planted defects show the walk fails on them.

type Json = any;
const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'has-walk-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

/** Both flavors' output and reports of one configuration. */
function synth(config: Configuration): { cfn: Json; tf: Json; cfnReport: Json; tfReport: Json } {
  const dir = fs.mkdtempSync(path.join(outRoot, 'c-'));
  // The parity matrix's configurations: tf/parity.test.ts lints them, compliance.test.ts runs the validate rules on every prop.
  const app = new App({ outdir: path.join(dir, 'cfn'), builtinCloudFormationValidation: false, context: { [`availability-zones:account=${ACCOUNT}:region=${REGION}`]: AZS } });
  const stack = new Stack(app, 'Shop', { env: { account: ACCOUNT, region: REGION } });
  new HighlyAvailableService(stack, 'Api', config.cfn(stack));
  const assembly = app.synth();
  const prefix = serviceNamePrefix('Shop', ['Api']);
  const cfnReport = JSON.parse(fs.readFileSync(path.join(assembly.directory, `${prefix}.resilience.json`), 'utf8'));
  const tfApp = Testing.app({ outdir: path.join(dir, 'tf') });
  const tfStack = new TerraformStack(tfApp, 'Shop');
  new tf.AwsProvider(tfStack, 'aws', { region: REGION });
  new tf.HighlyAvailableService(tfStack, 'Api', { availabilityZones: AZS, ...config.tf() });
  const tfJson = JSON.parse(Testing.synth(tfStack));
  tfApp.synth();
  const tfReport = JSON.parse(fs.readFileSync(path.join(dir, 'tf', 'stacks', 'Shop', `${prefix}.resilience.json`), 'utf8'));
  return { cfn: assembly.getStackByName('Shop').template, tf: tfJson, cfnReport, tfReport };
}

const FIGURES: WalkFigures = {
  bootSeconds: DEFAULTS.bootEstimateSeconds,
  // The critical alarms need 3 one-minute periods of errors.
  alarmSeconds: 3 * 60,
  failoverSeconds: { aurora: FAILOVER_SECONDS.auroraWithReader, multiAz: FAILOVER_SECONDS.multiAzInstance },
};

function walkAll(d: Deployment, report: Json): Record<string, WalkResult> {
  return {
    instanceLost: walkInstanceLost(d, report, FIGURES),
    azImpaired: walkAzImpaired(d, report),
    writerLost: walkWriterLost(d, report, FIGURES),
    badRollout: walkBadRollout(d, FIGURES),
  };
}
const problems = (results: Record<string, WalkResult>) => Object.fromEntries(Object.entries(results).map(([k, r]) => [k, r.problems]));
const NONE = { instanceLost: [], azImpaired: [], writerLost: [], badRollout: [] };

const WALKED = ['default', 'Multi-AZ Postgres instance', 'planned demand with schedules'];
const outputs = new Map(PARITY_CONFIGURATIONS.filter((c) => WALKED.includes(c.name)).map((c) => [c.name, synth(c)]));

describe.each(WALKED)('%s', (name) => {
  const out = outputs.get(name)!;
  test('CloudFormation: every runbook holds, step by step', () => {
    expect(problems(walkAll(readCloudFormation(out.cfn), out.cfnReport))).toEqual(NONE);
  });
  test('Terraform: every runbook holds, step by step', () => {
    expect(problems(walkAll(readTerraform(out.tf), out.tfReport))).toEqual(NONE);
  });
});

test('every step of every walk names a behaviour of the failure-semantics table', () => {
  const out = outputs.get('default')!;
  const ids = new Set(FAILURE_SEMANTICS.map((s) => s.id));
  const used = Object.values(walkAll(readCloudFormation(out.cfn), out.cfnReport)).flatMap((r) => r.steps.flatMap((s) => s.by));
  expect(used.length).toBeGreaterThan(5);
  expect(used.filter((id) => !ids.has(id))).toEqual([]);
  // Every row has a source, and says when it holds (a condition, or the ARC execution mode).
  expect(FAILURE_SEMANTICS.filter((s) => !s.source || !s.behaviour || (!s.condition && !s.mode))).toEqual([]);
});

// Today's defects, planted back into what the flavors synthesized: the walk must fail on each.
describe('the walk fails on a planted defect', () => {
  const out = outputs.get('default')!;
  const copy = (o: Json): Json => JSON.parse(JSON.stringify(o));
  const azExperiment = (t: Json) => Object.values(t.Resources as Record<string, Json>)
    .find((r) => r.Type === 'AWS::FIS::ExperimentTemplate' && String(r.Properties.Tags.Name).endsWith('-AzImpairment')).Properties;
  const group = (t: Json) => Object.values(t.Resources as Record<string, Json>).find((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
  const tfGroup = (j: Json) => Object.values(j.resource.aws_autoscaling_group as Record<string, Json>)[0];
  const tfAzExperiment = (j: Json) => Object.values(j.resource.aws_fis_experiment_template as Record<string, Json>)
    .find((e) => String(e.tags.Name).endsWith('-AzImpairment'));

  test('an AZ experiment that always fails the database over moves the writer into the cut-off AZ (both flavors)', () => {
    const cfn = copy(out.cfn);
    delete azExperiment(cfn).Targets.FailOverDatabase.Parameters;
    expect(walkAzImpaired(readCloudFormation(cfn), out.cfnReport).problems).toEqual([expect.stringContaining('can be moved into it, and writes stop')]);
    const tfJson = copy(out.tf);
    delete tfAzExperiment(tfJson).target.find((t: Json) => t.name === 'FailOverDatabase').parameters;
    expect(walkAzImpaired(readTerraform(tfJson), out.tfReport).problems).toEqual([expect.stringContaining('can be moved into it, and writes stop')]);
  });

  test('a failover scoped to the writer\'s AZ in a template that fails on empty targets fails whenever the writer is elsewhere', () => {
    const cfn = copy(out.cfn);
    azExperiment(cfn).ExperimentOptions.EmptyTargetResolutionMode = 'fail';
    expect(walkAzImpaired(readCloudFormation(cfn), out.cfnReport).problems).toEqual([
      expect.stringContaining('eu-west-1b the failover target resolves to nothing'),
    ]);
  });

  test('a rollout in one batch carries the whole load before anything stops it (both flavors)', () => {
    const cfn = copy(out.cfn);
    const p = group(cfn).UpdatePolicy.AutoScalingInstanceRefresh.Preferences;
    Object.assign(p, { MaxHealthyPercentage: 200 });
    delete p.CheckpointPercentages;
    delete p.CheckpointDelay;
    delete p.BakeTime;
    const cfnProblems = walkBadRollout(readCloudFormation(cfn), FIGURES).problems;
    expect(cfnProblems).toEqual(expect.arrayContaining([
      expect.stringContaining('fails at once carries the whole load'),
      expect.stringContaining('fails after its warm-up finishes the rollout before an alarm fires'),
    ]));
    const tfJson = copy(out.tf);
    const prefs = tfGroup(tfJson).instance_refresh.preferences;
    prefs.max_healthy_percentage = 200;
    delete prefs.checkpoint_percentages;
    delete prefs.checkpoint_delay;
    expect(walkBadRollout(readTerraform(tfJson), FIGURES).problems).toEqual(cfnProblems);
  });

  test('HealthyHostsBelowNeed on the Minimum statistic stops the AZ experiment it should stay quiet in', () => {
    const cfn = copy(out.cfn);
    const alarm = Object.values(cfn.Resources as Record<string, Json>)
      .find((r) => r.Type === 'AWS::CloudWatch::Alarm' && String(r.Properties.AlarmName).endsWith('-HealthyHostsBelowNeed'));
    alarm.Properties.Statistic = 'Minimum';
    expect(walkAzImpaired(readCloudFormation(cfn), out.cfnReport).problems).toEqual([expect.stringContaining('HealthyHostsBelowNeed (Minimum) sees 0')]);
  });

  test('an AZ experiment that starts an autoshift the service does not have rehearses a mitigation it lacks', () => {
    const cfn = copy(out.cfn);
    azExperiment(cfn).Actions.ShiftAway = { ActionId: 'aws:arc:start-zonal-autoshift', Targets: { ManagedResources: 'DisruptNetwork' } };
    expect(walkAzImpaired(readCloudFormation(cfn), out.cfnReport).problems).toEqual([expect.stringContaining('rehearses a mitigation the deployment lacks')]);
  });

  test('a write endpoint that does not follow the writer (the reader endpoint, one instance\'s) fails the writer-lost walk', () => {
    const tfJson = copy(out.tf);
    const key = Object.keys(tfJson.output).find((k) => /_DatabaseEndpoint_/.test(k))!;
    expect(readTerraform(tfJson).database!.writeEndpoint).toBe('aws_rds_cluster.endpoint');
    tfJson.output[key].value = tfJson.output[key].value.replace('.endpoint}', '.reader_endpoint}');
    expect(walkWriterLost(readTerraform(tfJson), out.tfReport, FIGURES).problems)
      .toEqual(['the write endpoint given to the instances is aws_rds_cluster.reader_endpoint, which does not follow the writer']);
  });

  test('a report whose replacement adds the grace period does not match the walk', () => {
    expect(walkInstanceLost(readCloudFormation(out.cfn), { ...out.cfnReport, replacementSeconds: 440 }, FIGURES).problems)
      .toEqual([expect.stringContaining('the report says a replacement takes 440 s; the walk finds 160 s')]);
  });
});
