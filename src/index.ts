export * from './service/highly-available-service';
export * from './service/database';
export {
  CapacityDistributionStrategy, CapacityReservations, DatabaseEngine, ImpairedZoneHealthCheck, LoadBalancingAlgorithm, PredictiveScalingMode,
} from './core/options';
export type { WarmPoolOptions } from './core/options';
export type { ResilienceReport, AvailabilityTerm, ResilienceFinding } from './core/report';
export type { ExperimentPrediction } from './core/experiments';
export { CapacityPlan } from './core/capacity';
export type { DemandProps, FixedCapacityProps, ResolvedCapacity } from './core/capacity';
export * from './service/metrics';
export type { AlarmOverride } from './core/alarms';
export { ResilienceChecks } from './rules/plugin';
export type { ResilienceChecksProps } from './rules/plugin';
export * as tf from './tf';
export { MultiRegionService } from './service/multi-region-service';
export type { MultiRegionServiceProps } from './service/multi-region-service';
export { RegionMode } from './core/multi-region-capacity';
export type { MultiRegionReport, RegionReport, RegionLossFigure, SwitchPlanSummary } from './core/multi-region-report';
export type { GlobalDatabaseMembership } from './core/global-database';
