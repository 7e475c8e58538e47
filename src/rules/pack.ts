import { ALL_RULES } from './checks';
import { Evaluation, EvaluatedTemplate, ParameterInfo, Scenario, conditionRefs, defaultValues, evaluate, parameterRefs, parametersOf } from './evaluate';
import { NotJudgedNote, ResilienceRule, ResilienceViolation, RuleLevel } from './rule';
import { CfnTemplate, NotJudged, SourceFormat, TemplateIndex, Unknown } from './template';

/** Every rule of the pack, in the order the README lists them. */
export const RESILIENCE_RULES: ResilienceRule[] = ALL_RULES;

/** Options of {@link assessTemplate}. */
export interface AssessOptions {
  /** The rules to run (default: every rule). */
  readonly rules?: ResilienceRule[];
  /** Where the resources came from (their names in messages). */
  readonly format?: SourceFormat;
  /**
   * The other templates of the same app (a cloud assembly's stacks, a cdktf output's stacks):
   * what one template leaves to another (a failover record's partner in another Region) is looked
   * for there too. Read with their parameters' defaults.
   */
  readonly peers?: CfnTemplate[];
}

/** What the pack found in one template. */
export interface TemplateAssessment {
  readonly violations: ResilienceViolation[];
  /** What was not judged because it needs values known only at deploy time, once per reason. */
  readonly notJudged: NotJudgedNote[];
}

/** Above this many combinations of parameter values, each parameter is varied alone from the defaults. */
const MAX_SCENARIOS = 64;

interface Input {
  readonly kind: 'parameter' | 'condition';
  readonly name: string;
  readonly domain: Array<string | string[] | boolean>;
  readonly base?: string | string[] | boolean;
}

interface Run {
  readonly scenario: Scenario;
  readonly evaluated: EvaluatedTemplate;
  readonly findings: Map<string, ResilienceViolation>;
  readonly notJudged: Map<string, Set<string>>;
}

/** Runs every rule over every resource it applies to; the findings only (see {@link assessTemplate}). */
export function checkTemplate(template: CfnTemplate, rules: ResilienceRule[] = RESILIENCE_RULES): ResilienceViolation[] {
  return assessTemplate(template, { rules }).violations;
}

/**
 * Evaluates a template as CloudFormation would (parameters, conditions, `Fn::If`, `Fn::ForEach`)
 * and runs the rules. A finding that holds for every allowed parameter value has its rule's level;
 * one that holds for some is a warning that names them. What depends on the default of a
 * parameter (or on a condition) says so.
 */
export function assessTemplate(template: CfnTemplate, options: AssessOptions = {}): TemplateAssessment {
  const rules = options.rules ?? RESILIENCE_RULES;
  const format = options.format ?? SourceFormat.CLOUDFORMATION;
  const peers = (options.peers ?? []).map(peerIndex);
  const params = parametersOf(template);
  const defaults = defaultValues(params);
  const used = { Resources: template.Resources, Outputs: template.Outputs };
  const usedParams = parameterRefs(used, template);
  const usedConditions = conditionRefs(used, template);

  // Conditions that depend on what only a deployment knows are inputs of their own: both values.
  const problems = new Set<string>();
  const probe = new Evaluation(template, { values: defaults, conditions: new Map() }, new Set(Object.keys(template.Resources ?? {})));
  const inputs: Input[] = [];
  for (const p of params.values()) {
    if (!usedParams.has(p.name) || p.allowed === undefined || p.unknownReason !== undefined) continue;
    inputs.push({ kind: 'parameter', name: p.name, domain: p.allowed, base: p.default ?? p.allowed[0] });
  }
  for (const c of usedConditions) {
    if (probe.condition(c) instanceof Unknown) inputs.push({ kind: 'condition', name: c, domain: [false, true] });
  }

  const runs = scenariosOf(inputs, defaults).map((s) => runRules(template, s, rules, format, problems, peers));
  const base = runs[0];

  // Open parameters (a default, no AllowedValues): is a finding still there when the value is not known?
  const dependsOn = new Map<string, string[]>();
  const isOpen = (p: ParameterInfo) => usedParams.has(p.name) && p.allowed === undefined && p.default !== undefined && p.unknownReason === undefined;
  const open = [...params.values()].filter(isOpen);
  if (base.findings.size > 0 && open.length > 0) {
    // One run with every open parameter unknown first: when it keeps every finding, no value of
    // theirs matters, and only the conditions they decide remain to be tried.
    const values = new Map(base.scenario.values);
    open.forEach((p) => values.set(p.name, new Unknown(`parameter ${p.name}`)));
    const allUnknown = runRules(template, { values, conditions: decidedConditions(base) }, rules, format, new Set(), peers);
    const valuesMatter = [...base.findings.keys()].some((k) => !allUnknown.findings.has(k));
    for (const p of open) {
      for (const [key, clause] of openDependencies(template, p, base, rules, format, valuesMatter, peers)) {
        dependsOn.set(key, [...(dependsOn.get(key) ?? []), clause]);
      }
    }
  }

  // Conditions only alarms use: they say when an alarm exists, not when a finding on another resource holds.
  const alarmOnly = alarmOnlyConditions(template);
  const violations: ResilienceViolation[] = [];
  const keys = [...new Set(runs.flatMap((r) => [...r.findings.keys()]))];
  for (const key of keys) {
    const holding = runs.filter((r) => r.findings.has(key));
    const first = holding[0].findings.get(key)!;
    const clauses: string[] = [];
    let level = first.level;
    if (holding.length < runs.length) {
      level = RuleLevel.WARNING;
      const rule = rules.find((r) => r.id === first.ruleId);
      clauses.push(characterize(holding, runs, inputs, params, rule?.readsAlarms ? new Set() : alarmOnly));
    }
    clauses.push(...(dependsOn.get(key) ?? []));
    violations.push(clauses.length ? { ...first, level, when: clauses.join('; ') } : first);
  }
  violations.sort((a, b) => order(a, rules) - order(b, rules));

  const notJudged = new Map<string, { checks: Set<string>; resources: Set<string> }>();
  for (const run of runs) {
    for (const [reason, checks] of run.notJudged) {
      const note = notJudged.get(reason) ?? { checks: new Set(), resources: new Set() };
      checks.forEach((c) => {
        note.checks.add(c);
        note.resources.add(c.split('@')[1]);
      });
      notJudged.set(reason, note);
    }
  }
  for (const problem of problems) notJudged.set(problem, { checks: new Set(), resources: new Set() });
  return {
    violations,
    notJudged: [...notJudged].map(([reason, n]) => ({ reason, checks: n.checks.size, resources: [...n.resources].sort() })),
  };
}

