/** A CloudFormation template as the rules read it: plain JSON. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResourceJson>;
  readonly [key: string]: unknown;
}

/** One resource of a template. */
export interface CfnResourceJson {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
  readonly UpdatePolicy?: Record<string, any>;
  readonly [key: string]: unknown;
}

/**
 * A value only known at deploy time: a parameter without a default, a pseudo parameter
 * (`AWS::Region`), an import. The rules do not judge what depends on one.
 */
export class Unknown {
  constructor(public readonly reason: string) {}
}

/** Thrown by a rule that needs a value the template does not know; the finding is not judged. */
export class NotJudged extends Error {
  constructor(public readonly reason: string) {
    super(reason);
  }
}

const INTRINSIC = /^(Ref|Condition|Fn::[A-Za-z]+)$/;

/** Whether a value is an intrinsic function call left unresolved (`{ "Fn::GetAtt": ... }`). */
export function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && INTRINSIC.test(keys[0]);
}

/** A value as a reader of the template would name it: never raw JSON. */
export function describe(value: unknown): string {
  if (value instanceof Unknown) return value.reason;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined || value === null) return 'not set';
  if (Array.isArray(value)) return value.map(describe).join(', ');
  if (isIntrinsic(value)) {
    const [name, arg] = Object.entries(value)[0];
    if (name === 'Ref') return `the value of ${arg}`;
    if (name === 'Fn::GetAtt') return `the ${(Array.isArray(arg) ? arg : String(arg).split('.')).join('.')} attribute`;
    if (name === 'Fn::ImportValue') return `the import ${describe(arg)}`;
    return `a value computed by ${name}`;
  }
  return 'a structured value';
}

/** Throws {@link NotJudged} when a value is unknown or computed at deploy time; returns it otherwise. */
export function known<T>(value: T): T {
  if (value instanceof Unknown) throw new NotJudged(value.reason);
  if (isIntrinsic(value)) throw new NotJudged(`${describe(value)}, known only at deploy time`);
  return value;
}

/** A number given as a number or a numeric string (CloudFormation takes both); undefined when absent. */
export function num(value: unknown): number | undefined {
  known(value);
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value)) ? Number(value) : undefined;
}

/** A boolean given as a boolean or as the string "true"/"false" (any case); undefined when absent. */
export function bool(value: unknown): boolean | undefined {
  known(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value.trim())) return value.trim().toLowerCase() === 'true';
  return undefined;
}

/** A string (numbers as strings); undefined when absent. */
export function str(value: unknown): string | undefined {
  known(value);
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A list; undefined when absent. Its elements may still be references or unknown. */
export function list(value: unknown): unknown[] | undefined {
  if (value === undefined || value === null) return undefined;
  known(value);
  return Array.isArray(value) ? value : [value];
}

/** The logical id a value points at (`Ref`, `Fn::GetAtt`), if it is such a reference. */
export function referencedId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return v.Ref;
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && typeof att[0] === 'string') return att[0];
  if (typeof att === 'string') return att.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere inside a value (`Ref`, `Fn::GetAtt`, and `${X}` in `Fn::Sub`). */
export function referencedIds(value: unknown, found = new Set<string>()): Set<string> {
  const id = referencedId(value);
  if (id) found.add(id);
  if (Array.isArray(value)) {
    value.forEach((v) => referencedIds(v, found));
  } else if (value !== null && typeof value === 'object' && !(value instanceof Unknown)) {
    const sub = (value as any)['Fn::Sub'];
    const text = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (text !== undefined) for (const m of text.matchAll(/\$\{([^!}][^}.]*)[^}]*\}/g)) found.add(m[1]);
    Object.values(value).forEach((v) => referencedIds(v, found));
  }
  return found;
}

/** A prefix on the AZ of a subnet placed by index (`!Select [i, !GetAZs '']`): the region's i-th AZ. */
const AZ_BY_INDEX = 'az#';

/** A prefix on the i-th AZ of a list given at deploy time (`!Select [i, !Ref AZs]`, AZs without a default). */
const AZ_OF_LIST = 'azlist#';

/** A prefix on the AZ of the only subnet of a list, the subnet defined elsewhere: one AZ, not named. */
const ONE_SUBNET = 'subnet#';

/** An AZ as a reader names it. */
export function azName(az: string): string {
  if (az.startsWith(ONE_SUBNET)) return `the one AZ of subnet ${az.slice(ONE_SUBNET.length)}`;
  if (az.startsWith(AZ_OF_LIST)) {
    const [index, ...reason] = az.slice(AZ_OF_LIST.length).split('#');
    return `AZ ${Number(index) + 1} of ${reason.join('#')}`;
  }
  return az.startsWith(AZ_BY_INDEX) ? `the region's AZ ${Number(az.slice(AZ_BY_INDEX.length)) + 1}` : az;
}

