/**
 * A CloudFormation template evaluated as CloudFormation would for one choice of parameter values.
 */
import { CfnResourceJson, CfnTemplate, Unknown, describe, isIntrinsic } from './template';

// A template evaluated the way CloudFormation would for one choice of parameter values:
// `Fn::ForEach` expanded, `Ref` to a parameter replaced by its value, conditions and `Fn::If`
// decided, `AWS::NoValue` removed, and what only a deployment knows left as `Unknown`.

const PSEUDO = new Set(['AWS::AccountId', 'AWS::NotificationARNs', 'AWS::Partition', 'AWS::Region', 'AWS::StackId', 'AWS::StackName', 'AWS::URLSuffix']);
const REMOVE = Symbol('AWS::NoValue');

/** A parameter as the evaluation sees it. */
export interface ParameterInfo {
  readonly name: string;
  /** Its default, as CloudFormation passes it (a list for list types); undefined when it has none. */
  readonly default?: string | string[];
  /** Its AllowedValues, when the template closes the choice. */
  readonly allowed?: Array<string | string[]>;
  /** Why its value is unknown even with a default (an SSM parameter type). */
  readonly unknownReason?: string;
}

const isList = (type: unknown) => typeof type === 'string' && (type.startsWith('List<') || type === 'CommaDelimitedList');

/** The parameters of a template. */
export function parametersOf(template: CfnTemplate): Map<string, ParameterInfo> {
  const out = new Map<string, ParameterInfo>();
  for (const [name, p] of Object.entries((template.Parameters ?? {}) as Record<string, any>)) {
    const asValue = (v: unknown) => (isList(p?.Type) ? String(v).split(',').map((s) => s.trim()) : String(v));
    const ssm = typeof p?.Type === 'string' && p.Type.startsWith('AWS::SSM::Parameter::Value');
    out.set(name, {
      name,
      default: p?.Default === undefined || p.Default === null ? undefined : asValue(p.Default),
      allowed: Array.isArray(p?.AllowedValues) && p.AllowedValues.length > 0 && !isList(p?.Type) ? p.AllowedValues.map(asValue) : undefined,
      unknownReason: ssm ? `parameter ${name} (read from SSM at deploy)` : undefined,
    });
  }
  return out;
}

/** One choice of inputs: a value per parameter (Unknown when not known) and forced condition values. */
export interface Scenario {
  readonly values: ReadonlyMap<string, string | string[] | Unknown>;
  /** Conditions decided by the scenario rather than by evaluation (those that depend on unknown values). */
  readonly conditions: ReadonlyMap<string, boolean>;
}

/** The value of each parameter with its default (Unknown without one). */
export function defaultValues(params: Map<string, ParameterInfo>): Map<string, string | string[] | Unknown> {
  const values = new Map<string, string | string[] | Unknown>();
  for (const p of params.values()) {
    values.set(p.name, p.unknownReason !== undefined ? new Unknown(p.unknownReason)
      : p.default === undefined ? new Unknown(`parameter ${p.name} (no default)`) : p.default);
  }
  return values;
}

/** Every parameter and pseudo parameter a value refers to (through `Ref`, `Fn::Sub` and nested conditions). */
export function parameterRefs(value: unknown, template: CfnTemplate, found = new Set<string>(), seen = new Set<string>()): Set<string> {
  const conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      if (k === 'Ref' && typeof x === 'string') {found.add(x);} else if (k === 'Condition' && typeof x === 'string' && !seen.has(x)) {
        seen.add(x);
        walk(conditions[x]);
      } else if (k === 'Fn::If' && Array.isArray(x) && typeof x[0] === 'string' && !seen.has(x[0])) {
        seen.add(x[0]);
        walk(conditions[x[0]]);
        walk(x.slice(1));
      } else if (k === 'Fn::Sub') {
        const text = typeof x === 'string' ? x : Array.isArray(x) ? x[0] : undefined;
        if (typeof text === 'string') for (const m of text.matchAll(/\$\{([^!}][^}]*)\}/g)) found.add(m[1]);
        walk(x);
      } else {walk(x);}
    }
  };
  walk(value);
  return found;
}

