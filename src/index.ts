export * from './service/highly-available-service';
export * from './service/database';
export { DatabaseEngine, LoadBalancingAlgorithm, PredictiveScalingMode } from './core/options';
export type { ResilienceReport, AvailabilityTerm, ResilienceFinding } from './core/report';
export { CapacityPlan } from './core/capacity';
export type { DemandProps, FixedCapacityProps, ResolvedCapacity } from './core/capacity';
export * from './service/metrics';
export type { AlarmOverride } from './core/alarms';