const order = (v: ResilienceViolation, rules: ResilienceRule[]) => rules.findIndex((r) => r.id === v.ruleId);

/** The defaults first, then every combination (or each input varied alone when there are too many). */
function scenariosOf(inputs: Input[], defaults: Map<string, string | string[] | Unknown>): Scenario[] {
  const make = (choice: Map<Input, Input['domain'][number]>): Scenario => {
    const values = new Map(defaults);
    const conditions = new Map<string, boolean>();
    for (const input of inputs) {
      const v = choice.get(input) ?? input.base ?? input.domain[0];
      if (input.kind === 'parameter') values.set(input.name, v as string | string[]);
      else conditions.set(input.name, v as boolean);
    }
    return { values, conditions };
  };
  const base = make(new Map());
  const total = inputs.reduce((n, i) => n * i.domain.length, 1);
  const choices: Array<Map<Input, Input['domain'][number]>> = [];
  if (total <= MAX_SCENARIOS) {
    let all: Array<Map<Input, Input['domain'][number]>> = [new Map()];
    for (const input of inputs) all = all.flatMap((c) => input.domain.map((v) => new Map(c).set(input, v)));
    choices.push(...all);
  } else {
    for (const input of inputs) for (const v of input.domain) choices.push(new Map([[input, v]]));
  }
  const seen = new Set([key(base)]);
  const scenarios = [base];
  for (const c of choices) {
    const s = make(c);
    if (!seen.has(key(s))) {
      seen.add(key(s));
      scenarios.push(s);
    }
  }
  return scenarios;
}

const key = (s: Scenario) => JSON.stringify([[...s.values].filter(([, v]) => !(v instanceof Unknown)), [...s.conditions]]);

const PEERS = new WeakMap<CfnTemplate, TemplateIndex>();

/** Another template of the app, evaluated once with its parameters' defaults. */
function peerIndex(template: CfnTemplate): TemplateIndex {
  let index = PEERS.get(template);
  if (!index) {
    const evaluated = evaluate(template, { values: defaultValues(parametersOf(template)), conditions: new Map() }, new Set());
    index = new TemplateIndex(evaluated.template);
    PEERS.set(template, index);
  }
  return index;
}

function runRules(
  template: CfnTemplate, scenario: Scenario, rules: ResilienceRule[], format: SourceFormat, problems: Set<string>, peers: TemplateIndex[] = [],
): Run {
  const evaluated = evaluate(template, scenario, problems);
  const index = new TemplateIndex(evaluated.template, format, peers);
  const findings = new Map<string, ResilienceViolation>();
  const notJudged = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const type of rule.resourceTypes) {
      for (const [logicalId, resource] of index.ofType(type)) {
        let message: string | undefined;
        try {
          message = rule.check(resource, logicalId, index);
        } catch (e) {
          if (!(e instanceof NotJudged)) throw e;
          const set = notJudged.get(e.reason) ?? new Set<string>();
          set.add(`${rule.id}@${logicalId}`);
          notJudged.set(e.reason, set);
        }
        if (message !== undefined) {
          findings.set(`${rule.id}@${logicalId}`, {
            ruleId: rule.id, level: rule.level, title: rule.title, why: rule.why, fix: rule.fix, logicalId, resourceType: type, message,
          });
        }
      }
    }
  }
  return { scenario, evaluated, findings, notJudged };
}

