#!/usr/bin/env node
// The quick start's main job: synthesize each app under examples/ with the real cdk CLI (offline:
// the AZs are pinned in each cdk.json), then print the resilience report the construct writes
// into the cloud assembly. A cdktf app (cdktf.json) is run with the app command its cdktf.json
// declares, which is what `cdktf synth` runs, and its report is read beside cdk.tf.json.
//
//   npm run example            every example
//   npm run example -- basic   one of them
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const examplesDir = path.join(__dirname, '..', 'examples');
const cdk = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk');
const wanted = process.argv.slice(2);
const all = fs.readdirSync(examplesDir).filter((d) => wanted.length === 0 || wanted.includes(d));
const examples = all.filter((d) => fs.existsSync(path.join(examplesDir, d, 'cdk.json')));
const terraformExamples = all.filter((d) => fs.existsSync(path.join(examplesDir, d, 'cdktf.json')));
if (examples.length + terraformExamples.length === 0) {
  console.error(`no example matches ${wanted.join(', ')}`);
  process.exit(1);
}

const pct = (x) => `${Math.round(x * 1e6) / 1e4} %`;

function printReport(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  const perAz = r.minInstancesPerAz === r.maxInstancesPerAz ? `${r.maxInstancesPerAz}` : `${r.minInstancesPerAz}-${r.maxInstancesPerAz}`;
  const ofPeak = r.capacityAfterAzLossPercentOfPeak !== undefined ? `, ${r.capacityAfterAzLossPercentOfPeak} % of peak` : '';
  console.log(`\nResilience report (${path.relative(process.cwd(), file)})`);
  console.log(`  Availability Zones        ${r.availabilityZones}`);
  console.log(`  instances per AZ          ${perAz} (fleet ${r.minCapacity}-${r.maxCapacity})`);
  console.log(`  after losing an AZ        ${r.instancesAfterAzLoss} instances, ${r.capacityAfterAzLossPercentOfMinimum} % of the minimum${ofPeak}`);
  console.log(`  dead instance             out of rotation in ${r.detectionSeconds} s, replaced in ~${r.replacementSeconds} s`);
  console.log(`  load balancer reserves    ${r.loadBalancerCapacityUnits ? `${r.loadBalancerCapacityUnits} LCUs, $${r.loadBalancerCapacityHourlyCostUsd} an hour` : 'nothing'}`);
  console.log(`  AZ distribution           ${r.capacityDistributionStrategy}; group deletion protection: ${r.fleetDeletionProtection.split(' ')[0].replace(/[:;]$/, '')}`);
  console.log(`  database                  ${r.databaseTopology}${r.databaseFailoverSeconds ? `, failover ~${r.databaseFailoverSeconds} s` : ''}`);
  console.log(`  estimated availability    ${pct(r.estimatedAvailability)} (~${r.estimatedDowntimeMinutesPerMonth} min a month; ${r.availabilityTerms.map((t) => t.component).join(' x ')})`);
  console.log(`  alarms                    ${r.alarmCount}`);
  console.log(`  HTTPS                     ${r.https ? 'yes' : 'no (give a certificate or a domain)'}`);
  if (r.cost) {
    const c = r.cost;
    const where = c.pricedInOwnRegion ? c.priceRegion : `${c.priceRegion} prices; its Region's differ`;
    console.log(`  costs a month             $${c.pricedMonthlyUsd.minimum} at the minimum, $${c.pricedMonthlyUsd.peak} at the peak (${where}), plus ${c.unpriced.length} unpriced lines: see the report`);
  }
  for (const f of r.findings) console.log(`  finding                   ${f.id}: ${f.message}`);
  for (const e of r.experiments) {
    const quiet = e.alarmsQuiet.includes('ServiceHealth') ? 'ServiceHealth stays quiet' : 'ServiceHealth may fire (run it off-peak)';
    console.log(`  experiment                ${e.id}: ${e.instancesLeft} instances left; fires: ${e.alarmsExpected.join(', ') || 'nothing'}; ${quiet}`);
  }
  const md = path.relative(process.cwd(), file.replace(/\.json$/, '.md'));
  console.log(`  diagram                   ${md} (a Mermaid flowchart under "Deployment": it renders on GitHub)`);
}

