// The resilience rule pack for other tools (TypeScript and JavaScript): each rule on its own,
// the pack, and the template checker. Import from 'cdk-highly-available-service/lib/rules'.
export * from './rule';
export * from './template';
export * from './pack';
export * from './checks';
export { main as runCheckCommand } from './cli';
export { InputKind, readInputs, parseText } from './input';
export type { CheckInput, Skipped } from './input';
export { checkInputs, formatText, formatJson, formatSarif } from './report';
export type { CheckResult, TemplateResult, Finding } from './report';
export { fromTerraformConfig, fromTerraformPlan } from './terraform';
export type { TerraformTemplate } from './terraform';
