import * as fs from 'fs';
import * as path from 'path';
import type * as YAML from 'yaml';
import { CfnTemplate, SourceFormat } from './template';
import { fromTerraformConfig, fromTerraformPlan, isTerraformConfig, isTerraformPlan } from './terraform';

/** What kind of file a template came from. */
export enum InputKind {
  CLOUDFORMATION = 'CloudFormation template',
  CDKTF = 'cdktf configuration',
  PLAN = 'Terraform plan',
}

/** One template to check. */
export interface CheckInput {
  readonly path: string;
  readonly kind: InputKind;
  readonly format: SourceFormat;
  readonly template: CfnTemplate;
  /** The Terraform type of each address (Terraform inputs). */
  readonly terraformTypes?: Map<string, string>;
  /** Resources made up to be judged, and the address Terraform has for them (Terraform inputs). */
  readonly aliases?: Map<string, string>;
  /** What could not be read in it. */
  readonly notes: string[];
  /** The text, to find where a resource is written. */
  readonly text: string;
}

/** A problem with the input: one line, exit code 2. */
export class InputError extends Error {}

/** A file of a folder left out, and why. */
export interface Skipped {
  readonly path: string;
  readonly reason: string;
}

// CloudFormation's short forms (!Ref, !GetAtt, !Sub, ...) as their long forms, those of the
// AWS::LanguageExtensions transform and of template Rules included. Any other tag is read as its
// plain value, without a warning on the console.
const FN = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or',
  'Length', 'ToJsonString', 'ForEach', 'Contains', 'EachMemberEquals', 'EachMemberIn', 'RefAll', 'ValueOf', 'ValueOfAll'];
const CFN_TAGS: YAML.Tags = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!Condition', resolve: (v: string) => ({ Condition: v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': [v.slice(0, v.indexOf('.')), v.slice(v.indexOf('.') + 1)] }) },
  { tag: '!GetAtt', collection: 'seq', resolve: (v: any) => ({ 'Fn::GetAtt': v.toJSON() }) },
  ...FN.flatMap((name) => (['scalar', 'seq', 'map'] as const).map((kind) => kind === 'scalar'
    ? { tag: `!${name}`, resolve: (v: string) => ({ [`Fn::${name}`]: v }) }
    : { tag: `!${name}`, collection: kind, resolve: (v: any) => ({ [`Fn::${name}`]: v.toJSON() }) })),
] as YAML.Tags;

// Loaded on the first YAML file only: a JSON template needs no YAML parser.
let yamlModule: typeof YAML | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = (): typeof YAML => (yamlModule ??= require('yaml'));

