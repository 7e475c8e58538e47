// Terraform's own JSON syntax, checked by an implementation that is not ours: HCL v2's JSON parser
// (Debian's golang-github-hashicorp-hcl-v2-dev, the library Terraform parses with), through the Go
// program in hclcheck/, which decodes depends_on as Terraform's configs package does
// (hcl.AbsTraversalForExpr) and parses every string as a template. Built once into .cache/.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CapacityPlan, DatabaseEngine, RegionMode, tf } from '../../src';
import { TerraformStack, Testing } from '../../src/tf/private/cdktf';
import { PARITY_CONFIGURATIONS } from '../matrices';
import { testTfApp } from '../util';

const ROOT = path.join(__dirname, '..', '..');
const SOURCE = path.join(__dirname, 'hclcheck', 'main.go');
const CACHE = path.join(ROOT, '.cache', 'hclcheck');
const BINARY = path.join(CACHE, 'hclcheck');
/** Where Debian puts the library's source: built in GOPATH mode, nothing downloaded. */
const GOCODE = '/usr/share/gocode';
const PACKAGES = 'apt-get install -y golang-go golang-github-hashicorp-hcl-v2-dev';

/** The checker, built from SOURCE unless the cached binary is newer. */
function checker(): string {
  if (fs.existsSync(BINARY) && fs.statSync(BINARY).mtimeMs >= fs.statSync(SOURCE).mtimeMs) return BINARY;
  if (!fs.existsSync(path.join(GOCODE, 'src', 'github.com', 'hashicorp', 'hcl', 'v2'))) {
    throw new Error(`HCL v2's source is not under ${GOCODE}: ${PACKAGES} (.ci/run does)`);
  }
  fs.mkdirSync(CACHE, { recursive: true });
  execFileSync('go', ['build', '-o', BINARY, SOURCE], {
    env: { ...process.env, GO111MODULE: 'off', GOPATH: `${path.join(CACHE, 'gopath')}:${GOCODE}`, GOCACHE: path.join(CACHE, 'gocache'), GOFLAGS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return BINARY;
}

/** The checker's findings, one line each; none when Terraform's syntax holds. */
function problems(files: string[]): string[] {
  try {
    execFileSync(checker(), files, { stdio: ['ignore', 'pipe', 'pipe'] });
    return [];
  } catch (e: any) {
    if (e.status !== 1) throw e;
    return String(e.stdout).split('\n').filter((l) => l.length > 0);
  }
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-hcl-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Every configuration the Terraform flavor writes in the tests: each parity configuration, and each multi-Region mode's Regions and switch. */
function configurations(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of PARITY_CONFIGURATIONS) {
    const app = testTfApp();
    const stack = new TerraformStack(app, 'Stack');
    new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1' });
    new tf.HighlyAvailableService(stack, 'Service', c.tf());
    out[`single-${c.name}`] = Testing.synth(stack);
  }
  const modes: Array<[string, RegionMode, DatabaseEngine | undefined]> = [
    ['Warm', RegionMode.WARM_STANDBY, undefined], ['Hot', RegionMode.HOT_STANDBY, undefined], ['Active', RegionMode.ACTIVE_ACTIVE, DatabaseEngine.AURORA_MYSQL],
  ];
  for (const [id, mode, engine] of modes) {
    const app = testTfApp();
    const s = new tf.MultiRegionService(app, id, {
      regions: ['eu-west-1', 'eu-central-1'],
      account: '123456789012',
      domainName: 'shop.example.com',
      hostedZoneId: 'Z0123456789ABCDEFGHIJ',
      hostedZoneName: 'example.com',
      mode,
      recoveryTimeObjectiveMinutes: mode === RegionMode.HOT_STANDBY ? 10 : undefined,
      service: { capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }), databaseEngine: engine },
    });
    for (const [region, stack] of Object.entries(s.stacks)) out[`${id}-${region}`] = Testing.synth(stack);
    out[`${id}-switch`] = Testing.synth(s.switchStack!);
  }
  return out;
}

describe('HCL v2\'s JSON parser on the Terraform flavor\'s configurations', () => {
  test('every configuration parses; every depends_on is a static reference; every string is a template', () => {
    const files = Object.entries(configurations()).map(([name, json]) => {
      const file = path.join(dir, `${name}.tf.json`);
      fs.writeFileSync(file, json);
      return file;
    });
    expect(files.length).toBeGreaterThan(PARITY_CONFIGURATIONS.length);
    // The checker reads depends_on where the configurations have it (the plan after its role's policy, the cluster after the global database).
    expect(files.filter((f) => fs.readFileSync(f, 'utf8').includes('"depends_on"')).length).toBeGreaterThan(3);
    expect(problems(files)).toEqual([]);
  }, 300_000);

  test('the checker refuses what Terraform refuses: a template in depends_on, an unclosed interpolation', () => {
    const bad = path.join(dir, 'bad.tf.json');
    fs.writeFileSync(bad, JSON.stringify({ resource: { aws_x: { a: { depends_on: ['${aws_y.b}'] }, c: { depends_on: ['aws_y.b'], name: 'ok' } } } }));
    const unclosed = path.join(dir, 'unclosed.tf.json');
    fs.writeFileSync(unclosed, JSON.stringify({ resource: { aws_x: { a: { name: '${aws_y.b' } } } }));
    const found = problems([bad, unclosed]);
    expect(found).toHaveLength(2);
    expect(found[0]).toContain('A single static variable reference is required');
    expect(found[1]).toContain('Unclosed template interpolation sequence');
  });
});
