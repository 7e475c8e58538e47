export { HighlyAvailableService } from './highly-available-service';
export * from './props';
export * from './provider';
export { MultiRegionService } from './multi-region-service';
export type { MultiRegionServiceProps } from './multi-region-service';
export { SWITCH_PROVIDER_VERSION } from './multi-region-service';
