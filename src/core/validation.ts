/**
 * Synth-time input validation shared by every renderer.
 *
 * Nothing here imports aws-cdk-lib or cdktf: a renderer passes in its own notion of an
 * "unresolved" value (a CDK token, a Terraform reference), and every check skips such values,
 * because their real value is only known at deploy time.
 */

/** The error thrown for input that can never deploy. Its message names the prop, the value and the allowed range. */
export class ServiceValidationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceValidationError';
  }
}

/** Tells whether a value is a placeholder resolved only at deploy time. */
export type IsUnresolved = (value: unknown) => boolean;

/** Treats nothing as unresolved (plain numbers only). */
export const NOTHING_UNRESOLVED: IsUnresolved = () => false;

/** A validator bound to one renderer's notion of unresolved values. */
export class Validator {
  constructor(private readonly isUnresolved: IsUnresolved = NOTHING_UNRESOLVED) {}

  /** Whether a value can be checked now. */
  public known(value: number | undefined): value is number {
    return value !== undefined && !this.isUnresolved(value);
  }

  /** `prop` must lie in [min, max]; `unit` is appended to the numbers in the message. */
  public range(prop: string, value: number | undefined, min: number, max: number, unit = ''): void {
    if (!this.known(value)) return;
    if (Number.isNaN(value) || value < min || value > max) {
      const u = unit ? ` ${unit}` : '';
      throw new ServiceValidationError(
        `${prop} must be between ${min} and ${max}${u}, received ${value}${u}`,
      );
    }
  }

  /** `prop` must be a whole number in [min, max]. */
  public integer(prop: string, value: number | undefined, min: number, max: number, unit = ''): void {
    if (!this.known(value)) return;
    if (!Number.isInteger(value)) {
      throw new ServiceValidationError(
        `${prop} must be a whole number between ${min} and ${max}${unit ? ` ${unit}` : ''}, received ${value}`,
      );
    }
    this.range(prop, value, min, max, unit);
  }

  /** `lowProp` must be strictly below `highProp`. */
  public below(lowProp: string, low: number | undefined, highProp: string, high: number | undefined, unit = ''): void {
    if (!this.known(low) || !this.known(high)) return;
    if (low >= high) {
      const u = unit ? ` ${unit}` : '';
      throw new ServiceValidationError(
        `${lowProp} must be below ${highProp} (${high}${u}), received ${low}${u}`,
      );
    }
  }

  /** `lowProp` must not exceed `highProp`. */
  public notAbove(lowProp: string, low: number | undefined, highProp: string, high: number | undefined): void {
    if (!this.known(low) || !this.known(high)) return;
    if (low > high) {
      throw new ServiceValidationError(
        `${lowProp} (${low}) must not be greater than ${highProp} (${high})`,
      );
    }
  }
}

/** Throws when `condition` is false. */
export function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new ServiceValidationError(message);
}

const IPV4_CIDR = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(3[0-2]|[12]?\d)$/;

/** Whether `value` is an IPv4 CIDR block such as 10.0.0.0/16. */
export function isIpv4Cidr(value: string): boolean {
  return IPV4_CIDR.test(value);
}