/** The figures for the loss of a Region (MultiRegionService). */
function printMultiRegionReport(file) {
  const r = JSON.parse(fs.readFileSync(file, 'utf8'));
  console.log(`\nMulti-Region report (${path.relative(process.cwd(), file)}): ${r.mode}, RTO ${r.recoveryTimeObjectiveMinutes} min ${r.recoveryTimeObjectiveMet ? 'met' : 'NOT met'}`);
  for (const x of r.regions) {
    console.log(`  ${x.region.padEnd(24)}  ${x.role}: fleet ${x.minCapacity}-${x.maxCapacity}, ${x.activatedMinCapacity} once active; ${x.database ?? 'no database'}`);
  }
  for (const f of r.figures) console.log(`  ${f.label.padEnd(46)}  ${f.value}`);
  for (const p of r.switchPlans) console.log(`  Region switch plan ${p.name}: ${p.steps.join(', then ')}`);
  console.log(`  diagram                   ${path.relative(process.cwd(), file.replace(/\.json$/, '.md'))}`);
}

for (const example of examples) {
  const dir = path.join(examplesDir, example);
  const outDir = path.join(dir, 'cdk.out');
  fs.rmSync(outDir, { recursive: true, force: true });
  console.log(`\n### examples/${example}: cdk synth`);
  const started = Date.now();
  const synth = spawnSync(cdk, ['synth', '--quiet', '--strict', '--output', outDir], {
    cwd: dir,
    stdio: 'inherit',
    // No credentials are needed; stop the SDK from probing instance metadata for them.
    env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
  });
  if (synth.status !== 0) {
    console.error(`cdk synth of examples/${example} failed with exit code ${synth.status}`);
    process.exit(synth.status || 1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // Some plugins (cfn-guard) report a violation as a success, which does not fail synthesis:
  // the validation report is what says the templates are clean.
  const validation = JSON.parse(fs.readFileSync(path.join(outDir, 'validation-report.json'), 'utf8'));
  const violations = validation.pluginReports.flatMap((p) => p.violations.map((v) => `${p.pluginName}: ${v.ruleName}`));
  if (violations.length > 0) {
    console.error(`examples/${example} has unacknowledged violations:\n  ${violations.join('\n  ')}`);
    process.exit(1);
  }

  const reports = fs.readdirSync(outDir).filter((f) => f.endsWith('.resilience.json'));
  if (reports.length === 0) {
    console.error(`no resilience report found in ${outDir}`);
    process.exit(1);
  }
  for (const file of reports) printReport(path.join(outDir, file));
  for (const file of fs.readdirSync(outDir).filter((f) => f.endsWith('.multi-region-resilience.json'))) printMultiRegionReport(path.join(outDir, file));
  const templates = fs.readdirSync(outDir).filter((f) => f.endsWith('.template.json'));
  console.log(`\n  templates (synthesized in ${seconds} s, strict, every validation plugin clean):`);
  for (const t of templates) console.log(`    ${path.relative(process.cwd(), path.join(outDir, t))}`);
}

for (const example of terraformExamples) {
  const dir = path.join(examplesDir, example);
  const outDir = path.join(dir, 'cdktf.out');
  fs.rmSync(outDir, { recursive: true, force: true });
  const { app } = JSON.parse(fs.readFileSync(path.join(dir, 'cdktf.json'), 'utf8'));
  console.log(`\n### examples/${example}: cdktf synth (${app})`);
  const started = Date.now();
  const synth = spawnSync(app, {
    cwd: dir,
    shell: true,
    stdio: 'inherit',
    env: { ...process.env, CDKTF_OUTDIR: outDir, CHECKPOINT_DISABLE: '1' },
  });
  if (synth.status !== 0) {
    console.error(`cdktf synth of examples/${example} failed with exit code ${synth.status}`);
    process.exit(synth.status || 1);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  // `cdktf synth` prints the constructs' warnings from the manifest; so does this.
  const manifest = JSON.parse(fs.readFileSync(path.join(outDir, 'manifest.json'), 'utf8'));
  for (const stack of Object.values(manifest.stacks)) {
    for (const a of stack.annotations ?? []) console.log(`${a.level.replace(/^@cdktf\//i, '').toUpperCase()} [${a.constructPath}]: ${a.message}`);
  }
  const stacksDir = path.join(outDir, 'stacks');
  for (const stack of fs.readdirSync(stacksDir)) {
    const stackDir = path.join(stacksDir, stack);
    const reports = fs.readdirSync(stackDir).filter((f) => f.endsWith('.resilience.json'));
    if (reports.length === 0) {
      console.error(`no resilience report found in ${stackDir}`);
      process.exit(1);
    }
    for (const file of reports) printReport(path.join(stackDir, file));
    console.log(`\n  configuration (synthesized in ${seconds} s): ${path.relative(process.cwd(), path.join(stackDir, 'cdk.tf.json'))}`);
    console.log('  next: terraform -chdir=' + path.relative(process.cwd(), stackDir) + ' init && terraform -chdir=' + path.relative(process.cwd(), stackDir) + ' plan');
  }
}
