/**
 * Whether a name is an RDS DB instance class the engine takes, or an ElastiCache node type, checked
 * against the lists cfn-lint gathers from the AWS Price List API (see database-classes.ts, generated
 * with its source and version), with the nearest valid names.
 */
import { CACHE_NODE_TYPES, DATABASE_CLASSES_SOURCE, RDS_INSTANCE_CLASSES } from './database-classes';
import { closestNames } from '../base/suggest';

/** The engines the lists know, by the engine names RDS uses. */
export type RdsEngineName = keyof typeof RDS_INSTANCE_CLASSES;

const SOURCE = `cfn-lint ${DATABASE_CLASSES_SOURCE.cfnLint}'s lists from the AWS Price List API, ${DATABASE_CLASSES_SOURCE.regions} Regions`;

/** The sizes of each family, in the list's order: db.r7g -> large, xlarge, ... */
function sizesByFamily(names: readonly string[]): Map<string, string[]> {
  const sizes = new Map<string, string[]>();
  for (const n of names) {
    const dot = n.lastIndexOf('.');
    sizes.set(n.slice(0, dot), [...(sizes.get(n.slice(0, dot)) ?? []), n.slice(dot + 1)]);
  }
  return sizes;
}

/**
 * What is wrong with `name` given a list: a known family with an unknown size gets the family's
 * sizes (and the nearest), anything else the nearest names of the list, if any is near.
 * `prefix` is left out of the names the message shows (the prop takes them without it).
 */
function nameProblem(prop: string, name: string, known: readonly string[], prefix: string, what: string, example: string): string | undefined {
  const full = `${prefix}${name}`;
  if (known.includes(full)) return undefined;
  const shown = known.map((k) => k.slice(prefix.length));
  const family = full.slice(0, full.lastIndexOf('.'));
  const sizes = full.includes('.') ? sizesByFamily(known).get(family) : undefined;
  if (sizes) {
    const nearest = closestNames(full.slice(family.length + 1), sizes, 1);
    const guess = nearest.length ? ` (did you mean ${family.slice(prefix.length)}.${nearest[0]}?)` : '';
    return `${prop} '${name}' is not ${what}${guess}: ${family.slice(prefix.length)} comes in ${sizes.join(', ')} (${SOURCE})`;
  }
  const near = closestNames(name, shown, 3);
  const guess = near.length ? ` (did you mean ${near.join(', ')}?)` : '';
  return `${prop} '${name}' is not ${what}${guess}: a name is <family>.<size>, e.g. ${example} (${SOURCE})`;
}

/**
 * What is wrong with a DB instance class (given without the `db.` prefix, as the prop takes it)
 * for the engine, or undefined when RDS offers it for the engine in some Region.
 */
export function databaseClassProblem(prop: string, name: string, engine: RdsEngineName): string | undefined {
  const classes = RDS_INSTANCE_CLASSES[engine];
  if (name.startsWith('db.') && classes.includes(name)) {
    // The renderers add the prefix: db.db.r7g.large is no class.
    return `${prop} takes the class without the 'db.' prefix: give '${name.slice(3)}', received '${name}'`;
  }
  if (name === 'serverless') {
    // db.serverless needs the cluster's ServerlessV2ScalingConfiguration (RDS CreateDBInstance:
    // "the DB cluster must have a Serverless v2 scaling configuration"), which the service does not set.
    return `${prop} 'serverless' (Aurora Serverless v2) is not supported: the service's clusters have no Serverless v2 scaling configuration; give a provisioned class such as r7g.large`;
  }
  const example = engine.startsWith('aurora') ? 'r7g.large' : 'm7g.large';
  const problem = nameProblem(prop, name, classes.filter((c) => c !== 'db.serverless'), 'db.', `a DB instance class RDS offers for ${engine}`, example);
  if (problem === undefined) return undefined;
  const elsewhere = (Object.keys(RDS_INSTANCE_CLASSES) as RdsEngineName[]).filter((e) => RDS_INSTANCE_CLASSES[e].includes(`db.${name}`));
  return elsewhere.length ? `${problem}; it is offered for ${elsewhere.join(', ')}` : problem;
}

/** What is wrong with an ElastiCache node type (`cache.` prefixed), or undefined when ElastiCache offers it in some Region. */
export function cacheNodeTypeProblem(prop: string, name: string): string | undefined {
  if (!name.startsWith('cache.') && CACHE_NODE_TYPES.includes(`cache.${name}`)) {
    return `${prop} takes the node type with its 'cache.' prefix: give 'cache.${name}', received '${name}'`;
  }
  return nameProblem(prop, name, CACHE_NODE_TYPES, '', 'an ElastiCache node type', 'cache.m7g.large');
}
