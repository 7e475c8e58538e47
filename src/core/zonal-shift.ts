import { FleetPlan } from './fleet';
import { ImpairedZoneHealthCheck, ServiceOptions } from './options';
import { ResilienceReport } from './report';
import { Validator } from './validation';

/** Zonal shift: moving traffic away from an impaired AZ, by an operator or by the load balancer itself. */
export interface ZonalShiftPlan {
  /** Whether the load balancer and the fleet take part in zonal shifts. */
  readonly enabled: boolean;
  /** What the fleet does with unhealthy instances in a shifted-away AZ. */
  readonly impairedZoneHealthCheck: ImpairedZoneHealthCheck;
  /**
   * Healthy share of an AZ's targets below which the load balancer takes that AZ out of DNS by
   * itself (target group health, DNS failover); undefined keeps the default (only when none is healthy).
   */
  readonly dnsFailoverMinimumHealthyPercent?: number;
}

/** An AZ that lost most of its targets leaves DNS by itself, once the others can carry the peak without it. */
export const DNS_FAILOVER_MINIMUM_HEALTHY_PERCENT = 50;

/**
 * Zonal shift on by default. The DNS failover threshold follows the capacity plan: taking an AZ
 * out of DNS is safe only when the other AZs carry the peak (the fleet is statically stable);
 * otherwise a half-broken AZ still serves better than an overloaded rest.
 */
export function planZonalShift(o: ServiceOptions, fleet: FleetPlan, report: Pick<ResilienceReport, 'capacityAfterAzLossPercentOfPeak'>, v: Validator): ZonalShiftPlan {
  const enabled = o.zonalShift ?? true;
  if (!enabled) {
    v.check(o.impairedZoneHealthCheck === undefined,
      `impairedZoneHealthCheck applies to zonal shifts; received impairedZoneHealthCheck ${o.impairedZoneHealthCheck} with zonalShift: false`);
  }
  const afterLoss = report.capacityAfterAzLossPercentOfPeak;
  const survivesAzLoss = fleet.demand === undefined || (afterLoss !== undefined && afterLoss >= 100);
  return {
    enabled,
    impairedZoneHealthCheck: o.impairedZoneHealthCheck ?? ImpairedZoneHealthCheck.IGNORE_UNHEALTHY,
    dnsFailoverMinimumHealthyPercent: survivesAzLoss ? DNS_FAILOVER_MINIMUM_HEALTHY_PERCENT : undefined,
  };
}
