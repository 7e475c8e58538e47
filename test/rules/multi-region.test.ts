import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Validations } from 'aws-cdk-lib';
import { CapacityPlan, MultiRegionService, ResilienceChecks, tf } from '../../src';
import { checkInputs, readInputs } from '../../src/rules';
import { Testing } from '../../src/tf/private/cdktf';

// One app, several templates: the failover records of a MultiRegionService are split over its
// Regions' stacks, and `check` on the app's output pairs them (no "without its partner").

const ACCOUNT = '123456789012';
const REGIONS = ['eu-west-1', 'eu-central-1'];
const PROPS = {
  regions: REGIONS,
  account: ACCOUNT,
  domainName: 'shop.example.com',
  hostedZoneId: 'Z0123456789ABCDEFGHIJ',
  hostedZoneName: 'example.com',
  // The parts the records do not depend on left out, to keep the synthesis short.
  service: {
    capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }),
    dashboard: false,
    webAcl: false,
    faultInjection: false,
  },
};

const outRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'check-multi-region-'));
afterAll(() => fs.rmSync(outRoot, { recursive: true, force: true }));

const ids = (target: string) => checkInputs(readInputs(target).inputs).templates.flatMap((t) => t.findings.map((f) => `${f.ruleId}@${f.resource}`));

test('a cloud assembly of a MultiRegionService: each failover record has its partner in the other Region', () => {
  const app = new App({
    outdir: fs.mkdtempSync(path.join(outRoot, 'cfn-')),
    // The multi-Region stacks' CloudFormation validate rules run in service/multi-region.test.ts.
    builtinCloudFormationValidation: false,
    context: Object.fromEntries(REGIONS.map((r) => [`availability-zones:account=${ACCOUNT}:region=${r}`, ['a', 'b', 'c'].map((x) => `${r}${x}`)])),
  });
  // The rule pack as the app's validation plugin too: it sees every stack of the app.
  Validations.of(app).addPlugins(new ResilienceChecks());
  const service = new MultiRegionService(app, 'Shop', PROPS);
  const assembly = app.synth();
  expect(ids(assembly.directory).filter((f) => f.startsWith('HA-R53'))).toEqual([]);
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
  // The report lists a plugin with its violations (none listed when it found none).
  const found = (report.pluginReports as any[]).filter((p) => p.pluginName === 'Resilience').flatMap((p) => p.violations as any[]);
  expect(found.map((v) => v.ruleName).filter((r: string) => r.startsWith('HA-R53'))).toEqual([]);
  // One Region's template alone has its record's partner elsewhere: that is what the pairing fixes.
  const primary = path.join(assembly.directory, assembly.getStackByName(service.stacks[REGIONS[0]].stackName).templateFile);
  expect(ids(primary).filter((f) => f.startsWith('HA-R53-2')).length).toBeGreaterThan(0);
});

test('a cdktf output of a tf.MultiRegionService: the same pairing across its stacks', () => {
  const app = Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'tf-')) });
  new tf.MultiRegionService(app, 'Shop', PROPS);
  app.synth();
  expect(ids(app.outdir).filter((f) => f.startsWith('HA-R53'))).toEqual([]);
  const one = readInputs(app.outdir).inputs.find((i) => ids(i.path).some((f) => f.startsWith('HA-R53-2')));
  expect(one).toBeDefined();
});
