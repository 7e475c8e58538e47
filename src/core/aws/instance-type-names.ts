/**
 * Whether a name is an EC2 instance type, checked against the list EC2 publishes in its API model
 * (see instance-types.ts, generated with its source and version), with the nearest valid names.
 */
import { INSTANCE_TYPES, INSTANCE_TYPES_SOURCE } from './instance-types';
import { closestNames } from '../base/suggest';

const KNOWN = new Set(INSTANCE_TYPES);

/** The sizes of each family, in the list's order: c7i -> large, xlarge, ... */
const SIZES = new Map<string, string[]>();
for (const t of INSTANCE_TYPES) {
  const dot = t.indexOf('.');
  const family = t.slice(0, dot);
  SIZES.set(family, [...(SIZES.get(family) ?? []), t.slice(dot + 1)]);
}

/** Whether EC2 knows the instance type (as of the list's source). */
export function isInstanceType(name: string): boolean {
  return KNOWN.has(name);
}

/**
 * What is wrong with an instance type name, naming the prop and what is allowed, or undefined when
 * EC2 knows it. A known family with an unknown size gets the family's nearest size and its sizes;
 * anything else the nearest names of the whole list, if any is near.
 */
export function instanceTypeProblem(prop: string, name: string): string | undefined {
  if (KNOWN.has(name)) return undefined;
  const source = `EC2's list (${INSTANCE_TYPES_SOURCE.model}, botocore ${INSTANCE_TYPES_SOURCE.botocore})`;
  const dot = name.indexOf('.');
  const sizes = dot > 0 ? SIZES.get(name.slice(0, dot)) : undefined;
  if (sizes) {
    const family = name.slice(0, dot);
    const nearest = closestNames(name.slice(dot + 1), sizes, 1);
    const guess = nearest.length ? ` (did you mean ${family}.${nearest[0]}?)` : '';
    return `${prop} '${name}' is not an EC2 instance type${guess}: ${family} comes in ${sizes.join(', ')} (${source})`;
  }
  const near = closestNames(name, INSTANCE_TYPES, 3);
  const guess = near.length ? ` (did you mean ${near.join(', ')}?)` : '';
  return `${prop} '${name}' is not an EC2 instance type${guess}: a name is <family>.<size>, e.g. c7i.large, as in ${source}`;
}
