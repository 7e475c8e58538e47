import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { checkInputs, readInputs, runCheckCommand } from '../../src/rules';

// The plan corpus (fixtures/plans, see SOURCES.md there): plans of infrastructure that exists
// (no-op, update) and of new infrastructure (create), with the findings written by hand before the
// reader was changed. Every finding expected, no other; every single point of failure named.

const DIR = path.join(__dirname, 'fixtures', 'plans');
const EXPECTED: Record<string, { findings: string[]; spofs: Array<{ what: string; reportedBy: string[] }>; notJudged: string[] }> =
  JSON.parse(fs.readFileSync(path.join(DIR, 'expected.json'), 'utf8'));
const PLANS = Object.keys(EXPECTED).filter((k) => k !== '//');

const resultOf = (file: string) => checkInputs(readInputs(file).inputs).templates[0];
const keys = (t: ReturnType<typeof resultOf>) => t.findings.map((f) => `${f.ruleId}@${f.resource}`);

describe.each(PLANS)('%s', (plan) => {
  const result = resultOf(path.join(DIR, plan));

  test('gives the findings written by hand, and no other', () => {
    expect(keys(result).sort()).toEqual([...EXPECTED[plan].findings].sort());
  });

  test('names every single point of failure', () => {
    const missed = EXPECTED[plan].spofs.filter((s) => !s.reportedBy.every((k) => keys(result).includes(k)));
    expect(missed).toEqual([]);
  });

  test('says what it could not judge, once, and reports only addresses Terraform has', () => {
    expect(result.notJudged.map((n) => n.reason)).toEqual(EXPECTED[plan].notJudged);
    const addresses = new Set(JSON.parse(fs.readFileSync(path.join(DIR, plan), 'utf8')).resource_changes.map((c: any) => c.address));
    expect(result.findings.filter((f) => !addresses.has(f.resource))).toEqual([]);
  });
});

// The same for CloudFormation templates (fixtures/templates): findings with the parameter they depend on.
const TEMPLATES_DIR = path.join(__dirname, 'fixtures', 'templates');
const TEMPLATES_EXPECTED: Record<string, { findings: string[]; spofs: Array<{ what: string; reportedBy: string[] }>; notes: string[] }> =
  JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, 'expected.json'), 'utf8'));
const TEMPLATES = Object.keys(TEMPLATES_EXPECTED).filter((k) => k !== '//');
const withWhen = (t: ReturnType<typeof resultOf>) => t.findings.map((f) => `${f.ruleId}@${f.resource}${f.when ? ` | ${f.when}` : ''}`);

describe.each(TEMPLATES)('%s', (template) => {
  const result = resultOf(path.join(TEMPLATES_DIR, template));

  test('gives the findings written by hand, each with what it depends on, and no other', () => {
    expect(withWhen(result).sort()).toEqual([...TEMPLATES_EXPECTED[template].findings].sort());
  });

  test('names every single point of failure, and what it could not read', () => {
    expect(TEMPLATES_EXPECTED[template].spofs.filter((s) => !s.reportedBy.every((k) => withWhen(result).includes(k)))).toEqual([]);
    expect(result.notes).toEqual(TEMPLATES_EXPECTED[template].notes);
  });
});

test('the numbers in the README are those of the corpus', () => {
  const results = PLANS.map((p) => ({ plan: p, found: keys(resultOf(path.join(DIR, p))) }));
  const spofs = PLANS.flatMap((p) => EXPECTED[p].spofs);
  const reported = results.flatMap(({ plan, found }) => EXPECTED[plan].spofs.filter((s) => s.reportedBy.some((k) => found.includes(k))));
  const findings = results.flatMap((r) => r.found);
  const wrong = results.flatMap(({ plan, found }) => found.filter((k) => !EXPECTED[plan].findings.includes(k)));
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  expect(readme).toContain(`${PLANS.length} plans, ${spofs.length} single points of failure: ${reported.length} reported, `
    + `${findings.length} findings in all, ${wrong.length} of them wrong`);
  const templates = TEMPLATES.map((t) => ({ template: t, found: withWhen(resultOf(path.join(TEMPLATES_DIR, t))) }));
  const tSpofs = TEMPLATES.flatMap((t) => TEMPLATES_EXPECTED[t].spofs);
  const tReported = templates.flatMap(({ template, found }) =>
    TEMPLATES_EXPECTED[template].spofs.filter((s) => s.reportedBy.some((k) => found.includes(k))));
  const tFindings = templates.flatMap((t) => t.found);
  const tWrong = templates.flatMap(({ template, found }) => found.filter((k) => !TEMPLATES_EXPECTED[template].findings.includes(k)));
  expect(readme).toContain(`${TEMPLATES.length} templates, ${tSpofs.length} single points of failure: ${tReported.length} reported, `
    + `${tFindings.length} findings in all, ${tWrong.length} of them wrong`);
});

describe('how a plan file is read', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'check-corpus-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const source = fs.readFileSync(path.join(DIR, 'two-tier-noop.json'), 'utf8');
  const expected = [...EXPECTED['two-tier-noop.json'].findings].sort();

  test.each([
    ['UTF-16 LE with a byte-order mark (PowerShell 5)', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(source, 'utf16le')])],
    ['UTF-16 BE with a byte-order mark', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(source, 'utf16le').swap16()])],
    ['UTF-8 with a byte-order mark', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(source, 'utf8')])],
  ])('%s', (name, bytes) => {
    const file = path.join(dir, `${name.split(' ')[0]}-${bytes[0]}.json`);
    fs.writeFileSync(file, bytes);
    expect(keys(resultOf(file)).sort()).toEqual(expected);
  });

  test("the messages of 'terraform plan -json' get the command that makes a plan file", () => {
    const file = path.join(dir, 'stream.json');
    fs.writeFileSync(file, [
      { '@level': 'info', '@message': 'Terraform 1.9.8', 'type': 'version', 'terraform': '1.9.8', 'ui': '1.2' },
      { '@level': 'info', '@message': 'aws_db_instance.main: Plan to create', 'type': 'planned_change', 'change': { resource: { addr: 'aws_db_instance.main' }, action: 'create' } },
      { '@level': 'info', '@message': 'Plan: 1 to add, 0 to change, 0 to destroy.', 'type': 'change_summary', 'changes': { add: 1, change: 0, remove: 0, operation: 'plan' } },
    ].map((m) => JSON.stringify(m)).join('\n') + '\n');
    const err: string[] = [];
    expect(runCheckCommand(['check', file], () => undefined, (s) => err.push(s))).toBe(2);
    expect(err.join('\n')).toBe(`error: ${file}: the messages of 'terraform plan -json', not a plan: save the plan with 'terraform plan -out=<planfile>' and check the output of 'terraform show -json <planfile>'`);
  });
});
