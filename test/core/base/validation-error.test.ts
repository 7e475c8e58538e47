import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ServiceValidationError, Validator, callerFrames } from '../../../src/core/base/validation';

// How a validation error reaches the user of an app: thrown at synth, uncaught, printed by Node.

describe('the error object', () => {
  const error = (() => {
    const v = new Validator();
    v.fail('appPort must be between 1 and 65535, received 0');
    v.fail('minCapacity must be at least one instance per Availability Zone (3), received 2');
    try {
      v.throwIfAny('Shop/Api');
    } catch (e) {
      return e as ServiceValidationError;
    }
    throw new Error('expected a validation error');
  })();

  test('lists every problem in its message, and each on its own for programs', () => {
    expect(error.message).toBe('Shop/Api: 2 problems:\n  - appPort must be between 1 and 65535, received 0\n'
      + '  - minCapacity must be at least one instance per Availability Zone (3), received 2');
    expect(error.problems).toHaveLength(2);
  });

  test('prints its problems once: they are not an enumerable property Node would print again', () => {
    expect(Object.keys(error)).not.toContain('problems');
  });

  test('its stack holds the caller\'s frames, none of the library\'s', () => {
    expect(error.stack!.startsWith(`ServiceValidationError: ${error.message}\n    at `)).toBe(true);
    expect(error.stack).toContain(__filename);
    expect(error.stack).not.toMatch(/src[\\/]core[\\/]validation\.ts/);
  });

  test('caller frames: Node\'s and packages\' frames are dropped too', () => {
    const stack = [
      'Error: x',
      '    at Validator.throwIfAny (/app/node_modules/cdk-highly-available-service/lib/core/validation.js:97:13)',
      '    at new HighlyAvailableService (/app/node_modules/cdk-highly-available-service/lib/service/highly-available-service.js:1:1)',
      '    at Object.<anonymous> (/app/bin/app.ts:12:1)',
      '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
      '    at Object.require.extensions.<computed> [as .ts] (/app/node_modules/ts-node/src/index.ts:1621:12)',
    ].join('\n');
    expect(callerFrames(stack)).toBe('\n    at Object.<anonymous> (/app/bin/app.ts:12:1)');
  });
});

describe('uncaught, in an app\'s process', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'has-uncaught-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const validation = path.join(__dirname, '..', '..', '..', 'src', 'core', 'base', 'validation');

  /** Runs a script that loads the library's source through ts-node, as `npx ts-node app.ts` would. */
  function run(name: string, body: string) {
    const script = path.join(dir, `${name}.js`);
    fs.writeFileSync(script, [
      `require(${JSON.stringify(require.resolve('ts-node'))}).register({ transpileOnly: true, project: ${JSON.stringify(path.join(__dirname, '..', '..', 'tsconfig.json'))} });`,
      `const { Validator } = require(${JSON.stringify(validation)});`,
      body,
    ].join('\n'));
    return { script, ...spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 60_000 }) };
  }

  test('prints the problems and the line of the app that made the service, and exits with 1', () => {
    const { script, status, stderr } = run('app', 'const v = new Validator(); v.fail(\'a\'); v.fail(\'b\');\nv.throwIfAny(\'Shop/Api\');');
    expect(status).toBe(1);
    expect(stderr).toBe(`\nServiceValidationError: Shop/Api: 2 problems:\n  - a\n  - b\n    at Object.<anonymous> (${script}:4:3)\n\n`);
  });

  test('changes nothing for an error the app catches, nor for any other error', () => {
    const { status, stderr } = run('other', [
      'try { const v = new Validator(); v.fail(\'a\'); v.throwIfAny(\'Shop/Api\'); } catch { /* handled by the app */ }',
      'throw new RangeError(\'something else\');',
    ].join('\n'));
    expect(status).toBe(1);
    expect(stderr).toContain('RangeError: something else');
    expect(stderr).not.toContain('ServiceValidationError');
  });
});
