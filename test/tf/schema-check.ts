// Offline check of a synthesized Terraform JSON configuration (cdk.tf.json) against the slice of the hashicorp/aws
// provider schema in aws-provider-schema.json (extracted by scripts/tf-schema/extract.ts from the cdktf bindings).
// It finds what `terraform validate` would find for structure and types, without a terraform binary or provider:
// unknown resource/data types and arguments, missing required arguments and blocks, wrong value kinds, wrong block
// nesting and counts, references to undeclared resources/data sources, and the required_providers pin. It also applies
// the provider's own validators (patterns, lengths, enumerations, ranges, conflicts) for the arguments the Terraform
// flavor sets, each read from the provider's source (provider-validators.ts).
//
// Value kinds are checked STRICTER than Terraform. Terraform converts primitives implicitly ("30" -> 30 for a number
// slot, 30 -> "30" and true -> "true" for a string slot), so a renderer that writes the wrong primitive still applies.
// The check instead wants exactly what the cdktf bindings' serializer writes: a JSON string where the bindings use
// stringToTerraform (deregistration_delay, launch template ebs.encrypted, ...), a JSON number for numberToTerraform,
// a JSON boolean for booleanToTerraform. The only wildcard is a string that is one whole Terraform expression,
// "${...}": Terraform takes that expression's own type, so it is accepted in any primitive, list, set or map slot
// (not as a block: blocks cannot come from an expression in Terraform; that needs a "dynamic" block).
import * as fs from 'fs';
import * as path from 'path';
import { providerFindings } from './provider-validators';

export interface TfAttributeSchema {
  /** Terraform type expression: string, number, bool, any, list(T), set(T), map(T). */
  readonly type: string;
  readonly required?: boolean;
}

export interface TfBlockSchema {
  readonly nesting: 'list' | 'set' | 'single' | 'map';
  readonly min_items?: number;
  readonly max_items?: number;
  /** Legacy "attributes as blocks": a list of objects in which every nested argument must be present (null if unused). */
  readonly as_attribute?: boolean;
  readonly arguments: Record<string, TfArgumentSchema>;
}

export type TfArgumentSchema = TfAttributeSchema | TfBlockSchema;

export interface TfSchema {
  readonly source: {
    readonly bindings_package: string;
    readonly bindings_version: string;
    readonly provider_source: string;
    readonly provider_version: string;
  };
  readonly provider: { readonly arguments: Record<string, TfArgumentSchema> };
  readonly resources: Record<string, { readonly arguments: Record<string, TfArgumentSchema> }>;
  readonly data_sources: Record<string, { readonly arguments: Record<string, TfArgumentSchema> }>;
  readonly missing: readonly string[];
}

let cachedSchema: TfSchema | undefined;

/** The schema committed next to this file. */
export function loadSchema(): TfSchema {
  cachedSchema ??= JSON.parse(fs.readFileSync(path.join(__dirname, 'aws-provider-schema.json'), 'utf8')) as TfSchema;
  return cachedSchema;
}

/** Meta-arguments Terraform handles itself, never passed to the provider. */
const META_ARGUMENTS = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'connection', 'provisioner', '//']);
/** Provider block meta-arguments. */
const PROVIDER_META_ARGUMENTS = new Set(['alias', 'version', '//']);
const TOP_LEVEL_KEYS = new Set(['//', 'terraform', 'provider', 'resource', 'data', 'variable', 'output', 'locals', 'module', 'moved', 'import', 'removed', 'check']);
const AWS_SOURCES = new Set(['hashicorp/aws', 'registry.terraform.io/hashicorp/aws', 'aws']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * Terraform's built-in resources (provider terraform.io/builtin/terraform, not in the AWS provider's
 * schema): terraform_data takes `input` and `triggers_replace`, any value each (Terraform language,
 * "The terraform_data managed resource type").
 */
const BUILTIN_RESOURCES: Record<string, { readonly arguments: Record<string, TfArgumentSchema> }> = {
  terraform_data: { arguments: { input: { type: 'any' }, triggers_replace: { type: 'any' } } },
};

/**
 * hashicorp/archive's `archive_file` (not in the AWS provider's schema), with the arguments the
 * functions' zips use: `type` and `output_path` required, `source` blocks of `content` and
 * `filename` (registry.terraform.io/providers/hashicorp/archive 2.x, data source archive_file).
 */
