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
