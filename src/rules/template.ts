/** A CloudFormation template as the rules read it: plain JSON, intrinsics left as they are. */
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

/** A number given as a number or a numeric string (CloudFormation takes both), else undefined. */
export function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  return typeof value === 'string' && value.trim() !== '' && !isNaN(Number(value)) ? Number(value) : undefined;
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

/** Every logical id referenced anywhere inside a value. */
export function referencedIds(value: unknown, found = new Set<string>()): Set<string> {
  const id = referencedId(value);
  if (id) found.add(id);
  if (Array.isArray(value)) value.forEach((v) => referencedIds(v, found));
  else if (value !== null && typeof value === 'object') Object.values(value).forEach((v) => referencedIds(v, found));
  return found;
}

/** A template with lookups the rules share (built once per template). */
export class TemplateIndex {
  public readonly resources: Record<string, CfnResourceJson>;
  private readonly byType = new Map<string, Array<[string, CfnResourceJson]>>();

  constructor(public readonly template: CfnTemplate) {
    this.resources = template.Resources ?? {};
    for (const [id, r] of Object.entries(this.resources)) {
      const list = this.byType.get(r.Type) ?? [];
      list.push([id, r]);
      this.byType.set(r.Type, list);
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

  /** The AZ of a subnet reference, when the template says (a literal, or Fn::Select over Fn::GetAZs). */
  public subnetAz(subnet: unknown): string | undefined {
    const az = this.target(subnet)?.Properties?.AvailabilityZone;
    if (az === undefined) return undefined;
    if (typeof az === 'string') return az;
    const select = (az as any)['Fn::Select'];
    return Array.isArray(select) ? `az#${JSON.stringify(select[0])}` : JSON.stringify(az);
  }

  /**
   * The distinct AZs of a list of subnets, or undefined when any of them is not resolvable here
   * (a parameter, an import): such lists are not judged.
   */
  public subnetAzs(subnets: unknown): Set<string> | undefined {
    if (!Array.isArray(subnets)) return undefined;
    const azs = subnets.map((s) => this.subnetAz(s));
    return azs.every((a) => a !== undefined) ? new Set(azs as string[]) : undefined;
  }
}
