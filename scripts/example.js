#!/usr/bin/env node
// The quick start's main job: synthesize examples/basic with the real cdk CLI (offline: the AZs
// are pinned in its cdk.json), then print the service summary written into the cloud assembly.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const exampleDir = path.join(__dirname, '..', 'examples', 'basic');
const outDir = path.join(exampleDir, 'cdk.out');
const cdk = path.join(__dirname, '..', 'node_modules', '.bin', 'cdk');

fs.rmSync(outDir, { recursive: true, force: true });
const started = Date.now();
const synth = spawnSync(cdk, ['synth', '--quiet', '--output', outDir, ...process.argv.slice(2)], {
  cwd: exampleDir,
  stdio: 'inherit',
  // No credentials are needed; stop the SDK from probing instance metadata for them.
  env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
});
if (synth.status !== 0) {
  console.error(`cdk synth failed with exit code ${synth.status}`);
  process.exit(synth.status || 1);
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);

const reports = fs.readdirSync(outDir).filter((f) => f.endsWith('.service.json'));
if (reports.length === 0) {
  console.error(`no service summary found in ${outDir}`);
  process.exit(1);
}
for (const file of reports) {
  const s = JSON.parse(fs.readFileSync(path.join(outDir, file), 'utf8'));
  const perAz = s.minInstancesPerAz === s.maxInstancesPerAz ? `${s.maxInstancesPerAz}` : `${s.minInstancesPerAz}-${s.maxInstancesPerAz}`;
  console.log('');
  console.log(`Service summary (${file})`);
  console.log(`  Availability Zones        ${s.availabilityZones}`);
  console.log(`  instances per AZ          ${perAz} (fleet ${s.minCapacity}-${s.maxCapacity}; ${s.instancesAfterAzLoss} left after losing an AZ)`);
  console.log(`  dead instance detected    ${s.detectionSeconds} s, replaced in ~${s.replacementSeconds} s`);
  console.log(`  database                  ${s.databaseTopology}${s.databaseFailoverSeconds ? `, failover ~${s.databaseFailoverSeconds} s` : ''}`);
  console.log(`  alarms                    ${s.alarmCount}`);
  console.log(`  HTTPS                     ${s.https ? 'yes' : 'no (give a certificate or a domain)'}`);
}
const templates = fs.readdirSync(outDir).filter((f) => f.endsWith('.template.json'));
console.log('');
console.log(`Templates (synthesized in ${seconds} s, cdk-nag AwsSolutions clean):`);
for (const t of templates) console.log(`  ${path.relative(process.cwd(), path.join(outDir, t))}`);
