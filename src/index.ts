/**
 * The package's entry: the CloudFormation flavor's constructs and types, the rule pack, and the
 * Terraform flavor as the `tf` submodule.
 */
export type { AlarmOverride, ProbeRecords } from './core/options/options';
export type { WarmPoolOptions } from './core/capacity/assurance';
export { CapacityDistributionStrategy, CapacityReservations } from './core/capacity/assurance';
export * from './service/highly-available-service';
export * from './service/tiers/database';
export { DatabaseEngine, ImpairedZoneHealthCheck, LoadBalancingAlgorithm, PredictiveScalingMode } from './core/options/options';
export type { ResilienceReport, AvailabilityTerm, ResilienceFinding, DetectionEntry, ObjectiveReport } from './core/report/report';
export type { BillOfMaterials, CostLine, MinimumAndPeak } from './core/report/cost';
export type { Price } from './core/aws/prices';
export type { ExperimentPrediction } from './core/tiers/experiments';
export { CapacityPlan } from './core/capacity/demand';
export type { DemandProps, FixedCapacityProps, ResolvedCapacity } from './core/capacity/demand';
export * from './service/tiers/metrics';
export { ResilienceChecks } from './rules/plugin';
export type { ResilienceChecksProps } from './rules/plugin';
export * as tf from './tf';
export { MultiRegionService } from './service/region/multi-region-service';
export type { MultiRegionServiceProps } from './service/region/multi-region-service';
export { RegionMode } from './core/capacity/regions';
export type { MultiRegionReport, RegionReport, RegionLossFigure, RegionRunbooks, RunbookFigures, SwitchPlanSummary } from './core/region/report';
export type { GlobalDatabaseMembership } from './core/aws/global-database';