const ALARM_TYPES = new Set(['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']);

/** The conditions that only alarms use (directly or through other conditions). */
function alarmOnlyConditions(template: CfnTemplate): Set<string> {
  const byAlarms = new Set<string>();
  const byOthers = new Set<string>();
  for (const r of Object.values(template.Resources ?? {})) {
    if (r === null || typeof r !== 'object') continue;
    conditionRefs(r, template, ALARM_TYPES.has(r.Type) ? byAlarms : byOthers);
  }
  conditionRefs(template.Outputs, template, byOthers);
  return new Set([...byAlarms].filter((c) => !byOthers.has(c)));
}

/** Names the inputs under which a finding holds: a condition or a parameter that separates, else the combinations. */
function characterize(holding: Run[], runs: Run[], inputs: Input[], params: Map<string, ParameterInfo>, ignored: Set<string>): string {
  const not = runs.filter((r) => !holding.includes(r));
  const conditionNames = [...new Set(runs.flatMap((r) => [...r.evaluated.conditions.keys()]))].filter((c) => !ignored.has(c));
  // The defaults are a fact only when no input is a condition left open by a deployment value.
  const baseNote = holding.includes(runs[0]) && inputs.every((i) => i.kind === 'parameter') ? ' (as with the defaults)' : '';
  for (const c of conditionNames) {
    const values = (rs: Run[]) => new Set(rs.map((r) => r.evaluated.conditions.get(c)));
    const yes = values(holding);
    const no = values(not);
    const [v] = [...yes];
    if (yes.size === 1 && typeof v === 'boolean' && !no.has(v)) return `when ${c} is ${v}${baseNote}`;
  }
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(',') : String(v));
  for (const input of inputs.filter((i) => i.kind === 'parameter')) {
    const yes = new Set(holding.map((r) => shown(r.scenario.values.get(input.name))));
    const no = new Set(not.map((r) => shown(r.scenario.values.get(input.name))));
    if ([...yes].every((v) => !no.has(v))) {
      const isDefault = params.get(input.name)?.default !== undefined && yes.has(shown(params.get(input.name)!.default));
      return `when ${input.name} is ${[...yes].join(' or ')}${isDefault ? ' (its default)' : ''}`;
    }
  }
  const assignment = (r: Run) => inputs.map((i) => `${i.name}=${shown(i.kind === 'parameter' ? r.scenario.values.get(i.name) : r.scenario.conditions.get(i.name))}`).join(', ');
  const listed = holding.slice(0, 3).map(assignment).join('; ');
  return `in ${holding.length} of ${runs.length} combinations of parameter values (${listed}${holding.length > 3 ? '; ...' : ''})`;
}

/**
 * The base findings that depend on an open parameter: gone when its value is unknown, or when one
 * of the conditions it decides takes its other value. Returns (finding key, clause) pairs.
 */
/** The base run's condition values, every one of them fixed. */
function decidedConditions(base: Run): Map<string, boolean> {
  const fixed = new Map(base.scenario.conditions);
  for (const [name, v] of base.evaluated.conditions) if (typeof v === 'boolean' && !fixed.has(name)) fixed.set(name, v);
  return fixed;
}

function openDependencies(
  template: CfnTemplate, p: ParameterInfo, base: Run, rules: ResilienceRule[], format: SourceFormat, valuesMatter: boolean, peers: TemplateIndex[],
): Array<[string, string]> {
  const values = new Map(base.scenario.values).set(p.name, new Unknown(`parameter ${p.name}`));
  const fixed = decidedConditions(base);
  const decided = [...fixed.keys()].filter((name) => !base.scenario.conditions.has(name) && parameterRefs({ Condition: name }, template).has(p.name));
  if (!valuesMatter && decided.length === 0) return [];
  const ignored = new Set<string>();
  const unknownRun = valuesMatter ? runRules(template, { values, conditions: fixed }, rules, format, ignored, peers) : base;
  const flip = (c: string) => runRules(template, { values, conditions: new Map(fixed).set(c, !fixed.get(c)) }, rules, format, ignored, peers);
  const flipped = decided.map((c) => [c, flip(c)] as const);
  const shown = Array.isArray(p.default) ? p.default.join(',') : p.default;
  const out: Array<[string, string]> = [];
  for (const finding of base.findings.keys()) {
    const byConditions = flipped.filter(([, run]) => !run.findings.has(finding)).map(([c]) => `when ${c} is ${fixed.get(c)}`);
    if (byConditions.length) out.push([finding, `${byConditions.join(' and ')}, as with the default ${p.name} (${shown})`]);
    else if (!unknownRun.findings.has(finding)) out.push([finding, `with the default ${p.name} (${shown})`]);
  }
  return out;
}
