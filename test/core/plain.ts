import { ServiceValidationError } from '../../src/core/base/validation';
import { ServiceEnvironment, ServiceOptions } from '../../src/core/options/options';
import { ServicePlan, planService } from '../../src/core/service/plan';

/** A service at Shop/Api in eu-west-1, as a renderer would describe it (tokens look like `${Token[...]}`). */
export const PLAIN_ENV: ServiceEnvironment = {
  path: 'Shop/Api',
  stackName: 'Shop',
  pathInStack: ['Api'],
  region: 'eu-west-1',
  regionAvailabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  isUnresolved: (value) => String(value).startsWith('${Token'),
};

/** The plan of a service on plain data: no App, no synthesis. */
export function plainPlan(options: ServiceOptions = {}, env: Partial<ServiceEnvironment> = {}): ServicePlan {
  return planService(options, { ...PLAIN_ENV, ...env });
}

/** The problems a planning call reports, each on its own (none: an empty list). */
export function problemsOf(plan: () => unknown): string[] {
  try {
    plan();
  } catch (e) {
    if (e instanceof ServiceValidationError) return e.problems;
    throw e;
  }
  return [];
}

/** The problems planning these options reports, each on its own (none: an empty list). */
export function plainProblems(options: ServiceOptions, env: Partial<ServiceEnvironment> = {}): string[] {
  return problemsOf(() => plainPlan(options, env));
}
