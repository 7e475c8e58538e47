/**
 * Synthesis time of the default HighlyAvailableService against a hand-wired aws-cdk-lib stack with
 * the same VPC, load balancer, Auto Scaling group and Aurora cluster. Both run in this process,
 * alternately, after one warm-up each; the figure is the median of the runs.
 *
 *   npm run bench [-- RUNS]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { buildHandWired } from './hand-wired';
import { HighlyAvailableService } from '../src';

const ENV = { account: '111111111111', region: 'eu-west-1' };
const CONTEXT = { [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'] };

// Every synthesis writes under one temporary folder, removed at the end.
const OUT_ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
process.on('exit', () => fs.rmSync(OUT_ROOT, { recursive: true, force: true }));

function newStack(): { app: App; stack: Stack } {
  const app = new App({ context: CONTEXT, outdir: fs.mkdtempSync(path.join(OUT_ROOT, 'app-')) });
  return { app, stack: new Stack(app, 'Bench', { env: ENV }) };
}

function service(): App {
  const { app, stack } = newStack();
  new HighlyAvailableService(stack, 'Web');
  app.synth();
  return app;
}

function handWired(): App {
  const { app, stack } = newStack();
  buildHandWired(stack);
  app.synth();
  return app;
}

function time(fn: () => unknown): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const runs = Number(process.argv[2] ?? 7);
// Warm-up: module loading and the validation engine's one-time start belong to neither side.
time(service);
time(handWired);
const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < runs; i++) {
  ours.push(time(service));
  theirs.push(time(handWired));
}
const a = median(ours);
const b = median(theirs);
console.log(`runs: ${runs} each, alternating, after one warm-up each (node ${process.version}, ${os.cpus().length} cores)`);
console.log(`HighlyAvailableService (default)      median ${a.toFixed(0)} ms  [${ours.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`hand-wired VPC + ALB + ASG + Aurora   median ${b.toFixed(0)} ms  [${theirs.map((x) => x.toFixed(0)).join(', ')}]`);
console.log(`ratio: ${(a / b).toFixed(2)}x`);
