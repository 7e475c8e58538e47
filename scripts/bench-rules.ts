// How long the resilience rule pack takes: the default service's template (about 100 resources),
// that template copied until it holds about 500 (each copy with its own logical ids), and the
// copies again with a parameter of 3 allowed values (3 evaluations); each checked 40 times.
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
  const time = (label: string, template: CfnTemplate) => {
    const runs: number[] = [];
    let findings = 0;
    for (let r = 0; r < 40; r++) {
      const start = process.hrtime.bigint();
      findings = checkTemplate(template).length;
      runs.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    // The first run is what one `check` sees; the last 20 are the pack once the JIT has warmed up.
    const first = runs[0];
    const warm = runs.slice(20).sort((a, b) => a - b);
    console.log(`${label}: ${Object.keys(template.Resources!).length} resources, ${findings} findings: first run ${first.toFixed(1)} ms, then median ${warm[10].toFixed(1)} ms, slowest ${warm[19].toFixed(1)} ms`);
  };
  time('one service', one);
  time('copies', { Resources: resources });
  // The same with a parameter of 3 allowed values that every copy's database depends on (3 evaluations).
  const withChoice = JSON.parse(JSON.stringify({ Resources: resources }).split('"MultiAZ":true').join('"MultiAZ":{"Fn::If":["IsProd",true,false]}'));
  time('copies, 3 parameter values', {
    Parameters: { Env: { Type: 'String', Default: 'prod', AllowedValues: ['dev', 'test', 'prod'] } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    ...withChoice,
  });
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}
