#!/usr/bin/env node
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { checkTemplate } from './pack';
import { RuleLevel, ResilienceViolation } from './rule';
import { CfnTemplate } from './template';

const USAGE = 'usage: cdk-highly-available-service check <cdk.out folder | template.json | template.yaml>';

/** A problem with the input: one line, exit code 2. */
class InputError extends Error {}

/** CloudFormation's short-form intrinsics (!Ref, !GetAtt, !Sub, ...) as their long forms. */
const INTRINSICS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or'];
const CFN_TAGS: YAML.Tags = [
  { tag: '!Ref', resolve: (v: string) => ({ Ref: v }) },
  { tag: '!Condition', resolve: (v: string) => ({ Condition: v }) },
  { tag: '!GetAtt', resolve: (v: string) => ({ 'Fn::GetAtt': v.split('.') }) },
  { tag: '!GetAtt', collection: 'seq', resolve: (v: any) => ({ 'Fn::GetAtt': v.toJSON() }) },
  ...INTRINSICS.flatMap((name) => (['scalar', 'seq', 'map'] as const).map((kind) => kind === 'scalar'
    ? { tag: `!${name}`, resolve: (v: string) => ({ [`Fn::${name}`]: v }) }
    : { tag: `!${name}`, collection: kind, resolve: (v: any) => ({ [`Fn::${name}`]: v.toJSON() }) })),
] as YAML.Tags;

/** The templates at a path: a cloud assembly folder, or one template file (JSON or YAML). */
export function readTemplates(target: string): Array<{ name: string; template: CfnTemplate }> {
  if (!fs.existsSync(target)) throw new InputError(`${target}: no such file or folder`);
  if (fs.statSync(target).isDirectory()) {
    const manifest = path.join(target, 'manifest.json');
    const files = fs.existsSync(manifest)
      ? Object.values(JSON.parse(fs.readFileSync(manifest, 'utf8')).artifacts ?? {})
        .filter((a: any) => a.type === 'aws:cloudformation:stack').map((a: any) => a.properties.templateFile as string)
      : fs.readdirSync(target).filter((f) => f.endsWith('.template.json'));
    if (files.length === 0) throw new InputError(`${target}: no CloudFormation template in this folder (a cloud assembly has a manifest.json)`);
    return files.map((f) => ({ name: path.join(target, f), template: parseTemplate(path.join(target, f)) }));
  }
  return [{ name: target, template: parseTemplate(target) }];
}

function parseTemplate(file: string): CfnTemplate {
  const text = fs.readFileSync(file, 'utf8');
  if (text.trim() === '') throw new InputError(`${file}: the file is empty`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    try {
      parsed = YAML.parse(text, { customTags: CFN_TAGS, prettyErrors: false });
    } catch (e) {
      throw new InputError(`${file}: neither JSON nor YAML (${(e as Error).message.split('\n')[0]})`);
    }
  }
  const resources = (parsed as CfnTemplate | undefined)?.Resources;
  if (parsed === null || typeof parsed !== 'object' || resources === null || typeof resources !== 'object' || Array.isArray(resources)) {
    throw new InputError(`${file}: not a CloudFormation template (no Resources section)`);
  }
  return parsed as CfnTemplate;
}

/** The findings as a table, one row each. */
export function formatTable(rows: Array<ResilienceViolation & { template: string }>): string {
  const header = ['level', 'rule', 'template', 'resource', 'finding'];
  const cells = rows.map((r) => [r.level, r.ruleId, r.template, r.logicalId, `${r.title}: ${r.message}`]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}

/** Runs the command; returns the exit code (0 clean or warnings only, 1 errors, 2 bad input). */
export function main(args: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): number {
  const [command, target, ...rest] = args;
  if (command !== 'check' || target === undefined || rest.length > 0) {
    err(USAGE);
    return 2;
  }
  let templates;
  try {
    templates = readTemplates(target);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    err(`error: ${e.message}`);
    return 2;
  }
  const rows = templates.flatMap(({ name, template }) => checkTemplate(template).map((v) => ({ ...v, template: name })));
  const errors = rows.filter((r) => r.level === RuleLevel.ERROR).length;
  if (rows.length) out(formatTable(rows));
  out(`${errors} error(s), ${rows.length - errors} warning(s) in ${templates.length} template(s)`);
  return errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