const ARCHIVE_DATA_SOURCES: Record<string, { readonly arguments: Record<string, TfArgumentSchema> }> = {
  archive_file: {
    arguments: {
      type: { type: 'string', required: true },
      output_path: { type: 'string', required: true },
      source: { nesting: 'set', arguments: { content: { type: 'string', required: true }, filename: { type: 'string', required: true } } },
    },
  },
};

/**
 * Problems with a Terraform JSON configuration, one readable line per mistake, e.g.
 * `aws_lb_target_group.tg: argument "deregistration_delay" must be a string, got number 30`. Empty when it is fine.
 */
export function checkTerraformJson(config: any, schema: TfSchema = loadSchema()): string[] {
  const problems: string[] = [];
  if (!isObject(config)) return ['configuration: must be a JSON object'];
  const ctx = new Context(schema, problems);

  for (const key of Object.keys(config)) {
    if (!TOP_LEVEL_KEYS.has(key)) problems.push(`configuration: unknown top-level key "${key}"`);
  }
  const providerNames = checkRequiredProviders(config.terraform, ctx);

  // Declared resources and data sources, for the reference check.
  const declared = new Set<string>();
  const resources = labelled(config.resource, 'resource', ctx);
  const dataSources = labelled(config.data, 'data', ctx);
  for (const r of resources) declared.add(`${r.type}.${r.name}`);
  for (const d of dataSources) declared.add(`data.${d.type}.${d.name}`);

  for (const r of resources) {
    const where = `${r.type}.${r.name}`;
    const spec = schema.resources[r.type] ?? BUILTIN_RESOURCES[r.type];
    if (!IDENTIFIER.test(r.name)) problems.push(`${where}: "${r.name}" is not a valid Terraform name`);
    if (!spec) {
      problems.push(`${where}: unknown resource type "${r.type}" ${notInSchema(schema, r.type, false)}`);
      continue;
    }
    checkBody(ctx, where, '', r.body, spec.arguments, META_ARGUMENTS);
    if (isObject(r.body)) problems.push(...providerFindings(r.type, r.name, r.body));
  }
  for (const d of dataSources) {
    const where = `data.${d.type}.${d.name}`;
    const spec = schema.data_sources[d.type] ?? ARCHIVE_DATA_SOURCES[d.type];
    if (!IDENTIFIER.test(d.name)) problems.push(`${where}: "${d.name}" is not a valid Terraform name`);
    if (!spec) {
      problems.push(`${where}: unknown data source type "${d.type}" ${notInSchema(schema, d.type, true)}`);
      continue;
    }
    checkBody(ctx, where, '', d.body, spec.arguments, META_ARGUMENTS);
  }
  if (config.provider !== undefined) {
    if (!isObject(config.provider)) {
      problems.push('provider: must be an object of provider name to configuration');
    } else {
      asList(config.provider.aws).forEach((body, i, all) => {
        checkBody(ctx, all.length > 1 ? `provider.aws[${i}]` : 'provider.aws', '', body, schema.provider.arguments, PROVIDER_META_ARGUMENTS);
      });
    }
  }

  // References: every ${...} expression anywhere outside the terraform block, and depends_on entries.
  const prefixes = new Set(['aws', ...providerNames]);
  for (const [key, value] of Object.entries(config)) {
    if (key === 'terraform' || key === '//') continue;
    if (key === 'resource' || key === 'data') {
      for (const r of key === 'resource' ? resources : dataSources) {
        checkReferences(ctx, `${key === 'data' ? 'data.' : ''}${r.type}.${r.name}`, '', r.body, declared, prefixes);
      }
    } else {
      checkReferences(ctx, key, '', value, declared, prefixes);
    }
  }
  return problems;
}

class Context {
  constructor(public readonly schema: TfSchema, public readonly problems: string[]) {}

  public add(where: string, argPath: string, message: string): void {
    this.problems.push(argPath ? `${where}: argument "${argPath}" ${message}` : `${where}: ${message}`);
  }
}

function notInSchema(schema: TfSchema, type: string, data: boolean): string {
  const label = (data ? 'data.' : '') + type;
  if (schema.missing.includes(label)) {
    return `(the ${schema.source.bindings_package} ${schema.source.bindings_version} bindings do not have it)`;
  }
  return `(not in the schema extracted from ${schema.source.provider_source} ${schema.source.provider_version}; `
    + 'add it to scripts/tf-schema/extract.ts and re-extract if it is meant to be used)';
}

