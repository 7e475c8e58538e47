import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HighlyAvailableService, HighlyAvailableServiceProps } from '../src';

export const ENV = { account: '111111111111', region: 'eu-west-1' };
export const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** Context that pins the AZs of ENV, so no synthesis needs credentials. */
export const AZ_CONTEXT = {
  [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: AZS,
};

export interface TestStackOptions {
  /** An environment-agnostic stack (2 AZs through Fn::GetAZs). */
  readonly envAgnostic?: boolean;
  /** Extra app context. */
  readonly context?: Record<string, unknown>;
}

/** Findings of the CloudFormation validate plugin fail synthesis instead of warning. */
export const STRICT_VALIDATION = { '@aws-cdk/core:validateAgainstDefaultRules': true };

/**
 * An app and a stack in ENV with pinned AZs (or an environment-agnostic one). Every synthesis
 * runs the CloudFormation validate plugin, whose schema and range findings fail the test.
 */
export function testStack(options: TestStackOptions = {}): { app: App; stack: Stack } {
  const app = new App({ context: { ...AZ_CONTEXT, ...STRICT_VALIDATION, ...options.context } });
  const stack = new Stack(app, 'Test', options.envAgnostic ? {} : { env: ENV });
  return { app, stack };
}

/** A service in a fresh test stack, with its template. */
export function synthService(props?: HighlyAvailableServiceProps, options?: TestStackOptions) {
  const { app, stack } = testStack(options);
  const service = new HighlyAvailableService(stack, 'Web', props);
  const template = Template.fromStack(stack);
  return { app, stack, service, template };
}

/** Logical ids of a template's resources of one type. */
export function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type));
}
