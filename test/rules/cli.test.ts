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

/** The summary at the end of the text output, its wrapped lines joined. */
const summary = (out: string) => out.slice(out.search(/^\d+ errors?, /m)).replace(/\n +/g, ' ');

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
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
const WARNING_ONLY = JSON.stringify({ Resources: { Box: { Type: 'AWS::EC2::Instance', Properties: {} } } }, null, 2);

describe('text output', () => {
  const r = run('check', file('template.yaml', SINGLE_AZ_GROUP_YAML));

  test('each finding with its rule, resource, line, reason and fix; exit 1 on an error', () => {
    expect(r.code).toBe(1);
    expect(r.out).toContain([
      '  error    HA-ASG1    Group (AWS::AutoScaling::AutoScalingGroup), line 10',
      '           Auto Scaling group in fewer than 2 Availability Zones: the group spans 1 AZ.',
      '           why   Losing that one AZ takes the whole fleet with it.',
      '           fix   Give the group subnets (VPCZoneIdentifier) in at least 2 AZs, 3 for the best',
      '                 capacity after a loss.',
    ].join('\n'));
    expect(r.out).toMatch(/^ {2}warning {2}HA-DDB1 {4}Table \(AWS::DynamoDB::Table\), line 17$/m);
  });

  test('the summary names the templates read', () => {
    expect(summary(r.out)).toBe(`1 error, 2 warnings in 1 template: ${path.join(dir, 'template.yaml')}`);
  });

  test('no line is wider than 100 columns', () => {
    const long = run('check', file('long/template.yaml', SINGLE_AZ_GROUP_YAML));
    for (const line of [...r.out.split('\n'), ...long.out.split('\n')]) {
      if (!line.includes(dir)) expect(line.length).toBeLessThanOrEqual(100);
    }
  });
});

test('a JSON template with warnings only exits 0', () => {
  const r = run('check', file('warn.json', WARNING_ONLY));
  expect(r.code).toBe(0);
  expect(r.out).toContain('HA-EC2-1');
  expect(summary(r.out)).toBe(`0 errors, 1 warning in 1 template: ${path.join(dir, 'warn.json')}`);
});

test('a folder of plain templates: each template read, other files skipped and said', () => {
  const folder = path.join(dir, 'templates');
  file('templates/a.yaml', SINGLE_AZ_GROUP_YAML);
  file('templates/b.template', WARNING_ONLY);
  file('templates/package.json', '{ "name": "x" }');
  file('templates/notes.txt', 'not looked at');
  file('templates/nested/c.json', WARNING_ONLY);
  const r = run('check', folder);
  expect(r.code).toBe(1);
  expect(r.out).toContain(`skipped ${path.join(folder, 'package.json')}: not a template`);
  expect(summary(r.out)).toBe(`1 error, 3 warnings in 2 templates: ${path.join(folder, 'a.yaml')}, ${path.join(folder, 'b.template')}`);
});

test('several paths at once', () => {
  const r = run('check', file('one.json', WARNING_ONLY), file('two.json', WARNING_ONLY));
  expect(summary(r.out)).toMatch(/^0 errors, 2 warnings in 2 templates: .*one\.json, .*two\.json$/);
});

test('a cloud assembly: every stack template, and our service is clean', () => {
  const assembly = defaultService().app.synth();
  const r = run('check', assembly.directory);
  expect(r.code).toBe(0);
  expect(summary(r.out)).toBe(`0 errors, 0 warnings in 1 template: ${path.join(assembly.directory, 'Test.template.json')}`);
  expect(r.out.startsWith('0 errors')).toBe(true);
});

