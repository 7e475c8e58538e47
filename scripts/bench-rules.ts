// How long the resilience rule pack takes: the default service's template (about 100 resources),
// that template copied until it holds about 500 (each copy with its own logical ids), and the
// copies again with a parameter of 3 allowed values (3 evaluations); each checked 40 times. Then
// `check` end to end on a Terraform plan of 100 resources (the corpus plans of test/rules copied
// into modules): the compiled command started by node, as a user runs it.
//
//   npm run bench:rules
import { execFileSync, spawnSync } from 'child_process';
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

  // A plan of 100 resources: the corpus plans' resources, copied into modules until there are 100.
  const plansDir = path.join(__dirname, '..', 'test', 'rules', 'fixtures', 'plans');
  const sources = fs.readdirSync(plansDir).filter((f) => f.endsWith('.json') && f !== 'expected.json')
    .map((f) => JSON.parse(fs.readFileSync(path.join(plansDir, f), 'utf8')));
  const plan = bigPlan(sources, 100);
  const planFile = path.join(outdir, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan, null, 2));
  // The command as installed: src/rules compiled to JavaScript (as the package ships it), started by node.
  const compiled = path.join(outdir, 'lib');
  compileRules(path.join(__dirname, '..', 'src', 'rules'), path.join(compiled, 'rules'));
  const cli = path.join(compiled, 'rules', 'cli.js');
  const runs: number[] = [];
  let output = '';
  for (let r = 0; r < 10; r++) {
    const start = process.hrtime.bigint();
    try {
      output = execFileSync(process.execPath, [cli, 'check', planFile], { encoding: 'utf8' });
    } catch (e) {
      output = (e as { stdout: string }).stdout; // exit code 1: errors found
    }
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  // CPU time of the whole process (node's start included): what the run costs whatever else the machine runs.
  const cpu: number[] = [];
  const measure = `const { main } = require(${JSON.stringify(cli)}); main(['check', ${JSON.stringify(planFile)}], () => undefined);`
    + ' const u = process.cpuUsage(); process.stderr.write(String((u.user + u.system) / 1000));';
  for (let r = 0; r < 10; r++) {
    const child = spawnSync(process.execPath, ['-e', measure], { encoding: 'utf8' });
    cpu.push(Number(child.stderr));
  }
  const nodeAlone: number[] = [];
  for (let r = 0; r < 10; r++) {
    const start = process.hrtime.bigint();
    execFileSync(process.execPath, ['-e', '0']);
    nodeAlone.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  // The same in this process, node already started: what `check` adds to node's start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { main } = require(cli);
  const inProcess: number[] = [];
  for (let r = 0; r < 10; r++) {
    const start = process.hrtime.bigint();
    main(['check', planFile], () => undefined, () => undefined);
    inProcess.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  const planSize = plan.resource_changes.length;
  console.log(`check on a plan of ${planSize} resources, end to end (node started, file read, judged, printed): `
    + `median ${median(runs).toFixed(0)} ms, slowest ${Math.max(...runs).toFixed(0)} ms; node starting alone ${median(nodeAlone).toFixed(0)} ms; `
    + `in a started process: first run ${inProcess[0].toFixed(0)} ms, then median ${median(inProcess.slice(1)).toFixed(0)} ms; `
    + `CPU time of the whole command: median ${median(cpu).toFixed(0)} ms, most ${Math.max(...cpu).toFixed(0)} ms (load average ${os.loadavg()[0].toFixed(1)})`);
  console.log(`  ${output.trim().split('\n').pop()}`);
} finally {
  fs.rmSync(outdir, { recursive: true, force: true });
}

/** Every .ts file of a folder transpiled to CommonJS JavaScript (no type check: tsc checks them elsewhere). */
function compileRules(from: string, to: string): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript');
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    if (entry.isDirectory()) {
      compileRules(source, path.join(to, entry.name));
    } else if (entry.name.endsWith('.ts')) {
      const js = ts.transpileModule(fs.readFileSync(source, 'utf8'), { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020, esModuleInterop: true } });
      fs.mkdirSync(to, { recursive: true });
      fs.writeFileSync(path.join(to, entry.name.replace(/\.ts$/, '.js')), js.outputText);
    }
  }
}

/** A plan of at least `size` resources: the sources' resources under module.copy<i>, their configuration with them. */
function bigPlan(sources: any[], size: number): any {
  const childModules: any[] = [];
  const changes: any[] = [];
  const calls: Record<string, any> = {};
  for (let i = 0; changes.length < size; i++) {
    const source = sources[i % sources.length];
    const prefix = `module.copy${i}.`;
    const rename = (address: string) => prefix + address;
    const modules = [source.planned_values.root_module, ...(source.planned_values.root_module.child_modules ?? [])];
    childModules.push({
      address: `module.copy${i}`,
      resources: [],
      child_modules: modules.map((m: any) => ({ address: rename(m.address ?? '').replace(/\.$/, ''), resources: (m.resources ?? []).map((r: any) => ({ ...r, address: rename(r.address) })) })),
    });
    for (const c of source.resource_changes) {
      if (changes.length < size) changes.push({ ...c, address: rename(c.address) });
    }
    calls[`copy${i}`] = { source: './copy', module: source.configuration.root_module };
  }
  const keep = new Set(changes.map((c) => c.address));
  for (const m of childModules) for (const c of m.child_modules) c.resources = c.resources.filter((r: any) => keep.has(r.address));
  return {
    format_version: '1.2',
    terraform_version: '1.9.8',
    planned_values: { root_module: { resources: [], child_modules: childModules } },
    resource_changes: changes,
    configuration: { root_module: { resources: [], module_calls: calls } },
  };
}