// ---------------------------------------------------------------------------------------------------------------
// terraform.required_providers

/** Checks that hashicorp/aws is pinned; returns the local names of all required providers. */
function checkRequiredProviders(terraform: unknown, ctx: Context): string[] {
  const where = 'terraform.required_providers';
  const entries: Record<string, unknown> = {};
  for (const t of asList(terraform)) {
    if (!isObject(t)) continue;
    for (const rp of asList(t.required_providers)) if (isObject(rp)) Object.assign(entries, rp);
  }
  const want = `pin source "hashicorp/aws" with a version constraint such as "${suggestedConstraint(ctx.schema)}"`;
  const aws = entries.aws;
  if (aws === undefined) {
    ctx.add(where, '', `no "aws" entry; ${want}`);
  } else if (!isObject(aws)) {
    ctx.add(where, '', `"aws" must be an object with "source" and "version"; ${want}`);
  } else {
    const source = typeof aws.source === 'string' ? aws.source.toLowerCase() : undefined;
    if (!source || !AWS_SOURCES.has(source)) {
      ctx.add(where, '', `"aws.source" must be "hashicorp/aws", got ${describe(aws.source)}`);
    }
    if (typeof aws.version !== 'string' || aws.version.trim() === '') {
      ctx.add(where, '', `"aws.version" must be a version constraint such as "${suggestedConstraint(ctx.schema)}", got ${describe(aws.version)}`);
    } else {
      const problem = constraintProblem(aws.version, ctx.schema.source.provider_version);
      if (problem) ctx.add(where, '', `"aws.version" ${problem}`);
    }
  }
  return Object.keys(entries);
}

/** "~> MAJOR.MINOR" of the provider version the schema was taken from. */
export function suggestedConstraint(schema: TfSchema): string {
  const [major, minor] = schema.source.provider_version.split('.');
  return `~> ${major}.${minor}`;
}

type Version = number[];

function parseVersion(text: string): Version | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : undefined;
}

