/**
 * Synth-time input validation shared by every renderer.
 *
 * Nothing here imports aws-cdk-lib or cdktf: a renderer passes in its own notion of an
 * "unresolved" value (a CDK token, a Terraform reference), and every check skips such values,
 * because their real value is only known at deploy time.
 *
 * The checks collect: a user who made three mistakes sees all three in one error.
 */

/**
 * The error thrown for input that can never deploy. Its message names the construct, then each
 * problem: the prop, the value received and what is allowed.
 */
export class ServiceValidationError extends Error {
  /** Each problem on its own. */
  public readonly problems: string[];

  constructor(message: string, problems: string[] = [message]) {
    super(message);
    this.name = 'ServiceValidationError';
    // Not enumerable: Node prints an uncaught error's enumerable properties after its stack, and
    // the message already lists the problems.
    this.problems = problems;
    Object.defineProperty(this, 'problems', { enumerable: false });
    // The frames inside this library say nothing about the mistake: keep the caller's own.
    this.stack = `${this.name}: ${message}${callerFrames(this.stack)}`;
    reportWhenUncaught();
  }
}

/** The folder of the library's compiled (or source) files: the parent of this file's folder. */
const LIBRARY_DIR = typeof __dirname === 'string' ? __dirname.replace(/[\\/][^\\/]+$/, '') : undefined;

/** The stack's frames in the user's own code: not this library's, not Node's, not a package's. */
export function callerFrames(stack: string | undefined): string {
  const frames = (stack ?? '').split('\n').filter((line) => /^\s+at /.test(line));
  const own = frames.filter((line) => !(LIBRARY_DIR && line.includes(LIBRARY_DIR)) && !/\(node:|at node:|[\\/]node_modules[\\/]/.test(line));
  return own.map((line) => `\n${line}`).join('');
}

const MONITOR = Symbol.for('cdk-highly-available-service:reportWhenUncaught');

/**
 * Makes an uncaught validation error print as its message and the caller's frames alone, and exit
 * with 1 as Node would, instead of Node's report (the library's source line under a caret, then
 * the error inspected). A monitor changes nothing else: a caught error never reaches it, and any
 * other error takes Node's usual path. Registered once per process, on the first such error.
 */
function reportWhenUncaught(): void {
  if (typeof process === 'undefined' || typeof process.on !== 'function') return;
  const registry = globalThis as unknown as Record<symbol, boolean>;
  if (registry[MONITOR]) return;
  registry[MONITOR] = true;
  process.on('uncaughtExceptionMonitor', (error: unknown) => {
    if (!(error instanceof Error) || error.name !== 'ServiceValidationError') return;
    process.stderr.write(`\n${error.stack}\n\n`);
    process.exit(1);
  });
}

/** Tells whether a value is a placeholder resolved only at deploy time. */
export type IsUnresolved = (value: unknown) => boolean;

/** Treats nothing as unresolved (plain numbers only). */
export const NOTHING_UNRESOLVED: IsUnresolved = () => false;

/** Collects problems; `throwIfAny` reports them all at once. */
export class Validator {
  private readonly problems: string[] = [];

  constructor(public readonly isUnresolved: IsUnresolved = NOTHING_UNRESOLVED) {}

  /** Whether a value can be checked now. */
  public known<T>(value: T | undefined): value is T {
    return value !== undefined && !this.isUnresolved(value);
  }

  /** Records a problem unless `condition` holds. Returns the condition. */
  public check(condition: boolean, message: string): boolean {
    if (!condition) this.problems.push(message);
    return condition;
  }

  /** Records a problem. */
  public fail(message: string): void {
    this.problems.push(message);
  }

  /** Runs `fn`, recording a validation error it throws instead of stopping. */
  public attempt<T>(fn: () => T, prefix = ''): T | undefined {
    try {
      return fn();
    } catch (e) {
      if (!(e instanceof ServiceValidationError)) throw e;
      for (const p of e.problems) this.problems.push(`${prefix}${p}`);
      return undefined;
    }
  }

  /** `prop` must lie in [min, max]; `unit` is appended to the numbers in the message. */
  public range(prop: string, value: number | undefined, min: number, max: number, unit = ''): boolean {
    if (!this.known(value)) return true;
    const u = unit ? ` ${unit}` : '';
    return this.check(!Number.isNaN(value) && value >= min && value <= max, `${prop} must be between ${min} and ${max}${u}, received ${value}${u}`);
  }

  /** `prop` must be a whole number in [min, max]. */
  public integer(prop: string, value: number | undefined, min: number, max: number, unit = ''): boolean {
    if (!this.known(value)) return true;
    if (!Number.isInteger(value)) {
      this.fail(`${prop} must be a whole number between ${min} and ${max}${unit ? ` ${unit}` : ''}, received ${value}`);
      return false;
    }
    return this.range(prop, value, min, max, unit);
  }

  /** `prop` must be a whole number of at least `min` (and at most `max`, an API's integer, said only when exceeded). */
  public wholeAtLeast(prop: string, value: number | undefined, min: number, max: number, unit: string): boolean {
    if (!this.known(value)) return true;
    if (!Number.isInteger(value) || value < min) {
      this.fail(`${prop} must be a whole number of ${unit}, at least ${min}, received ${value}`);
      return false;
    }
    return this.check(value <= max, `${prop} must be at most ${max} ${unit}, received ${value}`);
  }

  /** `lowProp` must be strictly below `highProp`. */
  public below(lowProp: string, low: number | undefined, highProp: string, high: number | undefined, unit = ''): boolean {
    if (!this.known(low) || !this.known(high)) return true;
    const u = unit ? ` ${unit}` : '';
    return this.check(low < high, `${lowProp} must be below ${highProp} (${high}${u}), received ${low}${u}`);
  }

  /** `lowProp` must not exceed `highProp`. */
  public notAbove(lowProp: string, low: number | undefined, highProp: string, high: number | undefined): boolean {
    if (!this.known(low) || !this.known(high)) return true;
    return this.check(low <= high, `${lowProp} (${low}) must not be greater than ${highProp} (${high})`);
  }

  /** Throws one error listing every problem, naming what they are about. */
  public throwIfAny(subject: string): void {
    if (this.problems.length === 0) return;
    const list = this.problems.length === 1
      ? this.problems[0]
      : `${this.problems.length} problems:\n${this.problems.map((p) => `  - ${p}`).join('\n')}`;
    throw new ServiceValidationError(`${subject}: ${list}`, [...this.problems]);
  }
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;

/** Whether `value` is an IPv4 CIDR block such as 10.0.0.0/16. */
export function isIpv4Cidr(value: string): boolean {
  return IPV4_CIDR.test(value);
}

/** An IPv4 CIDR block with its host bits cleared, as EC2 stores it: 10.0.0.1/24 -> 10.0.0.0/24. */
export function canonicalCidr(cidr: string): string {
  const [address, bits] = cidr.split('/');
  const prefix = Number(bits);
  const value = address.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
  const block = 2 ** (32 - prefix);
  const network = Math.floor(value / block) * block;
  return `${[24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join('.')}/${prefix}`;
}