/** The condition names a value uses (`Condition`, `Fn::If`), nested ones included. */
export function conditionRefs(value: unknown, template: CfnTemplate, found = new Set<string>()): Set<string> {
  const conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  const walk = (v: unknown) => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v)) {
      const name = k === 'Condition' ? x : k === 'Fn::If' && Array.isArray(x) ? x[0] : undefined;
      if (typeof name === 'string' && !found.has(name)) {
        found.add(name);
        walk(conditions[name]);
      }
      walk(x);
    }
  };
  walk(value);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Fn::ForEach (AWS::LanguageExtensions)

/** Expands every `Fn::ForEach::Name` key in a value, with the collection's parameter values of a scenario. */
export function expandForEach(value: unknown, values: ReadonlyMap<string, unknown>, problems: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => expandForEach(v, values, problems));
  if (value === null || typeof value !== 'object' || value instanceof Unknown) return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!key.startsWith('Fn::ForEach::')) {
      out[key] = expandForEach(v, values, problems);
      continue;
    }
    if (!Array.isArray(v) || v.length !== 3 || typeof v[0] !== 'string' || v[2] === null || typeof v[2] !== 'object') {
      problems.add(`${key} is not [identifier, collection, fragment]`);
      continue;
    }
    const [id, collection, fragment] = v as [string, unknown, Record<string, unknown>];
    let items: unknown = collection;
    if (isIntrinsic(collection) && typeof (collection as any).Ref === 'string') items = values.get((collection as any).Ref);
    if (!Array.isArray(items) || !items.every((i) => typeof i === 'string' || typeof i === 'number')) {
      problems.add(`${key} loops over ${items instanceof Unknown ? items.reason : describe(collection)}`);
      continue;
    }
    for (const item of items.map(String)) {
      const generated = substitute(fragment, id, item) as Record<string, unknown>;
      Object.assign(out, expandForEach(generated, values, problems));
    }
  }
  return out;
}

/** The loop identifier replaced by one value: in keys (`${Id}`, `&{Id}`), `Ref: Id` and `Fn::Sub` strings. */
function substitute(value: unknown, id: string, item: string, inSub = false): unknown {
  const inKey = (s: string) => s.split(`\${${id}}`).join(item).split(`&{${id}}`).join(item.replace(/[^A-Za-z0-9]/g, ''));
  if (typeof value === 'string') return inSub ? value.split(`\${${id}}`).join(item) : value;
  if (Array.isArray(value)) return value.map((v) => substitute(v, id, item, inSub));
  if (value === null || typeof value !== 'object') return value;
  if (isIntrinsic(value) && (value as any).Ref === id) return item;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'Fn::Sub') out[k] = Array.isArray(v) ? [substitute(v[0], id, item, true), substitute(v[1], id, item)] : substitute(v, id, item, true);
    else out[inKey(k)] = substitute(v, id, item, inSub);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Conditions and intrinsics

/** Evaluates templates for one scenario. */
export class Evaluation {
  private readonly conditionValues = new Map<string, boolean | Unknown>();
  private readonly mappings: Record<string, any>;
  private readonly conditions: Record<string, unknown>;

  constructor(template: CfnTemplate, private readonly scenario: Scenario, private readonly resourceIds: Set<string>) {
    this.mappings = (template.Mappings ?? {}) as Record<string, any>;
    this.conditions = (template.Conditions ?? {}) as Record<string, unknown>;
  }

  /** A condition's value: true, false, or Unknown when it depends on what only a deployment knows. */
  public condition(name: string, stack: string[] = []): boolean | Unknown {
    const forced = this.scenario.conditions.get(name);
    if (forced !== undefined) return forced;
    let value = this.conditionValues.get(name);
    if (value === undefined) {
      if (!(name in this.conditions)) value = new Unknown(`condition ${name} (not defined)`);
      else if (stack.includes(name)) value = new Unknown(`condition ${name} (circular)`);
      else value = this.truth(this.conditions[name], [...stack, name]);
      this.conditionValues.set(name, value);
    }
    return value;
  }

