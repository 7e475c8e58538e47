export { HighlyAvailableService } from './highly-available-service';
export * from './props';
export * from './provider';
