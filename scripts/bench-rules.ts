// How long the resilience rule pack takes on a large template: the default service's template
// copied until it holds about 500 resources (each copy with its own logical ids), checked 20 times.
//
//   npm run bench:rules
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { HighlyAvailableService } from '../src';
import { CfnTemplate, checkTemplate } from '../src/rules';

const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-rules-'));
try {
  const app = new App({ outdir, context: { 'availability-zones:account=111111111111:region=eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] } });
  const stack = new Stack(app, 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  new HighlyAvailableService(stack, 'Web');
  const one = JSON.parse(fs.readFileSync(path.join(app.synth().directory, 'Bench.template.json'), 'utf8'));
  // Copy i renames every logical id X to X_i, in the resources and in every reference to them.
  const ids = Object.keys(one.Resources);
  const copies = Math.ceil(500 / ids.length);
  const resources: CfnTemplate['Resources'] = {};
  for (let i = 0; i < copies; i++) {
    let text = JSON.stringify(one.Resources);
    for (const id of ids) text = text.split(`"${id}"`).join(`"${id}_${i}"`);
    Object.assign(resources!, JSON.parse(text));
  }
  const template = { Resources: resources };
  const runs: number[] = [];
  let findings = 0;
  for (let r = 0; r < 20; r++) {
    const start = process.hrtime.bigint();
    findings = checkTemplate(template).length;
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  runs.sort((a, b) => a - b);
  console.log(`${Object.keys(resources!).length} resources, ${findings} findings: median ${runs[10].toFixed(1)} ms, slowest ${runs[19].toFixed(1)} ms (20 runs)`);
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