  private truth(expr: unknown, stack: string[]): boolean | Unknown {
    if (typeof expr === 'boolean') return expr;
    if (typeof expr === 'string' && /^(true|false)$/i.test(expr)) return expr.toLowerCase() === 'true';
    if (!isIntrinsic(expr)) return new Unknown('a condition that is not a condition function');
    const [fn, arg] = Object.entries(expr)[0] as [string, any];
    const args: unknown[] = Array.isArray(arg) ? arg : [arg];
    switch (fn) {
      case 'Condition': return typeof arg === 'string' ? this.condition(arg, stack) : new Unknown('a malformed Condition');
      case 'Fn::Not': {
        const v = this.truth(args[0], stack);
        return v instanceof Unknown ? v : !v;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const vs = args.map((a) => this.truth(a, stack));
        const decisive = fn === 'Fn::And' ? false : true;
        if (vs.includes(decisive)) return decisive;
        return vs.find((v): v is Unknown => v instanceof Unknown) ?? !decisive;
      }
      case 'Fn::Equals': {
        const [a, b] = args.map((x) => this.resolve(x));
        const unknown = [a, b].find((x) => x instanceof Unknown || isIntrinsic(x));
        if (unknown !== undefined) return unknown instanceof Unknown ? unknown : new Unknown(describe(unknown));
        return JSON.stringify(scalarsAsStrings(a)) === JSON.stringify(scalarsAsStrings(b));
      }
      default: return new Unknown(`${fn} in a condition`);
    }
  }

  /** A value with parameters, conditions and the intrinsics that need no deployment resolved. */
  public resolve(value: unknown): unknown {
    const v = this.resolveOrRemove(value);
    return v === REMOVE ? undefined : v;
  }

  private resolveOrRemove(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.resolveOrRemove(v)).filter((v) => v !== REMOVE);
    if (value === null || typeof value !== 'object' || value instanceof Unknown) return value;
    if (!isIntrinsic(value)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        const r = this.resolveOrRemove(v);
        if (r !== REMOVE) out[k] = r;
      }
      return out;
    }
    const [fn, arg] = Object.entries(value)[0] as [string, any];
    switch (fn) {
      case 'Ref': return this.ref(arg);
      case 'Fn::If': {
        if (!Array.isArray(arg) || arg.length !== 3 || typeof arg[0] !== 'string') return new Unknown('a malformed Fn::If');
        const c = this.condition(arg[0]);
        return c instanceof Unknown ? c : this.resolveOrRemove(c ? arg[1] : arg[2]);
      }
      case 'Fn::FindInMap': {
        const [map, k1, k2] = (Array.isArray(arg) ? arg : []).map((x: unknown) => this.resolve(x));
        const hit = typeof map === 'string' && typeof k1 === 'string' && typeof k2 === 'string' ? this.mappings[map]?.[k1]?.[k2] : undefined;
        return hit === undefined ? new Unknown(`Fn::FindInMap ${describe([map, k1, k2])}`) : this.resolveOrRemove(hit);
      }
      case 'Fn::Select': {
        const [i, from] = (Array.isArray(arg) ? arg : []).map((x: unknown) => this.resolve(x));
        const index = Number(i);
        if (Array.isArray(from) && Number.isInteger(index)) return from[index] ?? new Unknown('Fn::Select out of range');
        return { 'Fn::Select': [i, from] };
      }
      case 'Fn::Join': {
        const [sep, parts] = (Array.isArray(arg) ? arg : []).map((x: unknown) => this.resolve(x));
        if (typeof sep === 'string' && Array.isArray(parts) && parts.every((p) => typeof p === 'string' || typeof p === 'number')) return parts.join(sep);
        return { 'Fn::Join': [sep, parts] };
      }
      case 'Fn::Split': {
        const [sep, text] = (Array.isArray(arg) ? arg : []).map((x: unknown) => this.resolve(x));
        return typeof sep === 'string' && typeof text === 'string' ? text.split(sep) : { 'Fn::Split': [sep, text] };
      }
      case 'Fn::Sub': return this.sub(arg);
      case 'Fn::ImportValue': return new Unknown(`the import ${describe(this.resolve(arg))}`);
      case 'Fn::GetAZs': return value;
      default: return { [fn]: this.resolve(arg) };
    }
  }

  private ref(name: unknown): unknown {
    if (typeof name !== 'string') return new Unknown('a malformed Ref');
    if (name === 'AWS::NoValue') return REMOVE;
    if (this.scenario.values.has(name)) return this.scenario.values.get(name);
    if (PSEUDO.has(name)) return new Unknown(name);
    if (this.resourceIds.has(name)) return { Ref: name };
    return new Unknown(`${name} (neither a parameter nor a resource)`);
  }

  private sub(arg: unknown): unknown {
    const [text, vars] = Array.isArray(arg) ? arg : [arg, {}];
    if (typeof text !== 'string') return { 'Fn::Sub': arg };
    const resolvedVars = Object.fromEntries(Object.entries((vars ?? {}) as object).map(([k, v]) => [k, this.resolve(v)]));
    let open = false;
    const out = text.replace(/\$\{([^!}][^}]*)\}/g, (whole, name: string) => {
      const v = name in resolvedVars ? resolvedVars[name] : name.includes('.') ? undefined : this.ref(name);
      if (typeof v === 'string' || typeof v === 'number') return String(v);
      open = true;
      return whole;
    });
    if (open) return { 'Fn::Sub': Object.keys(resolvedVars).length ? [out, resolvedVars] : out };
    return out.replace(/\$\{!/g, '${');
  }
}

