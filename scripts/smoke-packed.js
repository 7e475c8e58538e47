#!/usr/bin/env node
// The packed package where users stand: installed from its tarball into two fresh apps, each with
// only its own framework, then synthesized.
//
//   - a CDK app: the tarball, aws-cdk-lib and constructs. No cdktf may be installed, and
//     `cdk synth --strict` (the repository's CDK CLI) must pass with the README's cdk.json context.
//   - a cdktf app: the tarball, cdktf and constructs. No aws-cdk-lib may be installed, and the app
//     (run with node, as `cdktf synth` runs its app command) must write cdk.tf.json and the report.
//
// Run after `npx projen package` (CI does): `node scripts/smoke-packed.js [dist/js/<tarball>]`.
// Needs the npm registry (or npm's cache) for the frameworks; nothing else.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..');
const pkg = require(path.join(root, 'package.json'));
const tarball = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'js', fs.readdirSync(path.join(root, 'dist', 'js')).find((f) => f.endsWith('.tgz'))));
const versions = { 'aws-cdk-lib': pkg.devDependencies['aws-cdk-lib'], 'cdktf': pkg.devDependencies.cdktf, 'constructs': pkg.devDependencies.constructs };
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'has-packed-'));

function run(cwd, command, args, env = {}) {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: 'true', ...env } });
  if (r.status !== 0) {
    console.error(`${path.basename(cwd)}: ${command} ${args.join(' ')} failed (${r.status})\n${r.stdout}\n${r.stderr}`);
    throw new Error('smoke test failed');
  }
  return r;
}

function app(name, framework, files) {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '0.0.0', private: true, type: 'commonjs' }, undefined, 2));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  run(dir, 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, `${framework}@${versions[framework]}`, `constructs@${versions.constructs}`]);
  return dir;
}

function absent(dir, other) {
  if (fs.existsSync(path.join(dir, 'node_modules', other))) throw new Error(`${path.basename(dir)}: ${other} was installed, but the app does not use it`);
}

/** The README's cdk.json block: the context every snippet needs for an offline synth. */
function readmeCdkJson() {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const block = /```json cdk\.json\n([\s\S]*?)```/.exec(readme);
  if (!block) throw new Error('README.md has no ```json cdk.json block');
  return JSON.parse(block[1]);
}

try {
  const started = Date.now();
  const cdk = app('cdk-app', 'aws-cdk-lib', {
    'app.js': [
      "const { App, Stack } = require('aws-cdk-lib');",
      "const { HighlyAvailableService } = require('cdk-highly-available-service');",
      'const app = new App();',
      "const stack = new Stack(app, 'Api', { env: { account: '123456789012', region: 'eu-west-1' } });",
      "new HighlyAvailableService(stack, 'Web', { minCapacity: 3 });",
      '',
    ].join('\n'),
    'cdk.json': JSON.stringify({ ...readmeCdkJson(), app: 'node app.js' }, undefined, 2),
  });
  absent(cdk, 'cdktf');
  // Plain HTTP is the one documented warning of a zero-config service: --strict would fail on it,
  // so this synth is not strict, and the warning is checked to be the only one.
  const synth = run(cdk, path.join(root, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '--output', 'cdk.out']);
  // The CLI prints each annotation as a block: location, `WARNING <message>`, path, `Acknowledge with '<id>'`.
  const warnings = (synth.stdout + synth.stderr).split(/\n\s*\n/).filter((b) => /^WARNING /m.test(b))
    .map((b) => /Acknowledge with '([^']+)'/.exec(b)?.[1] ?? b);
  if (warnings.join() !== 'Annotation::cdk-highly-available-service:noHttps') throw new Error(`cdk-app: unexpected warnings:\n${warnings.join('\n')}`);
  if (!/INFO Resilience report and deployment diagram: cdk\.out\/Api-Web-[0-9a-f]{8}\.resilience\.md/.test(synth.stdout + synth.stderr)) {
    throw new Error('cdk-app: cdk synth did not say where the resilience report is');
  }
  const template = JSON.parse(fs.readFileSync(path.join(cdk, 'cdk.out', 'Api.template.json'), 'utf8'));
  const groups = Object.values(template.Resources).filter((r) => r.Type === 'AWS::AutoScaling::AutoScalingGroup');
  if (groups.length !== 1 || groups[0].Properties.AvailabilityZones.length !== 3) throw new Error('cdk-app: no fleet over 3 AZs in the template');
  if (!fs.readdirSync(path.join(cdk, 'cdk.out')).some((f) => f.endsWith('.resilience.md'))) throw new Error('cdk-app: no resilience report');
  console.log(`cdk-app: the tarball with aws-cdk-lib ${versions['aws-cdk-lib']} only: cdk synth passes, no cdktf installed`);

  const tf = app('cdktf-app', 'cdktf', {
    'main.js': [
      "const { App, TerraformStack } = require('cdktf');",
      "const { CapacityPlan, tf } = require('cdk-highly-available-service');",
      'const app = new App();',
      "const stack = new TerraformStack(app, 'shop-api');",
      "new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1' });",
      "new tf.HighlyAvailableService(stack, 'Web', {",
      "  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],",
      '  capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 600, requestsPerSecondPerInstance: 100 }),',
      '});',
      'app.synth();',
      '',
    ].join('\n'),
  });
  absent(tf, 'aws-cdk-lib');
  run(tf, process.execPath, ['main.js']);
  const stackDir = path.join(tf, 'cdktf.out', 'stacks', 'shop-api');
  const config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  if (Object.keys(config.resource.aws_autoscaling_group ?? {}).length !== 1) throw new Error('cdktf-app: no fleet in cdk.tf.json');
  if (!fs.readdirSync(stackDir).some((f) => f.endsWith('.resilience.md'))) throw new Error('cdktf-app: no resilience report beside cdk.tf.json');
  console.log(`cdktf-app: the tarball with cdktf ${versions.cdktf} only: synthesizes, no aws-cdk-lib installed`);
  console.log(`packed-package smoke test passed in ${Math.round((Date.now() - started) / 1000)} s`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