/** Parses a file's text: JSON, else YAML with CloudFormation's tags. Throws InputError with the line at fault. */
export function parseText(file: string, text: string): unknown {
  if (text.trim() === '') throw new InputError(`${file}: the file is empty`);
  let jsonError: Error;
  try {
    return JSON.parse(text);
  } catch (e) {
    jsonError = e as Error;
  }
  try {
    return yaml().parse(text, { customTags: CFN_TAGS, logLevel: 'error', prettyErrors: true });
  } catch (e) {
    // What looks like JSON is told what JSON found wrong.
    if (/^\s*[[{]/.test(text)) throw new InputError(`${file}: not valid JSON (${jsonError.message})`);
    const err = e as YAML.YAMLError;
    const at = err.linePos?.[0];
    const where = at ? `line ${at.line}, column ${at.col}` : 'somewhere';
    if (err.code === 'DUPLICATE_KEY' && at) {
      const key = text.split('\n')[at.line - 1]?.slice(at.col - 1).split(':')[0].trim();
      throw new InputError(`${file}: line ${at.line}: the key '${key}' appears twice in one mapping (YAML takes each key once)`);
    }
    throw new InputError(`${file}: not valid YAML at ${where}: ${err.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
}

/** What a parsed file is, as a template to check; undefined when it is none of the kinds read. */
function asInput(file: string, text: string, parsed: unknown): CheckInput | undefined {
  const json = parsed as any;
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  if (isTerraformPlan(json)) {
    const { template, types, aliases, notes } = fromTerraformPlan(json);
    return { path: file, kind: InputKind.PLAN, format: SourceFormat.TERRAFORM, template, terraformTypes: types, aliases, notes, text };
  }
  if (isTerraformConfig(json)) {
    const { template, types, aliases, notes } = fromTerraformConfig(json);
    return { path: file, kind: InputKind.CDKTF, format: SourceFormat.TERRAFORM, template, terraformTypes: types, aliases, notes, text };
  }
  const resources = json.Resources;
  if (resources === null || typeof resources !== 'object' || Array.isArray(resources)) return undefined;
  // A nested stack's template is another file: named once, not opened.
  const nested = Object.entries<any>(resources).filter(([, r]) => r?.Type === 'AWS::CloudFormation::Stack').map(([id]) => id);
  const notes = nested.length
    ? [`the nested stack${nested.length > 1 ? 's' : ''} ${nested.join(', ')} (AWS::CloudFormation::Stack): ${nested.length > 1 ? 'their templates are' : 'its template is'} not opened; check ${nested.length > 1 ? 'them' : 'it'} too`]
    : [];
  return { path: file, kind: InputKind.CLOUDFORMATION, format: SourceFormat.CLOUDFORMATION, template: json as CfnTemplate, notes, text };
}

/**
 * A file's text: UTF-8, or UTF-16 in either byte order with its byte-order mark (what PowerShell 5
 * writes for `terraform show -json plan > plan.json`), a UTF-8 byte-order mark dropped.
 */
export function decodeText(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    const swapped = Buffer.from(bytes.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  return bytes.toString('utf8');
}

/** Whether a text is the stream of messages `terraform plan -json` prints (one JSON object a line), not a plan. */
function isPlanMessageStream(text: string): boolean {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length < 2) return false;
  try {
    const first = JSON.parse(lines[0]);
    return first !== null && typeof first === 'object' && typeof first['@level'] === 'string' && typeof first.type === 'string';
  } catch {
    return false;
  }
}

/** Reads and parses a file; a stream of plan messages gets the command that makes a plan file. */
function readText(file: string): { text: string; parsed: unknown } {
  const text = decodeText(fs.readFileSync(file));
  if (isPlanMessageStream(text)) {
    throw new InputError(`${file}: the messages of 'terraform plan -json', not a plan: save the plan with 'terraform plan -out=<planfile>' and check the output of 'terraform show -json <planfile>'`);
  }
  return { text, parsed: parseText(file, text) };
}

function readFile(file: string): CheckInput {
  const { text, parsed } = readText(file);
  const input = asInput(file, text, parsed);
  if (!input) throw new InputError(`${file}: not a CloudFormation template (no Resources section), a cdktf configuration or a Terraform plan`);
  return input;
}

const TEMPLATE_FILE = /\.(json|ya?ml|template)$/i;

/** The templates of a folder: a cloud assembly, a cdktf output folder, or plain files (not its subfolders). */
function readFolder(dir: string, skipped: Skipped[]): CheckInput[] {
  const manifestPath = path.join(dir, 'manifest.json');
  if (fs.existsSync(manifestPath)) {
    const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
    if (manifest.artifacts) {
      return Object.values<any>(manifest.artifacts).flatMap((a) => {
        if (a.type === 'aws:cloudformation:stack') return [readFile(path.join(dir, a.properties.templateFile))];
        if (a.type === 'cdk:cloud-assembly') return readFolder(path.join(dir, a.properties.directoryName), skipped);
        return [];
      });
    }
    if (manifest.stacks) {
      return Object.values<any>(manifest.stacks).map((s) => readFile(path.join(dir, s.synthesizedStackPath)));
    }
  }
  const inputs: CheckInput[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (!TEMPLATE_FILE.test(name) || !fs.statSync(file).isFile()) continue;
    try {
      const { text, parsed } = readText(file);
      const input = asInput(file, text, parsed);
      if (input) inputs.push(input);
      else skipped.push({ path: file, reason: 'not a template' });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      skipped.push({ path: file, reason: e.message.slice(file.length + 2) });
    }
  }
  return inputs;
}

/**
 * The templates at a path: a cloud assembly (cdk.out), a cdktf output folder (cdktf.out), a folder
 * of templates, or one file (a CloudFormation template in JSON or YAML, a cdk.tf.json, a plan's JSON).
 */
export function readInputs(target: string): { inputs: CheckInput[]; skipped: Skipped[] } {
  if (!fs.existsSync(target)) throw new InputError(`${target}: no such file or folder`);
  const skipped: Skipped[] = [];
  if (!fs.statSync(target).isDirectory()) return { inputs: [readFile(target)], skipped };
  const inputs = readFolder(target, skipped);
  if (inputs.length === 0) {
    const why = skipped.length ? ` (${skipped.map((s) => `${path.basename(s.path)}: ${s.reason}`).join('; ')})` : '';
    throw new InputError(`${target}: no template in this folder${why}`);
  }
  return { inputs, skipped };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The line (1-based) where a resource is written, when it can be found. */
export function lineOf(input: CheckInput, id: string): number | undefined {
  const lineAt = (index: number) => (index < 0 ? undefined : input.text.slice(0, index).split('\n').length);
  const search = (pattern: RegExp, from = 0) => {
    const m = pattern.exec(input.text.slice(from));
    return m ? from + m.index + m[0].search(/\S/) : -1;
  };
  if (input.kind === InputKind.PLAN) return lineAt(search(new RegExp(`"address"\\s*:\\s*"${escape(id)}"`)));
  if (input.kind === InputKind.CDKTF) {
    const [type, name] = [id.slice(0, id.indexOf('.')), id.slice(id.indexOf('.') + 1).replace(/\[\d+\]$/, '')];
    const typeAt = search(new RegExp(`"${escape(type)}"\\s*:`));
    return typeAt < 0 ? undefined : lineAt(search(new RegExp(`"${escape(name)}"\\s*:`), typeAt));
  }
  const resourcesAt = Math.max(0, search(/["']?Resources["']?\s*:/));
  return lineAt(search(new RegExp(`(^|[\\s{,])["']?${escape(id)}["']?\\s*:`, 'm'), resourcesAt));
}
