import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main } from '../../src/rules/cli';

// The check command starts without aws-cdk-lib or cdktf: neither may be loaded, even indirectly.
jest.mock('aws-cdk-lib', () => {
  throw new Error('the check command loaded aws-cdk-lib');
});
jest.mock('cdktf', () => {
  throw new Error('the check command loaded cdktf');
});

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-standalone-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the command runs with aws-cdk-lib and cdktf unloadable, on a 100-resource template well under a second', () => {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < 25; i++) {
    resources[`Subnet${i}`] = { Type: 'AWS::EC2::Subnet', Properties: { VpcId: 'vpc-1', CidrBlock: `10.0.${i}.0/24`, AvailabilityZone: 'eu-west-1a' } };
    resources[`Group${i}`] = { Type: 'AWS::AutoScaling::AutoScalingGroup', Properties: { MinSize: '1', MaxSize: '2', VPCZoneIdentifier: [{ Ref: `Subnet${i}` }] } };
    resources[`Db${i}`] = { Type: 'AWS::RDS::DBInstance', Properties: { Engine: 'postgres', MultiAZ: { 'Fn::If': ['IsProd', true, false] } } };
    resources[`Alarm${i}`] = { Type: 'AWS::CloudWatch::Alarm', Properties: { Dimensions: [{ Name: 'AutoScalingGroupName', Value: { Ref: `Group${i}` } }] } };
  }
  const template = path.join(dir, 'big.json');
  fs.writeFileSync(template, JSON.stringify({
    Parameters: { Env: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'test', 'prod'] } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] } },
    Resources: resources,
  }));
  const out: string[] = [];
  const start = process.hrtime.bigint();
  const code = main(['check', template], (s) => out.push(s));
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  expect(code).toBe(1);
  expect(out.join('\n')).toMatch(/^50 errors, \d+ warnings in 1 template/m);
  expect(ms).toBeLessThan(1000);
});

test('no module the command imports, directly or not, imports aws-cdk-lib, cdktf or constructs', () => {
  const allowed = new Set(['fs', 'path', 'url', 'yaml']);
  const seen = new Set<string>();
  const outside = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(file, 'utf8');
    // Type-only imports are erased by the compiler: they load nothing.
    for (const m of text.matchAll(/^(?:import|export)(?!\s+type\b)[^;]*?from\s+'([^']+)'|require\('([^']+)'\)/gm)) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith('.')) visit(require.resolve(path.resolve(path.dirname(file), spec)));
      else outside.add(spec);
    }
  };
  visit(require.resolve('../../src/rules/cli'));
  expect([...outside].filter((m) => !allowed.has(m))).toEqual([]);
  expect(seen.size).toBeGreaterThan(30);
});
