// The resilience rule pack for other tools (TypeScript and JavaScript): each rule on its own,
// the pack, and the template checker. Import from 'cdk-highly-available-service/lib/rules'.
export * from './rule';
export * from './template';
export * from './pack';
export * from './autoscaling';
export * from './load-balancing';
export * from './database';
export * from './network';
export * from './other';
export * from './alarms';
export { main as runCheckCommand } from './cli';
