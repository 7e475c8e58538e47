/**
 * Closest known names for a misspelled one ("did you mean minCapacity?"), and the check that
 * rejects props no flavor knows: JavaScript apps and tsx do not type-check, and a misspelled prop
 * would otherwise be ignored in silence while the defaults deploy.
 */
import { Validator } from './validation';

/** Edits (insert, delete, replace, swap two neighbours) that turn `a` into `b`, case-insensitively. */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const d: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) d[0][j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[s.length][t.length];
}

/**
 * The known names nearest to `name` (at most `limit`, ties in name order), if within a third of the
 * longer name's length in edits: a wild guess gets no suggestion rather than a random one.
 */
export function closestNames(name: string, known: readonly string[], limit = 3): string[] {
  const scored = known
    .map((k) => ({ k, distance: editDistance(name, k) }))
    .filter(({ k, distance }) => distance <= Math.max(1, Math.floor(Math.max(k.length, name.length) / 3)))
    .sort((x, y) => x.distance - y.distance || x.k.localeCompare(y.k));
  // Only the nearest: minCapacity is one edit from minCapcity, maxCapacity three.
  return scored.filter(({ distance }) => distance === scored[0].distance).slice(0, limit).map(({ k }) => k);
}

/** " (did you mean a, b or c?)", or nothing without a near name. */
export function didYouMean(name: string, known: readonly string[]): string {
  const near = closestNames(name, known);
  if (near.length === 0) return '';
  const list = near.length === 1 ? near[0] : `${near.slice(0, -1).join(', ')} or ${near[near.length - 1]}`;
  return ` (did you mean ${list}?)`;
}

/**
 * Records a problem for each of the `given` keys that is not one of `known` (a key whose value is
 * undefined included: a misspelled key is a mistake whatever its value).
 * @param what how the message names the object, e.g. `props` or `props.warmPool`
 */
export function checkKnownProps(given: readonly string[], known: readonly string[], what: string, v: Validator): void {
  const allowed = new Set(known);
  for (const key of given) {
    if (allowed.has(key)) continue;
    v.fail(`${what} has no prop '${key}'${didYouMean(key, known)}`);
  }
}
