/**
 * Physical names of the service's account-scoped resources (alarms, the dashboard).
 *
 * A name must be unique per service and per account, stable across deployments, readable, and
 * within the limits of every service that uses it. The prefix is built from the stack's name
 * (unique per account and region), the service's construct path inside the stack (readable),
 * and a hash of both (so two paths that read alike, e.g. `A/Web` and `A-Web`, still differ).
 */

/** Longest service prefix: leaves room for `-<alarm id>` and `-<region>` within CloudWatch's 255. */
export const NAME_PREFIX_MAX_LENGTH = 180;

/**
 * The name prefix of one service.
 * @param stackName the stack's name (CloudFormation allows letters, digits and hyphens)
 * @param pathInStack the construct ids from the stack (exclusive) down to the service (inclusive)
 */
export function serviceNamePrefix(stackName: string, pathInStack: string[]): string {
  const hash = fnv1a32([stackName, ...pathInStack].join('/'));
  const readable = [stackName, ...pathInStack]
    .map((part) => part.replace(/[^A-Za-z0-9]+/g, ''))
    .filter((part) => part.length > 0)
    .join('-');
  const room = NAME_PREFIX_MAX_LENGTH - hash.length - 1;
  return `${readable.slice(0, room).replace(/-+$/, '')}-${hash}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable, dependency-free hash for names (not for security). */
export function fnv1a32(text: string): string {
  /* eslint-disable no-bitwise -- a hash is bit arithmetic */
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  /* eslint-enable no-bitwise */
  return hash.toString(16).padStart(8, '0');
}

/**
 * A service's name prefix shortened to `max` characters for services with tighter limits (RDS
 * Proxy: 63), keeping its hash, so it stays unique: `<readable start>-<hash>`.
 */
export function shortName(namePrefix: string, max: number): string {
  if (namePrefix.length <= max) return namePrefix;
  const hash = namePrefix.slice(-8);
  const readable = namePrefix.slice(0, -9).slice(0, max - 9).replace(/-+$/, '');
  return readable ? `${readable}-${hash}` : hash;
}

/**
 * The prefix as an identifier in lower case that starts with a letter, at most `max` characters,
 * keeping its hash. A prefix that starts with a digit (a Terraform stack id may) gets `lead`
 * in front: `<lead>-<readable start>-<hash>`.
 */
export function letterFirstName(namePrefix: string, max: number, lead: string): string {
  const lower = namePrefix.toLowerCase();
  const name = shortName(lower, max);
  return /^[a-z]/.test(name) ? name : `${lead}-${shortName(lower, max - lead.length - 1)}`;
}

/** Terraform's unique suffix after a name prefix is 26 characters. */
const SUFFIX = 26;

/**
 * Name prefixes for the engines that name resources themselves from a prefix and a unique
 * suffix (Terraform's `name_prefix`): each within its service's limit once the suffix is added.
 * CloudFormation generates these names from the logical ids instead.
 */
export interface NamePrefixesPlan {
  /** Auto Scaling group (255). */
  readonly fleet: string;
  /** Launch template (the provider allows a prefix of 99). */
  readonly launchTemplate: string;
  /** The instances' role (64) and instance profile (128). */
  readonly instanceRole: string;
  readonly instanceProfile: string;
  /** Security groups of the fleet and the database (255). */
  readonly fleetSecurityGroup: string;
  readonly databaseSecurityGroup: string;
  /** The alarm topic (256). */
  readonly alarmTopic: string;
  /** The access-log bucket (63, lower case). */
  readonly accessLogsBucket: string;
  /** The outside-in canary's artifacts bucket (63, lower case, no period: Synthetics refuses one). */
  readonly probeArtifactsBucket: string;
  /** The canary's role (64). */
  readonly probeRole: string;
  /** The DB subnet group (255, lower case). */
  readonly databaseSubnetGroup: string;
  /** The enhanced-monitoring role (64). */
  readonly databaseMonitoringRole: string;
  /** The database's parameter and option groups (255, lower case, a letter first). */
  readonly databaseParameterGroup: string;
  readonly databaseOptionGroup: string;
}

/** RDS identifiers (63, lower case, a letter first) and the final snapshot's name. */
export interface DatabaseNamesPlan {
  /** The cluster's or the Multi-AZ instance's identifier prefix. */
  readonly identifierPrefix: string;
  /** The Aurora writer's identifier prefix. */
  readonly writerIdentifierPrefix: string;
  /** Each Aurora reader's identifier prefix, in order. */
  readonly readerIdentifierPrefixes: string[];
  /**
   * The start of the name of the snapshot taken when the database is destroyed (Terraform), which
   * the renderer ends with the database's creation time: a final snapshot keeps its name until it
   * is deleted, so a fixed name would fail the next destroy (RDS DeleteDBCluster and
   * DeleteDBInstance: DBClusterSnapshotAlreadyExistsFault, DBSnapshotAlreadyExists). CloudFormation
   * names its own from the stack id and the request.
   */
  readonly finalSnapshotIdentifierPrefix: string;
}

/** RDS identifiers are at most 63 characters: a prefix at most 37. */
const RDS_PREFIX_MAX = 63 - SUFFIX;
/** IAM role names are at most 64 characters: a prefix at most 38. */
const ROLE_PREFIX_MAX = 64 - SUFFIX;

/** Every name prefix of the service. */
export function namePrefixes(namePrefix: string): NamePrefixesPlan {
  const lower = namePrefix.toLowerCase();
  const monitor = '-rds-monitor-';
  return {
    fleet: `${namePrefix}-`,
    // The provider allows a launch template name prefix of 99 characters (the name: 125).
    launchTemplate: `${shortName(namePrefix, 98)}-`,
    instanceRole: `${namePrefix.slice(0, 30)}-`,
    instanceProfile: `${namePrefix.slice(0, 30)}-`,
    fleetSecurityGroup: `${namePrefix}-fleet-`,
    databaseSecurityGroup: `${namePrefix}-database-`,
    alarmTopic: `${namePrefix}-alarms-`,
    accessLogsBucket: `${lower.slice(0, 27).replace(/-+$/, '')}-alb-logs-`,
    probeArtifactsBucket: `${lower.slice(0, 27).replace(/-+$/, '')}-probes-`,
    probeRole: `${namePrefix.slice(0, 30)}-probe-`,
    databaseSubnetGroup: `${lower}-database-`,
    databaseMonitoringRole: `${shortName(namePrefix, ROLE_PREFIX_MAX - monitor.length)}${monitor}`,
    databaseParameterGroup: `${letterFirstName(namePrefix, 200, 'db')}-params-`,
    databaseOptionGroup: `${letterFirstName(namePrefix, 200, 'db')}-options-`,
  };
}

/** The database's identifiers, for `readers` Aurora readers. */
export function databaseNames(namePrefix: string, readers: number): DatabaseNamesPlan {
  const prefix = (suffix: string) => `${letterFirstName(namePrefix, RDS_PREFIX_MAX - suffix.length - 1, 'db')}-${suffix}`;
  return {
    identifierPrefix: prefix(''),
    writerIdentifierPrefix: prefix('writer-'),
    readerIdentifierPrefixes: Array.from({ length: readers }, (_, i) => prefix(`reader${i + 1}-`)),
    finalSnapshotIdentifierPrefix: `${letterFirstName(namePrefix, 200, 'db')}-final-`,
  };
}

/** The most characters an AWS tag value may have (EC2, IAM, Auto Scaling). */
export const TAG_VALUE_MAX_LENGTH = 256;

/**
 * The `Name` tag for a part whose framework names it after its construct path (aws-cdk-lib's VPC,
 * subnets and launch template), when that path is too long for a tag value: the service's name
 * prefix (shortened) and the path below the service. Undefined when the path fits: it stays as is.
 */
export function nameTagFor(constructPath: string, servicePath: string, namePrefix: string): string | undefined {
  if (constructPath.length <= TAG_VALUE_MAX_LENGTH) return undefined;
  const below = constructPath.startsWith(servicePath) ? constructPath.slice(servicePath.length) : '';
  return `${shortName(namePrefix, 100)}${below}`.slice(0, TAG_VALUE_MAX_LENGTH);
}
