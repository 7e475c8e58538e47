export { HighlyAvailableService } from './highly-available-service';
export type { HighlyAvailableServiceProps, ScheduledDemand } from './props';
export { AwsProvider } from './provider';
export type { AwsProviderProps } from './provider';
