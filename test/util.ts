import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AppProps, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HighlyAvailableService, HighlyAvailableServiceProps } from '../src';
import { Testing } from '../src/tf/private/cdktf';

export const ENV = { account: '111111111111', region: 'eu-west-1' };
export const AZS = ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'];

/** The context key of the default machine image's lookup (the service pins it at synth), per account, Region and architecture. */
export function imageContextKey(account: string, region: string, architecture = 'x86_64'): string {
  return `ssm:account=${account}:parameterName=/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-6.1-${architecture}:region=${region}`;
}

/** Context that pins the AZs of ENV and the default image's id, so no synthesis needs credentials. */
export const AZ_CONTEXT = {
  [`availability-zones:account=${ENV.account}:region=${ENV.region}`]: AZS,
  [imageContextKey(ENV.account, ENV.region)]: 'ami-0123456789abcdef0',
  [imageContextKey(ENV.account, ENV.region, 'arm64')]: 'ami-0fedcba9876543210',
};

export interface TestStackOptions {
  /** An environment-agnostic stack (2 AZs through Fn::GetAZs). */
  readonly envAgnostic?: boolean;
  /** Extra app context. */
  readonly context?: Record<string, unknown>;
  /** Run the CloudFormation validate rules, strict (see {@link testApp}). */
  readonly validate?: boolean;
}

const STRICT_VALIDATION_KEY = '@aws-cdk/core:validateAgainstDefaultRules';

/** The CloudFormation validate rules run, and their findings fail synthesis instead of warning. */
export const STRICT_VALIDATION = { [STRICT_VALIDATION_KEY]: true };

// Every app of a test file writes its cloud assembly under one temporary folder, removed when the
// file's tests are done (a default App would leave a cdk.out folder in the system temp per synthesis).
let outRoot: string | undefined;
afterAll(() => {
  if (outRoot) fs.rmSync(outRoot, { recursive: true, force: true });
  outRoot = undefined;
});

/**
 * An App whose assembly goes to a temporary folder that is removed after the test file.
 *
 * aws-cdk-lib's CloudFormation validate rules run only where a test asks for them, strict
 * ({@link STRICT_VALIDATION}) or with `builtinCloudFormationValidation: true`. They cost about 6 s
 * of CPU to start in each test file and about 12 ms a resource, and they prove a configuration
 * once: the compliance and parity matrices, the deploy configurations, the multi-Region stacks,
 * the naming limits and the README's programs run them, and compliance.test.ts checks that every
 * prop of the service reaches them there. The tier tests assert behaviour on configurations those
 * already prove, and synthesize without them.
 */
export function testApp(props: AppProps = {}): App {
  outRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'has-test-'));
  const strict = props.context?.[STRICT_VALIDATION_KEY] === true;
  return new App({ builtinCloudFormationValidation: strict, ...props, outdir: fs.mkdtempSync(path.join(outRoot, 'app-')) });
}

/** A cdktf app whose output goes under the same temporary folder (cdktf's default is a new system temp folder per app). */
export function testTfApp(): ReturnType<typeof Testing.app> {
  outRoot ??= fs.mkdtempSync(path.join(os.tmpdir(), 'has-test-'));
  return Testing.app({ outdir: fs.mkdtempSync(path.join(outRoot, 'tf-')) });
}


/**
 * An app and a stack in ENV with pinned AZs (or an environment-agnostic one), validated on request.
 */
export function testStack(options: TestStackOptions = {}): { app: App; stack: Stack } {
  const app = testApp({ context: { ...AZ_CONTEXT, ...(options.validate ? STRICT_VALIDATION : {}), ...options.context } });
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

let defaultSynthesis: ReturnType<typeof synthService> | undefined;

/** The zero-config service, synthesized once per test file and shared by its tests (read-only). */
export function defaultService(): ReturnType<typeof synthService> {
  defaultSynthesis ??= synthService();
  return defaultSynthesis;
}

/**
 * Runs `fn` with `console.error` captured, and returns its result with what was printed there:
 * aws-cdk-lib prints a synthesis's validation report on the console when a plugin reports a
 * violation or the CloudFormation rules warn. A test that provokes one asserts what it printed,
 * and the test run stays quiet.
 */
export function printedOnConsole<T>(fn: () => T): { result: T; printed: string } {
  const printed: string[] = [];
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => { printed.push(args.map(String).join(' ')); });
  try {
    return { result: fn(), printed: printed.join('\n') };
  } finally {
    spy.mockRestore();
  }
}
