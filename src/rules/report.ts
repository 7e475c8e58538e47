import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CheckInput, InputKind, Skipped, lineOf } from './input';
import { RESILIENCE_RULES, assessTemplate } from './pack';
import { NotJudgedNote, ResilienceRule, RuleLevel } from './rule';
import { CfnTemplate } from './template';
import { terraformNames } from './terraform';

/** One finding as the command reports it. */
export interface Finding {
  readonly ruleId: string;
  readonly level: RuleLevel;
  readonly title: string;
  readonly message: string;
  /** The parameter values or conditions it depends on, if any. */
  readonly when?: string;
  readonly why: string;
  readonly fix: string;
  /** Logical id (CloudFormation) or address (Terraform). */
  readonly resource: string;
  readonly resourceType: string;
  readonly template: string;
  /** Where the resource is written in the template (1-based), when found. */
  readonly line?: number;
}

/** What one template gave. */
export interface TemplateResult {
  readonly path: string;
  readonly kind: InputKind;
  readonly findings: Finding[];
  readonly notJudged: NotJudgedNote[];
  /** What could not be read in it. */
  readonly notes: string[];
}

/** What a run of the command found. */
export interface CheckResult {
  readonly templates: TemplateResult[];
  readonly skipped: Skipped[];
  readonly errors: number;
  readonly warnings: number;
}

/** Checks every input, in Terraform's names where the input is Terraform. */
export function checkInputs(inputs: CheckInput[], skipped: Skipped[] = [], rules: ResilienceRule[] = RESILIENCE_RULES): CheckResult {
  const templates = inputs.map((input): TemplateResult => {
    const { violations, notJudged } = assessTemplate(input.template, { rules, format: input.format, peers: peersOf(input, inputs) });
    const reported = new Set<string>();
    const findings = violations.flatMap((found): Finding[] => {
      // A resource made up to be judged is reported on the address Terraform has, once per rule.
      const alias = input.aliases?.get(found.logicalId);
      const v = alias ? { ...found, logicalId: alias } : found;
      if (reported.has(`${v.ruleId}@${v.logicalId}`)) return [];
      reported.add(`${v.ruleId}@${v.logicalId}`);
      const tfType = input.terraformTypes?.get(v.logicalId);
      const names = (text: string) => (tfType ? terraformNames(tfType, text) : text);
      const rule = rules.find((r) => r.id === v.ruleId);
      return [{
        ruleId: v.ruleId,
        level: v.level,
        title: v.title,
        message: names(v.message),
        ...(v.when ? { when: v.when } : {}),
        why: v.why,
        fix: tfType ? rule?.terraformFix ?? names(v.fix) : v.fix,
        resource: v.logicalId,
        resourceType: tfType ?? v.resourceType,
        template: input.path,
        line: lineOf(input, v.logicalId),
      }];
    });
    const named = (ids: string[]) => [...new Set(ids.map((id) => input.aliases?.get(id) ?? id))].sort();
    const notes = notJudged.map((n) => ({ ...n, resources: named(n.resources) }));
    return { path: input.path, kind: input.kind, findings, notJudged: notes, notes: input.notes };
  });
  const all = templates.flatMap((t) => t.findings);
  const errors = all.filter((f) => f.level === RuleLevel.ERROR).length;
  return { templates, skipped, errors, warnings: all.length - errors };
}

/** The other templates read in the same run: one app's stacks (several Regions) pair their failover records. */
function peersOf(input: CheckInput, inputs: CheckInput[]): CfnTemplate[] {
  return inputs.filter((i) => i !== input).map((i) => i.template);
}

/** The package's version (for the tool's name in JSON and SARIF). */
export function toolVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const TOOL_NAME = 'cdk-highly-available-service';
const INFORMATION_URI = 'https://github.com/cdk-highly-available-service/cdk-highly-available-service#check-any-app-or-template-for-resilience';

// ---------------------------------------------------------------------------------------------
// Text for a terminal