/** Which tool's input the resources came from, so that messages use its names. */
export enum SourceFormat {
  CLOUDFORMATION = 'cloudformation',
  TERRAFORM = 'terraform',
}

/**
 * One evaluated template (one choice of parameter values and conditions), with the lookups the
 * rules share. Resources whose condition is false are gone; `Fn::If` and parameters are resolved.
 */
export class TemplateIndex {
  public readonly resources: Record<string, CfnResourceJson>;
  private readonly byType = new Map<string, Array<[string, CfnResourceJson]>>();
  private referrers?: Map<string, Set<string>>;

  /**
   * @param peers the other templates of the same app (several stacks, several Regions), for what
   * one template leaves to another
   */
  constructor(
    public readonly template: CfnTemplate,
    public readonly format: SourceFormat = SourceFormat.CLOUDFORMATION,
    public readonly peers: TemplateIndex[] = [],
  ) {
    this.resources = template.Resources ?? {};
    for (const [id, r] of Object.entries(this.resources)) {
      const list_ = this.byType.get(r.Type) ?? [];
      list_.push([id, r]);
      this.byType.set(r.Type, list_);
    }
  }

  /** Resources of one type, with their logical ids. */
  public ofType(type: string): Array<[string, CfnResourceJson]> {
    return this.byType.get(type) ?? [];
  }

  /** The resource a value points at, if it is a reference to one in this template. */
  public target(value: unknown): CfnResourceJson | undefined {
    const id = referencedId(value);
    return id === undefined ? undefined : this.resources[id];
  }

  /** Logical ids of the resources (and `Outputs`, as `Outputs`) that reference a resource. */
  public referencedBy(id: string): Set<string> {
    if (!this.referrers) {
      this.referrers = new Map();
      const add = (from: string, value: unknown) => {
        for (const to of referencedIds(value)) {
          const set = this.referrers!.get(to) ?? new Set<string>();
          set.add(from);
          this.referrers!.set(to, set);
        }
      };
      for (const [rid, r] of Object.entries(this.resources)) add(rid, [r.Properties, r.UpdatePolicy]);
      add('Outputs', this.template.Outputs);
    }
    return this.referrers.get(id) ?? new Set();
  }

  /**
   * The AZ of a subnet reference: a literal, or the region's i-th AZ for `!Select [i, !GetAZs '']`.
   * Throws {@link NotJudged} when the subnet is not in the template or its AZ is not known here.
   */
  public subnetAz(subnet: unknown): string {
    if (subnet instanceof Unknown) throw new NotJudged(subnet.reason);
    const target = this.target(subnet);
    if (target === undefined || target.Type !== 'AWS::EC2::Subnet') throw new NotJudged('subnets defined outside the template');
    const p = target.Properties ?? {};
    const az = p.AvailabilityZone ?? p.AvailabilityZoneId;
    if (typeof az === 'string') return az;
    const select = az?.['Fn::Select'];
    if (Array.isArray(select) && num(select[0]) !== undefined && isIntrinsic(select[1]) && 'Fn::GetAZs' in select[1]) return `${AZ_BY_INDEX}${num(select[0])}`;
    // The i-th of a list of AZs given at deploy (a parameter without a default): the same index is
    // the same AZ, another index another AZ (the list names each AZ once).
    if (Array.isArray(select) && num(select[0]) !== undefined && select[1] instanceof Unknown) return `${AZ_OF_LIST}${num(select[0])}#${select[1].reason}`;
    if (az === undefined) throw new NotJudged('subnets without an AvailabilityZone (placed by EC2)');
    const name = str(az);
    if (name === undefined) throw new NotJudged('subnets whose AvailabilityZone is not a name');
    return name;
  }

  /**
   * The distinct AZs of a list of subnets. One subnet is one AZ, wherever it is defined; of several,
   * throws {@link NotJudged} when the AZ of any is unknown.
   */
  public subnetAzs(subnets: unknown): Set<string> {
    const all = list(subnets) ?? [];
    const distinct = [...new Map(all.map((s) => [JSON.stringify(s instanceof Unknown ? s.reason : s), s])).values()];
    if (distinct.length === 1 && !Array.isArray(distinct[0])) {
      try {
        return new Set([this.subnetAz(distinct[0])]);
      } catch (e) {
        if (!(e instanceof NotJudged)) throw e;
        return new Set([`${ONE_SUBNET}${describe(distinct[0])}`]);
      }
    }
    return new Set(all.map((s) => this.subnetAz(s)));
  }
}