describe('--format json', () => {
  test('one document with every finding, its fix and why, and the templates read', () => {
    const r = run('check', '--format', 'json', file('j.yaml', SINGLE_AZ_GROUP_YAML));
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ tool: { name: 'cdk-highly-available-service' }, errors: 1, warnings: 2, skipped: [] });
    expect(doc.templates).toHaveLength(1);
    expect(doc.templates[0]).toMatchObject({ path: path.join(dir, 'j.yaml'), kind: 'CloudFormation template', notJudged: [], notes: [] });
    expect(doc.templates[0].findings[0]).toEqual({
      ruleId: 'HA-ASG1',
      level: 'error',
      title: 'Auto Scaling group in fewer than 2 Availability Zones',
      message: 'the group spans 1 AZ',
      why: 'Losing that one AZ takes the whole fleet with it.',
      fix: 'Give the group subnets (VPCZoneIdentifier) in at least 2 AZs, 3 for the best capacity after a loss.',
      resource: 'Group',
      resourceType: 'AWS::AutoScaling::AutoScalingGroup',
      template: path.join(dir, 'j.yaml'),
      line: 10,
    });
  });

  test('--format=json works too', () => {
    expect(JSON.parse(run('check', '--format=json', file('w2.json', WARNING_ONLY)).out).warnings).toBe(1);
  });
});

describe('--format sarif', () => {
  const subset = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'sarif-2.1.0-subset.json'), 'utf8'));

  /** Every problem of a value against the SARIF 2.1.0 schema's definitions (required, anyOf, properties, types, enums, minimums). */
  function problems(value: any, schema: any, at: string): string[] {
    if (schema.$ref) return problems(value, subset.definitions[schema.$ref], at);
    const out: string[] = [];
    const type = Array.isArray(value) ? 'array' : value === null ? 'null' : Number.isInteger(value) ? 'integer' : typeof value;
    if (schema.type && !(schema.type === type || (schema.type === 'number' && type === 'integer'))) return [`${at}: ${type}, not ${schema.type}`];
    if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in ${schema.enum.join('|')}`);
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: ${value} < ${schema.minimum}`);
    if (schema.uniqueItems && new Set(value.map((v: unknown) => JSON.stringify(v))).size !== value.length) out.push(`${at}: duplicates`);
    if (schema.items) value.forEach((v: unknown, i: number) => out.push(...problems(v, schema.items, `${at}[${i}]`)));
    if (schema.properties) {
      if (type !== 'object') return [`${at}: ${type}, not an object`];
      for (const key of schema.required ?? []) if (!(key in value)) out.push(`${at}: missing required ${key}`);
      if (schema.anyOf && !schema.anyOf.some((keys: string[]) => keys.every((k) => k in value))) out.push(`${at}: needs one of ${JSON.stringify(schema.anyOf)}`);
      for (const [key, v] of Object.entries(value)) {
        if (schema.properties[key]) out.push(...problems(v, schema.properties[key], `${at}.${key}`));
        else if (!schema.additionalProperties) out.push(`${at}: ${key} is not a property`);
      }
    }
    return out;
  }

  test('a SARIF 2.1.0 log that the published schema accepts, one result per finding with its location', () => {
    const r = run('check', '--format', 'sarif', file('s.yaml', SINGLE_AZ_GROUP_YAML), file('s.json', WARNING_ONLY));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.out);
    expect(problems(log, subset.root, '$')).toEqual([]);
    const results = log.runs[0].results;
    expect(results.map((x: any) => `${x.level} ${x.ruleId} ${x.locations[0].logicalLocations[0].name}`)).toEqual([
      'error HA-ASG1 Group', 'warning HA-DDB1 Table', 'warning HA-ALARM1 Group', 'warning HA-EC2-1 Box',
    ]);
    expect(results[0].locations[0].physicalLocation).toEqual({ artifactLocation: { uri: `file://${path.join(dir, 's.yaml')}` }, region: { startLine: 10 } });
    expect(results[0].message.text).toMatch(/^Group: Auto Scaling group in fewer than 2 Availability Zones: the group spans 1 AZ\. Fix: Give the group subnets/);
    const rules = log.runs[0].tool.driver.rules;
    expect(rules[results[0].ruleIndex].id).toBe('HA-ASG1');
  });

  test('the validator catches what the schema forbids', () => {
    expect(problems({ version: '2.0.0', runs: [{ tool: { driver: {} }, results: [{ level: 'fatal', message: {} }] }] }, subset.root, '$')).toEqual([
      '$.version: "2.0.0" not in 2.1.0',
      '$.runs[0].tool.driver: missing required name',
      '$.runs[0].results[0].level: "fatal" not in none|note|warning|error',
      '$.runs[0].results[0].message: needs one of [["text"],["id"]]',
    ]);
  });
});

