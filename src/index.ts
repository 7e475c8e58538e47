export * from './service/highly-available-service';
export * from './service/database';
export { DatabaseEngine, LoadBalancingAlgorithm } from './core/blueprint';
export type { ServiceSummary } from './core/summary';
