import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

// cfn-lint (installed with the machine's Python; 1.51 when this was written) over synthesized
// templates: AWS's own linter knows the resource specifications, each property's allowed values
// and patterns, and the ways a template can be correct and still fail or mislead at deployment.
// Every finding fails the test but those below, and each of those is something cfn-lint cannot
// know, with its reason.

/** One finding of `cfn-lint --format json`. */
export interface LintFinding {
  readonly Rule: { readonly Id: string };
  readonly Message: string;
  readonly Filename: string;
  readonly Location: { readonly Path: Array<string | number> };
}

interface Ignore {
  readonly rule: string;
  /** Whether the finding is the one this ignore is for, given the resource it is about. */
  readonly applies: (finding: LintFinding, resource: { Type: string; Properties?: any }) => boolean;
  readonly reason: string;
}

const at = (finding: LintFinding) => finding.Location.Path.slice(2).join('/');
/** A major version only: `17`, `8.0`, `8.4`. */
const MAJOR_VERSION = /^\d+(\.\d+)?$/;
const majorOnly = (_f: LintFinding, r: { Properties?: any }) => MAJOR_VERSION.test(String(r.Properties?.EngineVersion));

/** The only findings the tests accept: what cfn-lint cannot know. */
export const CFN_LINT_IGNORES: readonly Ignore[] = [
  {
    rule: 'E3016',
    applies: (f) => at(f).startsWith('UpdatePolicy') && f.Message.includes('\'AutoScalingInstanceRefresh\' was unexpected'),
    reason: 'The AutoScalingInstanceRefresh update policy (CloudFormation, 2025; aws-cdk-lib 2.263) is newer than cfn-lint 1.51\'s ' +
      'specification of UpdatePolicy.',
  },
  {
    rule: 'W3010',
    applies: (f, r) => (r.Type === 'AWS::EC2::Subnet' && at(f) === 'Properties/AvailabilityZone')
      || (r.Type === 'AWS::RDS::DBInstance' && at(f) === 'Properties/AvailabilityZone')
      || (r.Type === 'AWS::AutoScaling::AutoScalingGroup' && /^Properties\/AvailabilityZones\/\d+$/.test(at(f))),
    reason: 'The AZs are the stack environment\'s, looked up at synthesis (cdk.context.json), not typed in: a subnet and a database ' +
      'instance are placed in one AZ each, and the group states its AZs beside its subnets for governance controls (CT.AUTOSCALING.PR.1).',
  },
  {
    rule: 'E3691',
    applies: majorOnly,
    reason: 'A major version only (8.4): CreateDBInstance creates the major\'s default minor. cfn-lint\'s list holds released minors only.',
  },
  {
    rule: 'W3690',
    applies: majorOnly,
    reason: 'A major version only (8.0): CreateDBCluster creates the major\'s default minor. cfn-lint\'s data, generated from the versions ' +
      'RDS lists, counts a major alias among the retired versions even while its minors are current.',
  },
  {
    rule: 'W3005',
    applies: (f, r) => r.Type === 'AWS::Lambda::Function' && at(f) === 'DependsOn/0' && f.Message.includes('AWS679f53fac002430cb0da5b7982bd2287ServiceRole'),
    reason: 'aws-cdk-lib\'s AwsCustomResource function (the multi-Region stacks read the global writer endpoint and the groups\' ARNs with it) '
      + 'names its role twice, in DependsOn and in Role: its template, not ours.',
  },
  {
    rule: 'W3691',
    applies: majorOnly,
    reason: 'A major version only (17): CreateDBInstance creates the major\'s default minor. cfn-lint\'s data counts a major alias among ' +
      'the retired versions even while its minors are current.',
  },
];

/**
 * Lints templates in one cfn-lint process (its start-up, loading every resource specification,
 * costs more than a template), for their Regions. Returns the findings no ignore accepts, as
 * `<template> <rule> <resource>/<path>: <message>`, and how many findings the ignores accepted.
 */
export function cfnLint(templates: Record<string, any>, region: string | string[]): { findings: string[]; ignored: Record<string, number> } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-cfn-lint-'));
  try {
    const files = Object.entries(templates).map(([name, template]) => {
      const file = path.join(dir, `${name}.json`);
      fs.writeFileSync(file, JSON.stringify(template, undefined, 1));
      return file;
    });
    const regions = Array.isArray(region) ? region : [region];
    const run = spawnSync('cfn-lint', ['--format', 'json', '--regions', ...regions, '--', ...files], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if ((run.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
      throw new Error('cfn-lint is not installed: pip install cfn-lint (these tests were written against 1.51)');
    }
    if (run.error) throw run.error;
    // Exit codes 2, 4 and 8 (and their sums) say what levels were found; anything else is a failure of cfn-lint itself.
    const out = run.stdout.trim() || '[]';
    if (run.status === null || (run.status & 1) !== 0 || !out.startsWith('[')) { // eslint-disable-line no-bitwise
      throw new Error(`cfn-lint failed (exit ${run.status}): ${run.stderr || run.stdout}`);
    }
    const ignored: Record<string, number> = {};
    const findings = (JSON.parse(out) as LintFinding[]).flatMap((f) => {
      const name = path.basename(f.Filename, '.json');
      const [, logicalId] = f.Location.Path;
      const resource = templates[name]?.Resources?.[logicalId] ?? { Type: '' };
      const ignore = CFN_LINT_IGNORES.find((i) => i.rule === f.Rule.Id && i.applies(f, resource));
      if (ignore) {
        ignored[f.Rule.Id] = (ignored[f.Rule.Id] ?? 0) + 1;
        return [];
      }
      return [`${name} ${f.Rule.Id} ${f.Location.Path.slice(1).join('/')}: ${f.Message}`];
    });
    return { findings, ignored };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