describe('messages for what is not a template', () => {
  test.each<[string, () => string, RegExp]>([
    ['a missing path', () => path.join(dir, 'nope.json'), /^error: .*nope\.json: no such file or folder$/],
    ['an empty file', () => file('empty.json', '  \n'), /^error: .*empty\.json: the file is empty$/],
    ['a file that is not a template', () => file('list.json', '[1, 2, 3]'), /^error: .*list\.json: not a CloudFormation template \(no Resources section\), a cdktf configuration or a Terraform plan$/],
    ['broken JSON', () => file('bad.json', '{ "Resources": { ]'), /^error: .*bad\.json: not valid JSON \(/],
    ['broken YAML', () => file('bad.yaml', 'Resources:\n  A: [1, 2\nb: }'), /^error: .*bad\.yaml: not valid YAML at line \d+, column \d+: /],
    ['a YAML key written twice', () => file('twice.yaml', 'Resources:\n  Box:\n    Type: AWS::EC2::Instance\n  Box:\n    Type: AWS::EC2::Instance\n'),
      /^error: .*twice\.yaml: line 4: the key 'Box' appears twice in one mapping \(YAML takes each key once\)$/],
    ['a folder without templates', () => fs.mkdtempSync(path.join(dir, 'empty-')), /^error: .*: no template in this folder$/],
  ])('%s: one clear line, exit 2', (_name, target, message) => {
    const r = run('check', target());
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.split('\n')).toHaveLength(1);
  });

  test('tags CloudFormation knows but the pack does not (!ValueOf, any other) print nothing on the console', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const emit = jest.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const r = run('check', file('tags.yaml', 'Rules:\n  R:\n    Assertions:\n      - Assert: !Contains [[a], !ValueOf [P, Attr]]\nResources:\n  Box:\n    Type: AWS::EC2::Instance\n    Properties:\n      X: !Unheard y\n'));
      expect(r.code).toBe(0);
      expect(r.err).toBe('');
      expect(warn).not.toHaveBeenCalled();
      expect(emit).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
      emit.mockRestore();
    }
  });
});

describe('usage', () => {
  test('--help prints the help and exits 0', () => {
    const r = run('--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^usage: cdk-highly-available-service check \[--format text\|json\|sarif\] <path>\.\.\./);
    expect(r.out).toContain('exit codes: 0 no error');
    // The inputs read since issue 26: UTF-16 files, plan message streams named, several Regions paired.
    expect(r.out).toMatch(/UTF-16 \(either byte order, with a byte-order mark/);
    expect(r.out).toContain("'terraform plan -json' are not");
    expect(r.out).toMatch(/every stack template in it, of every Region/);
    expect(run('check', '-h').code).toBe(0);
    for (const line of r.out.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  test('no command, another command, a wrong option or format: the usage on stderr, exit 2', () => {
    expect(run().code).toBe(2);
    expect(run('lint', 'x').err).toMatch(/^usage: cdk-highly-available-service check/);
    expect(run('check').code).toBe(2);
    expect(run('check', '--fast', 'x').err).toMatch(/^error: unknown option --fast\nusage:/);
    expect(run('check', '--format', 'xml', 'x').err).toMatch(/^error: --format takes text, json, sarif, not 'xml'/);
  });
});

test('a template built from nested stacks names them once as not opened', () => {
  const root = file('root.yaml', [
    'Resources:',
    '  Network:',
    '    Type: AWS::CloudFormation::Stack',
    '    Properties:',
    '      TemplateURL: https://example-bucket.s3.amazonaws.com/network.yaml',
    '  Data:',
    '    Type: AWS::CloudFormation::Stack',
    '    Properties:',
    '      TemplateURL: https://example-bucket.s3.amazonaws.com/data.yaml',
    '',
  ].join('\n'));
  const out: string[] = [];
  expect(runCheckCommand(['check', '--format', 'json', root], (s) => out.push(s))).toBe(0);
  expect(JSON.parse(out.join('\n')).templates[0].notes)
    .toEqual(['the nested stacks Network, Data (AWS::CloudFormation::Stack): their templates are not opened; check them too']);
});