/** Words wrapped to a width, the first line after `firstIndent`, the others after `indent`. */
export function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  let empty = true;
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {line += (empty ? '' : ' ') + word;}
    empty = false;
  }
  lines.push(line);
  return lines.map((l) => l.trimEnd());
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The findings grouped by template, each with its reason and fix, in lines of at most `width` columns. */
export function formatText(result: CheckResult, width = 100): string {
  const out: string[] = [];
  const pad = ' '.repeat(11);
  for (const t of result.templates) {
    if (t.findings.length === 0 && t.notJudged.length === 0 && t.notes.length === 0) continue;
    out.push(...wrap(`${t.path} (${t.kind})`, width, '  '));
    for (const f of t.findings) {
      out.push(...wrap(`${f.resource} (${f.resourceType})${f.line ? `, line ${f.line}` : ''}`, width, ' '.repeat(22), `  ${f.level.padEnd(8)} ${f.ruleId.padEnd(10)} `));
      out.push(...wrap(`${f.title}: ${f.message}.`, width, pad));
      if (f.when) out.push(...wrap(`holds ${f.when}`, width, `${pad}      `, pad));
      out.push(...wrap(f.why, width, `${pad}      `, `${pad}why   `));
      out.push(...wrap(f.fix, width, `${pad}      `, `${pad}fix   `));
    }
    for (const n of t.notJudged) {
      const what = n.checks ? `${plural(n.checks, 'check')} on ${n.resources.join(', ')}` : 'what depends on it';
      out.push(...wrap(`not judged: ${what}, for ${n.reason}`, width, '    ', '  '));
    }
    for (const note of t.notes) out.push(...wrap(`not read: ${note}`, width, '    ', '  '));
    out.push('');
  }
  for (const s of result.skipped) out.push(...wrap(`skipped ${s.path}: ${s.reason}`, width, '  ', ''));
  const names = result.templates.map((t) => t.path).join(', ');
  out.push(...wrap(`${plural(result.errors, 'error')}, ${plural(result.warnings, 'warning')} in ${plural(result.templates.length, 'template')}: ${names}`, width, '  ', ''));
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------
// JSON and SARIF for tools

/** The result as JSON (stable field names, for scripts). */
export function formatJson(result: CheckResult): string {
  const { errors, warnings, templates, skipped } = result;
  return JSON.stringify({ tool: { name: TOOL_NAME, version: toolVersion() }, errors, warnings, templates, skipped }, null, 2);
}

const uri = (file: string) => {
  const relative = path.relative(process.cwd(), path.resolve(file));
  // Relative to where the command runs (the repository, in CI), else an absolute file URI.
  return relative.startsWith('..') || path.isAbsolute(relative) ? pathToFileURL(path.resolve(file)).href : relative.split(path.sep).join('/');
};

/** The result as a SARIF 2.1.0 log (GitHub code scanning, most CI dashboards). */
export function formatSarif(result: CheckResult, rules: ResilienceRule[] = RESILIENCE_RULES): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: TOOL_NAME,
          version: toolVersion(),
          informationUri: INFORMATION_URI,
          rules: rules.map((r) => ({
            id: r.id,
            name: r.id.replace(/[^A-Za-z0-9]/g, ''),
            shortDescription: { text: r.title },
            fullDescription: { text: r.why },
            help: { text: `${r.why} Fix: ${r.fix}`, markdown: `${r.why}\n\n**Fix:** ${r.fix}${r.terraformFix ? `\n\n**Terraform:** ${r.terraformFix}` : ''}` },
            defaultConfiguration: { level: r.level },
            properties: { tags: ['resilience', 'availability'] },
          })),
        },
      },
      results: result.templates.flatMap((t) => t.findings.map((f) => ({
        ruleId: f.ruleId,
        ruleIndex: index.get(f.ruleId) ?? -1,
        level: f.level,
        message: { text: `${f.resource}: ${f.title}: ${f.message}${f.when ? ` (${f.when})` : ''}. Fix: ${f.fix}` },
        locations: [{
          physicalLocation: { artifactLocation: { uri: uri(f.template) }, region: { startLine: f.line ?? 1 } },
          logicalLocations: [{ name: f.resource, fullyQualifiedName: `${f.resourceType}/${f.resource}`, kind: 'resource' }],
        }],
        partialFingerprints: { resource: `${f.ruleId}/${f.resource}` },
      }))),
      artifacts: result.templates.map((t) => ({ location: { uri: uri(t.path) } })),
    }],
  };
  return JSON.stringify(log, null, 2);
}