function compareVersions(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Why a Terraform version constraint is not a usable pin for `version` (unparsable, excluding it, or unbounded above),
 * or undefined when it is fine.
 */
export function constraintProblem(constraint: string, version: string): string | undefined {
  const v = parseVersion(version)!;
  let bounded = false;
  for (const part of constraint.split(',')) {
    const m = /^\s*(=|!=|>=|<=|>|<|~>)?\s*(v?\d+(?:\.\d+){0,2})\s*$/.exec(part);
    const c = m && parseVersion(m[2]);
    if (!m || !c) return `"${constraint}" is not a Terraform version constraint`;
    const op = m[1] ?? '=';
    const cmp = compareVersions(v, c);
    let ok: boolean;
    switch (op) {
      case '=': ok = cmp === 0; bounded = true; break;
      case '!=': ok = cmp !== 0; break;
      case '>': ok = cmp > 0; break;
      case '>=': ok = cmp >= 0; break;
      case '<': ok = cmp < 0; bounded = true; break;
      case '<=': ok = cmp <= 0; bounded = true; break;
      default: { // ~>: the rightmost given segment may grow
        const segments = m[2].replace(/^v/, '').split('.').length;
        const upper = segments <= 2 ? [c[0] + 1, 0, 0] : [c[0], c[1] + 1, 0];
        ok = cmp >= 0 && compareVersions(v, upper) < 0;
        bounded = true;
      }
    }
    if (!ok) return `"${constraint}" does not allow ${version}, the provider version the schema was extracted from`;
  }
  return bounded ? undefined : `"${constraint}" has no upper bound; pin a major version (e.g. "~> ${v[0]}.${v[1]}")`;
}

// ---------------------------------------------------------------------------------------------------------------
// resources, data sources and their arguments

interface Labelled {
  readonly type: string;
  readonly name: string;
  readonly body: unknown;
}

/** `{ type: { name: body } }`, where Terraform JSON also allows a list of objects at each level. */
function labelled(section: unknown, what: string, ctx: Context): Labelled[] {
  const out: Labelled[] = [];
  for (const byType of asList(section)) {
    if (!isObject(byType)) {
      ctx.add(what, '', `must be an object of type to name to body, got ${describe(byType)}`);
      continue;
    }
    for (const [type, byNameList] of Object.entries(byType)) {
      if (type === '//') continue;
      for (const byName of asList(byNameList)) {
        if (!isObject(byName)) {
          ctx.add(`${what}.${type}`, '', `must be an object of name to body, got ${describe(byName)}`);
          continue;
        }
        for (const [name, body] of Object.entries(byName)) {
          if (name === '//') continue;
          if (Array.isArray(body) && body.length !== 1) {
            ctx.add(`${what === 'data' ? 'data.' : ''}${type}.${name}`, '', `must be one object, got a list of ${body.length}`);
            continue;
          }
          out.push({ type, name, body: Array.isArray(body) ? body[0] : body });
        }
      }
    }
  }
  return out;
}

function checkBody(ctx: Context, where: string, prefix: string, body: unknown, args: Record<string, TfArgumentSchema>, meta: Set<string>): void {
  if (!isObject(body)) {
    ctx.add(where, prefix, `must be an object of arguments, got ${describe(body)}`);
    return;
  }
  const dynamicNames = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (key === '//' || (prefix === '' && meta.has(key))) continue;
    if (key === 'dynamic' && !args.dynamic) {
      for (const name of checkDynamic(ctx, where, prefix, value, args)) dynamicNames.add(name);
      continue;
    }
    const spec = args[key];
    const p = prefix + key;
    if (!spec) {
      const hint = closest(key, Object.keys(args));
      const owner = where.startsWith('provider.') ? 'the aws provider' : where.replace(/\.[^.]+$/, '');
      const of = prefix === '' ? owner : `${owner} block "${prefix.slice(0, -1)}"`;
      ctx.add(where, p, `is not an argument of ${of}${hint ? ` (did you mean "${prefix + hint}"?)` : ''}`);
      continue;
    }
    if (isBlock(spec)) checkBlock(ctx, where, p, value, spec);
    else checkValue(ctx, where, p, value, parseType(spec.type));
  }
  for (const [name, spec] of Object.entries(args)) {
    const present = body[name] !== undefined && body[name] !== null;
    if (isBlock(spec)) {
      if ((spec.min_items ?? 0) > 0 && !present && !dynamicNames.has(name)) {
        ctx.add(where, prefix + name, `is a required block and is missing (at least ${spec.min_items})`);
      }
    } else if (spec.required && !present) {
      ctx.add(where, prefix + name, `is required and is missing (${typePhrase(parseType(spec.type))})`);
    }
  }
}

/** `"dynamic": { "<block>": { "for_each": ..., "content": {...} } }`; returns the block names it generates. */
function checkDynamic(ctx: Context, where: string, prefix: string, value: unknown, args: Record<string, TfArgumentSchema>): string[] {
  const names: string[] = [];
  if (!isObject(value)) {
    ctx.add(where, `${prefix}dynamic`, `must be an object of block name to dynamic block, got ${describe(value)}`);
    return names;
  }
  for (const [name, dyns] of Object.entries(value)) {
    const spec = args[name];
    const p = `${prefix}dynamic.${name}`;
    if (!spec || !isBlock(spec)) {
      ctx.add(where, p, spec ? 'is not a block, so it cannot be dynamic' : 'names no block of this resource');
      continue;
    }
    names.push(name);
    for (const dyn of asList(dyns)) {
      if (!isObject(dyn)) {
        ctx.add(where, p, `must be an object with "for_each" and "content", got ${describe(dyn)}`);
        continue;
      }
      for (const k of Object.keys(dyn)) {
        if (!['for_each', 'iterator', 'labels', 'content', '//'].includes(k)) ctx.add(where, `${p}.${k}`, 'is not expected in a dynamic block');
      }
      if (dyn.for_each === undefined) ctx.add(where, `${p}.for_each`, 'is required and is missing');
      if (dyn.content === undefined) ctx.add(where, `${p}.content`, 'is required and is missing');
      else checkBody(ctx, where, `${p}.content.`, dyn.content, spec.arguments, META_ARGUMENTS);
    }
  }
  return names;
}

