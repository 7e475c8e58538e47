/**
 * The kind of each option a caller without a type checker (JavaScript, tsx) can get wrong: an
 * enum's value, an object that must come from one of the library's classes. Checked before any
 * planner reads the options, so a wrong one is reported with its prop instead of failing inside
 * a planner, or reaching a template that CloudFormation or Terraform rejects at deploy.
 */
import { DatabaseEngine, ImpairedZoneHealthCheck, LoadBalancingAlgorithm, PredictiveScalingMode, ServiceOptions } from './options';
import { GlobalDatabaseMembership } from '../aws/global-database';
import { closestNames } from '../base/suggest';
import { Validator } from '../base/validation';
import { CapacityDistributionStrategy, CapacityReservations } from '../capacity/assurance';
import { CapacityPlan } from '../capacity/demand';

/**
 * Records a problem unless `value` (when given) is one of the enum's values, naming the members.
 * A member's name given instead of its value ("ROUND_ROBIN") is pointed at its member.
 * @returns whether the value may be used (undefined, unresolved or a member's value)
 */
export function checkEnum(prop: string, value: unknown, enumName: string, members: Record<string, string>, v: Validator): boolean {
  if (value === undefined || v.isUnresolved(value)) return true;
  const values = Object.values(members);
  if (typeof value === 'string' && values.includes(value)) return true;
  const names = Object.keys(members);
  const given = typeof value === 'string' ? value : String(value);
  const near = closestNames(given, [...names, ...values], 1);
  const member = near.length ? names.find((n) => n === near[0] || members[n] === near[0]) : undefined;
  const guess = member ? ` (did you mean ${enumName}.${member}?)` : '';
  v.fail(`${prop} must be one of ${names.map((n) => `${enumName}.${n} ('${members[n]}')`).join(', ')}, received ${JSON.stringify(value)}${guess}`);
  return false;
}

/**
 * Checks the enums and class-made objects of the options and returns the options with each wrong
 * one left out, so the planners that follow plan on the defaults and report their own problems
 * in the same error.
 */
export function checkOptionKinds(o: ServiceOptions, v: Validator, prefix = ''): ServiceOptions {
  const bad = new Set<keyof ServiceOptions>();
  const enumOk = (prop: keyof ServiceOptions, enumName: string, members: Record<string, string>) => {
    if (!checkEnum(`${prefix}${prop}`, o[prop], enumName, members, v)) bad.add(prop);
  };
  enumOk('loadBalancingAlgorithm', 'LoadBalancingAlgorithm', LoadBalancingAlgorithm);
  enumOk('predictiveScaling', 'PredictiveScalingMode', PredictiveScalingMode);
  enumOk('capacityDistributionStrategy', 'CapacityDistributionStrategy', CapacityDistributionStrategy);
  enumOk('impairedZoneHealthCheck', 'ImpairedZoneHealthCheck', ImpairedZoneHealthCheck);
  enumOk('databaseEngine', 'DatabaseEngine', DatabaseEngine);
  // Not `instanceof`: two copies of the library in one app make two classes of one name.
  const capacity = o.capacity as unknown;
  if (capacity !== undefined && !v.isUnresolved(capacity)
    && typeof (capacity as Partial<CapacityPlan> | null)?.forAvailabilityZones !== 'function') {
    v.fail(`${prefix}capacity must be made by CapacityPlan.fromDemand(...) or CapacityPlan.fixed(...), received ${describe(capacity)}`);
    bad.add('capacity');
  }
  const reservations = o.capacityReservations as unknown;
  if (reservations !== undefined && !v.isUnresolved(reservations)
    && typeof (reservations as Partial<CapacityReservations> | null)?.reservedInstancesPerAz !== 'number') {
    v.fail(`${prefix}capacityReservations must be made by CapacityReservations.open(reservedInstancesPerAz) or `
      + `CapacityReservations.fromResourceGroup(resourceGroupArn, reservedInstancesPerAz), received ${describe(reservations)}`);
    bad.add('capacityReservations');
  }
  const global = o.globalDatabase as unknown;
  if (global !== undefined && !globalMembershipShape(global as GlobalDatabaseMembership)) {
    v.fail(`${prefix}globalDatabase is set by MultiRegionService for each Region's service (use MultiRegionService for a global database), received ${describe(global)}`);
    bad.add('globalDatabase');
  }
  if (bad.size === 0) return o;
  return Object.fromEntries(Object.entries(o).filter(([k]) => !bad.has(k as keyof ServiceOptions))) as ServiceOptions;
}

function globalMembershipShape(g: GlobalDatabaseMembership | null): boolean {
  return typeof g === 'object' && g !== null && typeof g.globalClusterIdentifier === 'string' && typeof g.clusterIdentifier === 'string'
    && typeof g.primary === 'boolean' && typeof g.secretName === 'string';
}

/** A short, printable form of what was given. */
function describe(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
