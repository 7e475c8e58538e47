import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCheckCommand } from '../../src/rules';
import { defaultService } from '../util';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): { code: number; out: string; err: string } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runCheckCommand(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text);
  return p;
}

const SINGLE_AZ_GROUP_YAML = `
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: vpc-1
      CidrBlock: 10.0.0.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
  Group:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '2'
      VPCZoneIdentifier: [!Ref Subnet]
      LaunchTemplate: { LaunchTemplateId: lt-1, Version: !GetAtt Lt.LatestVersionNumber }
  Table:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: !Sub '\${AWS::StackName}-table'
`;

test('a YAML template with short-form intrinsics: a table of findings, exit 1 on an error', () => {
  const r = run('check', file('template.yaml', SINGLE_AZ_GROUP_YAML));
  expect(r.code).toBe(1);
  expect(r.out).toMatch(/^level +rule +template +resource +finding$/m);
  expect(r.out).toMatch(/^error +HA-ASG1 +.*template\.yaml +Group +Auto Scaling group in fewer than 2 Availability Zones: the group spans 1 AZ$/m);
  expect(r.out).toMatch(/^warning +HA-DDB1 +.*Table/m);
  expect(r.out).toMatch(/^\d+ error\(s\), \d+ warning\(s\) in 1 template\(s\)$/m);
});

test('a JSON template with warnings only exits 0', () => {
  const r = run('check', file('warn.json', JSON.stringify({ Resources: { Box: { Type: 'AWS::EC2::Instance', Properties: {} } } })));
  expect(r.code).toBe(0);
  expect(r.out).toContain('HA-EC2-1');
  expect(r.out).toContain('0 error(s), 1 warning(s) in 1 template(s)');
});

test('a cloud assembly: every stack template, and our service is clean', () => {
  const assembly = defaultService().app.synth();
  const r = run('check', assembly.directory);
  expect(r.code).toBe(0);
  expect(r.out).toBe('0 error(s), 0 warning(s) in 1 template(s)');
});

test.each<[string, () => string, RegExp]>([
  ['a missing path', () => path.join(dir, 'nope.json'), /^error: .*nope\.json: no such file or folder$/],
  ['an empty file', () => file('empty.json', '  \n'), /^error: .*empty\.json: the file is empty$/],
  ['a file that is not a template', () => file('list.json', '[1, 2, 3]'), /^error: .*list\.json: not a CloudFormation template \(no Resources section\)$/],
  ['a file that is neither JSON nor YAML', () => file('bad.yaml', 'a: [1, 2\nb: }'), /^error: .*bad\.yaml: neither JSON nor YAML/],
  ['a folder without templates', () => fs.mkdtempSync(path.join(dir, 'empty-')), /^error: .*: no CloudFormation template in this folder/],
])('%s: one clear line, exit 2', (_name, target, message) => {
  const r = run('check', target());
  expect(r.code).toBe(2);
  expect(r.err).toMatch(message);
  expect(r.err.split('\n')).toHaveLength(1);
});

test('usage', () => {
  expect(run().code).toBe(2);
  expect(run('lint', 'x').err).toMatch(/^usage: cdk-highly-available-service check/);
});