function checkBlock(ctx: Context, where: string, p: string, value: unknown, spec: TfBlockSchema): void {
  if (value === null) return;
  if (spec.as_attribute) {
    // Attribute syntax: a list of complete objects (or one expression).
    if (typeof value === 'string' && isWholeExpression(value)) return;
    if (!Array.isArray(value)) {
      ctx.add(where, p, `must be a list of objects (every nested argument present, null where unused), got ${describe(value)}`);
      return;
    }
    value.forEach((item, i) => {
      const ip = `${p}[${i}]`;
      if (!isObject(item)) {
        ctx.add(where, ip, `must be an object, got ${describe(item)}`);
        return;
      }
      const absent = Object.keys(spec.arguments).filter(k => !(k in item));
      if (absent.length) {
        ctx.add(where, ip, `must set every attribute of the object (null where unused); missing ${absent.map(a => `"${a}"`).join(', ')}`);
      }
      checkBody(ctx, where, `${ip}.`, stripNulls(item), spec.arguments, new Set());
    });
    return;
  }
  const expected = spec.nesting === 'map' ? 'an object of labelled blocks'
    : spec.max_items === 1 || spec.nesting === 'single' ? 'a block (an object, or a list of at most one object)'
      : 'a block (an object, or a list of objects)';
  if (!isObject(value) && !Array.isArray(value)) {
    const hint = typeof value === 'string' && isWholeExpression(value) ? '; a block cannot be set from an expression, use a dynamic block' : '';
    ctx.add(where, p, `must be ${expected}, got ${describe(value)}${hint}`);
    return;
  }
  if (spec.nesting === 'map') {
    if (!isObject(value)) {
      ctx.add(where, p, `must be ${expected}, got ${describe(value)}`);
      return;
    }
    for (const [label, body] of Object.entries(value)) checkBody(ctx, where, `${p}.${label}.`, body, spec.arguments, new Set());
    return;
  }
  const blocks = Array.isArray(value) ? value : [value];
  const max = spec.nesting === 'single' ? 1 : spec.max_items;
  if (max !== undefined && blocks.length > max) {
    ctx.add(where, p, `allows at most ${max} block${max === 1 ? '' : 's'}, got a list of ${blocks.length}`);
  }
  if (spec.min_items !== undefined && blocks.length < spec.min_items) {
    ctx.add(where, p, `needs at least ${spec.min_items} block${spec.min_items === 1 ? '' : 's'}, got ${blocks.length}`);
  }
  blocks.forEach((body, i) => {
    const bp = Array.isArray(value) ? `${p}[${i}]` : p;
    if (!isObject(body)) ctx.add(where, bp, `must be ${expected}, got ${describe(body)}`);
    else checkBody(ctx, where, `${bp}.`, body, spec.arguments, new Set());
  });
}

// ---------------------------------------------------------------------------------------------------------------
// values

type TypeNode = { readonly kind: 'string' | 'number' | 'bool' | 'any' } | { readonly kind: 'list' | 'set' | 'map'; readonly element: TypeNode };

const typeCache = new Map<string, TypeNode>();

function parseType(t: string): TypeNode {
  let node = typeCache.get(t);
  if (!node) {
    const m = /^(list|set|map)\((.*)\)$/.exec(t);
    if (m) node = { kind: m[1] as 'list' | 'set' | 'map', element: parseType(m[2]) };
    else if (t === 'string' || t === 'number' || t === 'bool' || t === 'any') node = { kind: t };
    else throw new Error(`schema: unknown type "${t}"`);
    typeCache.set(t, node);
  }
  return node;
}

function typeName(t: TypeNode): string {
  return 'element' in t ? `${t.kind}(${typeName(t.element)})` : t.kind;
}

function typePhrase(t: TypeNode): string {
  switch (t.kind) {
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'bool': return 'a bool (true or false)';
    case 'any': return 'any value';
    case 'map': return `a ${typeName(t)} (a JSON object)`;
    default: return `a ${typeName(t)} (a JSON list)`;
  }
}