function scalarsAsStrings(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(scalarsAsStrings);
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

/** What evaluating a template for one scenario gave. */
export interface EvaluatedTemplate {
  readonly template: CfnTemplate;
  /** Condition values of the scenario (Unknown where the scenario leaves one open). */
  readonly conditions: Map<string, boolean | Unknown>;
  /** Logical ids of the resources whose condition is false in this scenario. */
  readonly absent: Set<string>;
}

/** The template as CloudFormation would deploy it with the scenario's inputs. */
export function evaluate(source: CfnTemplate, scenario: Scenario, problems: Set<string>): EvaluatedTemplate {
  const expanded = expandForEach(source, scenario.values, problems) as CfnTemplate;
  const resources = (expanded.Resources ?? {}) as Record<string, CfnResourceJson>;
  const ids = new Set(Object.keys(resources));
  const e = new Evaluation(expanded, scenario, ids);
  const out: Record<string, CfnResourceJson> = {};
  const absent = new Set<string>();
  const exists = (c: unknown) => {
    if (typeof c !== 'string') return true;
    const v = e.condition(c);
    if (v instanceof Unknown) problems.add(`condition ${c} depends on ${v.reason}`);
    return v === true;
  };
  for (const [id, r] of Object.entries(resources)) {
    if (r === null || typeof r !== 'object' || typeof r.Type !== 'string') continue;
    if (!exists(r.Condition)) {
      absent.add(id);
      continue;
    }
    const resolved: Record<string, unknown> = { Type: r.Type };
    for (const key of ['Properties', 'UpdatePolicy', 'DeletionPolicy', 'UpdateReplacePolicy', 'DependsOn']) {
      if (r[key] !== undefined) {
        const v = e.resolve(r[key]);
        if (v !== undefined) resolved[key] = v;
      }
    }
    out[id] = resolved as unknown as CfnResourceJson;
  }
  const outputs: Record<string, unknown> = {};
  for (const [name, o] of Object.entries((expanded.Outputs ?? {}) as Record<string, any>)) {
    if (o !== null && typeof o === 'object' && exists(o.Condition)) outputs[name] = e.resolve(o);
  }
  const conditions = new Map<string, boolean | Unknown>();
  for (const name of Object.keys((expanded.Conditions ?? {}) as object)) conditions.set(name, e.condition(name));
  return { template: { ...expanded, Resources: out, Outputs: outputs }, conditions, absent };
}
