/**
 * The zonal shift tier: whether the load balancer and the group take part in zonal shifts, and the
 * zonal autoshift with its practice runs.
 */
import { FleetPlan } from './fleet';
import { Validator } from '../base/validation';
import { ImpairedZoneHealthCheck, ServiceOptions } from '../options/options';

/** Zonal shift: moving traffic away from an impaired AZ, by an operator or by the load balancer itself. */
export interface ZonalShiftPlan {
  /** Whether the load balancer takes part in zonal shifts (and the fleet, with {@link fleet}). */
  readonly enabled: boolean;
  /**
   * Whether the Auto Scaling group takes part too (its impairment policy): only where the renderer
   * can write it. A zonal shift naming a group that has none fails to start.
   */
  readonly fleet: boolean;
  /** What the fleet does with unhealthy instances in a shifted-away AZ. */
  readonly impairedZoneHealthCheck: ImpairedZoneHealthCheck;
  /**
   * Healthy share of an AZ's targets below which the load balancer takes that AZ out of DNS by
   * itself (target group health, DNS failover); undefined keeps the default (only when none is healthy).
   */
  readonly dnsFailoverMinimumHealthyPercent?: number;
  /** Zonal autoshift of the load balancer, with weekly practice runs, when asked for. */
  readonly autoshift?: AutoshiftPlan;
}

/** ARC shifts traffic away from an AZ by itself when AWS detects an impairment there. */
export interface AutoshiftPlan {
  /** Weekly windows (UTC) when no practice run starts, e.g. `Mon:18:30-Mon:19:30`. */
  readonly blockedWindows: string[];
  /** Dates (UTC) when no practice run starts, `YYYY-MM-DD`. */
  readonly blockedDates: string[];
  /** Id of the alarm whose ALARM state fails a practice run: the service's health. */
  readonly outcomeAlarmId: string;
  /**
   * What ARC shifts: the load balancer (traffic) and the fleet (launches), each with its own
   * configuration, so an autoshift moves both away from the impaired AZ.
   */
  readonly resources: Array<'loadBalancer' | 'fleet'>;
}

const DAY = '(Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const TIME = '([01]\\d|2[0-3]):([0-5]\\d)';
const WINDOW = new RegExp(`^${DAY}:${TIME}-${DAY}:${TIME}$`);

/** An AZ that lost most of its targets leaves DNS by itself, once the others can carry the peak without it. */
export const DNS_FAILOVER_MINIMUM_HEALTHY_PERCENT = 50;

/**
 * Zonal shift on by default. The DNS failover threshold follows the capacity plan: taking an AZ
 * out of DNS is safe only when the other AZs carry the peak (the fleet is statically stable);
 * otherwise a half-broken AZ still serves better than an overloaded rest.
 */
export function planZonalShift(
  o: ServiceOptions, fleet: FleetPlan, report: { readonly capacityAfterAzLossPercentOfPeak?: number },
  outcomeAlarmId: string | undefined, v: Validator,
  fleetZonalShift = true,
): ZonalShiftPlan {
  const enabled = o.zonalShift ?? true;
  if (!enabled) {
    v.check(o.impairedZoneHealthCheck === undefined,
      `impairedZoneHealthCheck applies to zonal shifts; received impairedZoneHealthCheck ${o.impairedZoneHealthCheck} with zonalShift: false`);
  }
  const afterLoss = report.capacityAfterAzLossPercentOfPeak;
  const survivesAzLoss = fleet.demand === undefined || (afterLoss !== undefined && afterLoss >= 100);
  return {
    enabled,
    fleet: enabled && fleetZonalShift,
    impairedZoneHealthCheck: o.impairedZoneHealthCheck ?? ImpairedZoneHealthCheck.IGNORE_UNHEALTHY,
    dnsFailoverMinimumHealthyPercent: survivesAzLoss ? DNS_FAILOVER_MINIMUM_HEALTHY_PERCENT : undefined,
    autoshift: o.zonalAutoshift && planAutoshift(o, enabled, enabled && fleetZonalShift, outcomeAlarmId, v),
  };
}

/** Autoshift needs zonal shift and an outcome alarm; its blocked windows and dates are checked here, not at deploy. */
function planAutoshift(
  o: ServiceOptions, zonalShift: boolean, fleet: boolean, outcomeAlarmId: string | undefined, v: Validator,
): AutoshiftPlan | undefined {
  const a = o.zonalAutoshift!;
  v.check(zonalShift, 'zonalAutoshift needs zonal shift; received it with zonalShift: false');
  v.check(outcomeAlarmId !== undefined,
    'zonalAutoshift needs the service-health alarm to judge its practice runs; received it with alarms: false (or with every critical alarm turned off)');
  const blockedWindows = a.blockedWindows ?? [];
  blockedWindows.forEach((w, i) => {
    if (v.isUnresolved(w)) return;
    const m = WINDOW.exec(w);
    const ok = m !== null && m[1] === m[4] && Number(m[2]) * 60 + Number(m[3]) < Number(m[5]) * 60 + Number(m[6]);
    v.check(ok, `zonalAutoshift.blockedWindows[${i}] must be a window within one day in UTC such as Mon:18:30-Mon:19:30 (days Mon to Sun, title case), received ${JSON.stringify(w)}`);
  });
  const blockedDates = a.blockedDates ?? [];
  blockedDates.forEach((d, i) => {
    if (v.isUnresolved(d)) return;
    const date = /^\d{4}-\d{2}-\d{2}$/.test(d) ? new Date(`${d}T00:00:00Z`) : undefined;
    v.check(date !== undefined && !isNaN(date.getTime()) && date.toISOString().startsWith(d),
      `zonalAutoshift.blockedDates[${i}] must be a date such as 2026-12-24 (YYYY-MM-DD), received ${JSON.stringify(d)}`);
  });
  if (outcomeAlarmId === undefined) return undefined;
  return { blockedWindows, blockedDates, outcomeAlarmId, resources: fleet ? ['loadBalancer', 'fleet'] : ['loadBalancer'] };
}