function checkValue(ctx: Context, where: string, p: string, value: unknown, t: TypeNode): void {
  if (value === null || t.kind === 'any') return;
  if (typeof value === 'string' && isWholeExpression(value)) return;
  const wrong = () => ctx.add(where, p, `must be ${typePhrase(t)}, got ${describe(value)}`);
  switch (t.kind) {
    case 'string':
      if (typeof value !== 'string') wrong();
      return;
    case 'number':
      if (typeof value !== 'number') wrong();
      return;
    case 'bool':
      if (typeof value !== 'boolean') wrong();
      return;
    case 'list':
    case 'set':
      if (!Array.isArray(value)) wrong();
      else value.forEach((v, i) => checkValue(ctx, where, `${p}[${i}]`, v, t.element));
      return;
    case 'map':
      if (!isObject(value)) wrong();
      else for (const [k, v] of Object.entries(value)) checkValue(ctx, where, `${p}.${k}`, v, t.element);
      return;
  }
}

/** True when the whole string is one `${ ... }` Terraform expression (which then has the expression's own type). */
export function isWholeExpression(s: string): boolean {
  if (!s.startsWith('${')) return false;
  const end = matchingBrace(s, 2);
  return end === s.length - 1;
}

/** Index of the `}` closing the interpolation whose body starts at `from`, skipping quoted strings; -1 if none. */
function matchingBrace(s: string, from: number): number {
  let depth = 1;
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '"') {
      for (i++; i < s.length && s[i] !== '"'; i++) if (s[i] === '\\') i++;
    } else if (c === '{') {
      depth++;
    } else if (c === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** The bodies of the `${...}` interpolations of a Terraform template string (`$${` is a literal `${`). */
export function interpolations(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) {
    if (s[i] === '$' && s[i + 1] === '$' && s[i + 2] === '{') {
      i += 2;
    } else if (s[i] === '$' && s[i + 1] === '{') {
      const end = matchingBrace(s, i + 2);
      if (end < 0) break;
      out.push(s.slice(i + 2, end));
      i = end;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// references

function checkReferences(ctx: Context, where: string, p: string, value: unknown, declared: Set<string>, prefixes: Set<string>): void {
  if (typeof value === 'string') {
    for (const ref of referencesIn(value, prefixes)) {
      if (!declared.has(ref)) ctx.add(where, p, `refers to ${ref}, which is not declared in this configuration`);
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => checkReferences(ctx, where, `${p}[${i}]`, v, declared, prefixes));
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '//') continue;
      const kp = p ? `${p}.${k}` : k;
      if (k === 'depends_on' && p === '' && Array.isArray(v)) {
        // depends_on holds bare references ("aws_vpc.main"), not interpolations.
        v.forEach((d, i) => {
          if (typeof d !== 'string') return;
          for (const ref of referencesIn(isWholeExpression(d) ? d : `\${${d}}`, prefixes)) {
            if (!declared.has(ref)) ctx.add(where, `${kp}[${i}]`, `refers to ${ref}, which is not declared in this configuration`);
          }
        });
        continue;
      }
      checkReferences(ctx, where, kp, v, declared, prefixes);
    }
  }
}

/** `type.name` / `data.type.name` of the resources and data sources referenced in a template string. */
export function referencesIn(s: string, prefixes: Set<string> = new Set(['aws'])): string[] {
  const refs = new Set<string>();
  const scan = (expr: string) => {
    // Quoted strings inside an expression are templates of their own; look at them separately.
    const bare = expr.replace(/"((?:[^"\\]|\\.)*)"/g, (_m, inner: string) => {
      interpolations(inner).forEach(scan);
      return '""';
    });
    for (const m of bare.matchAll(/(?<![\w.])(data\.)?([a-z][a-z0-9]*)_([a-z0-9_]+)\.([A-Za-z_][\w-]*)/g)) {
      if (!prefixes.has(m[2])) continue;
      refs.add(`${m[1] ?? ''}${m[2]}_${m[3]}.${m[4]}`);
    }
  };
  interpolations(s).forEach(scan);
  return [...refs];
}

// ---------------------------------------------------------------------------------------------------------------
// helpers

function isObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isBlock(spec: TfArgumentSchema): spec is TfBlockSchema {
  return 'nesting' in spec;
}

function asList(v: unknown): unknown[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null));
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** The known name a mistyped one most likely meant: one it is a prefix of (or the reverse), else a near typo. */
function closest(name: string, known: string[]): string | undefined {
  const prefixed = known.filter(k => k.startsWith(name) || name.startsWith(k))
    .sort((a, b) => Math.abs(a.length - name.length) - Math.abs(b.length - name.length));
  if (prefixed.length > 0 && Math.min(prefixed[0].length, name.length) >= 3) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
