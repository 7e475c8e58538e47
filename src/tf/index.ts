/**
 * The `tf` submodule: the Terraform flavor's constructs and types.
 */
export { HighlyAvailableService } from './highly-available-service';
export * from './props';
export * from './provider';
export { MultiRegionService } from './region/multi-region-service';
export type { MultiRegionServiceProps } from './region/multi-region-service';
export { SWITCH_PROVIDER_VERSION } from './region/multi-region-service';
