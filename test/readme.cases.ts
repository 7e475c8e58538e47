import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { printedOnConsole } from './util';

// The README's snippets are what users copy: each runs here as written, as `cdk synth --strict`
// would judge it (no warning but the documented ones), with the README's cdk.json block as its only
// context. The test task extracts them into test/readme/ and type-checks them first.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { tsBlocks } = require('../scripts/readme-snippets');

const root = path.join(__dirname, '..');
const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
const snippetDir = path.join(__dirname, 'readme');
const snippets = fs.existsSync(snippetDir) ? fs.readdirSync(snippetDir).filter((f) => f.endsWith('.ts')).sort() : [];
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'has-readme-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The context of the README's cdk.json block. */
const cdkJson = JSON.parse(/```json cdk\.json\n([\s\S]*?)```/.exec(readme)![1]);

/** The warning ids the README documents, in its Warnings table. */
const documented = [...readme.matchAll(/^\| `(cdk-highly-available-service:[^`]+)` \|/gm)].map((m) => m[1]);

test('the extracted snippets are the README\'s current ones (npm test extracts them before type-checking)', () => {
  const blocks: Array<{ code: string }> = tsBlocks(readme);
  expect(blocks.length).toBeGreaterThanOrEqual(5);
  expect(snippets).toHaveLength(blocks.length);
  snippets.forEach((file, i) => expect(fs.readFileSync(path.join(snippetDir, file), 'utf8')).toContain(blocks[i].code));
});

test('the documented warnings include the zero-config one', () => {
  expect(documented).toContain('cdk-highly-available-service:noHttps');
});

/** The warning ids of a message: a CloudFormation warning ends with `[ack: <id>]`, a cdktf one with `[<id>]`. */
const warningId = (message: string) => /\[(?:ack: )?([^\]]+)\]$/.exec(message)?.[1] ?? message;

describe.each(snippets)('README snippet %s', (file) => {
  test('synthesizes with the cdk.json context alone, raising no warning but documented ones', () => {
    const out = fs.mkdtempSync(path.join(work, 'snippet-'));
    process.env.CDK_OUTDIR = path.join(out, 'cdk.out');
    process.env.CDK_CONTEXT_JSON = JSON.stringify(cdkJson.context);
    process.env.CDKTF_OUTDIR = path.join(out, 'cdktf.out');
    let exported: { app?: unknown };
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      exported = require(path.join(snippetDir, file));
    } finally {
      delete process.env.CDK_OUTDIR;
      delete process.env.CDK_CONTEXT_JSON;
      delete process.env.CDKTF_OUTDIR;
    }
    const app = exported.app;
    expect(app).toBeDefined();
    let warnings: string[];
    if (app instanceof cdk.App) {
      // The CloudFormation rules' report, printed on the console when they warn: no error in it.
      const { result: assembly, printed } = printedOnConsole(() => app.synth());
      expect(printed).not.toMatch(/^\s*ERROR /m);
      expect(assembly.manifest.missing ?? []).toEqual([]);
      const messages = assembly.stacks.flatMap((s) => s.messages);
      expect(messages.filter((m) => m.level === 'error').map((m) => m.entry.data)).toEqual([]);
      warnings = messages.filter((m) => m.level === 'warning').map((m) => String(m.entry.data));
    } else {
      // A cdktf app: it synthesizes itself; its warnings are in the manifest.
      const manifest = JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'manifest.json'), 'utf8'));
      const annotations = Object.values(manifest.stacks).flatMap((s: any) => s.annotations ?? []);
      expect(annotations.filter((a: any) => /error/i.test(a.level))).toEqual([]);
      warnings = annotations.filter((a: any) => /warn/i.test(a.level)).map((a: any) => String(a.message));
    }
    for (const w of warnings) expect({ warning: w, documented: documented.includes(warningId(w)) }).toEqual({ warning: w, documented: true });
  });
});

test('API.md: no summary is cut short at a semicolon (jsii ends a summary there)', () => {
  const api = fs.readFileSync(path.join(root, 'API.md'), 'utf8');
  const cut = api.split('\n').filter((line) => /^\| <code>/.test(line) && /;\s*\|\s*$/.test(line));
  expect(cut).toEqual([]);
});
