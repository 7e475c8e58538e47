import * as http from 'http';
import { AddressInfo } from 'net';
import { PROBE_SCRIPT } from '../../../src/core/tiers/probes';

// The canary's script, run here as the Synthetics runtime runs it: its library is a stand-in that
// makes each HTTP step's request with Node's http module (executeHttpStep takes http.request
// options), Route 53 answers from a table, and the service is a server on loopback.

interface Step { readonly name: string; readonly host?: string; readonly path?: string; readonly passed: boolean }

let server: http.Server;
let port: number;
let healthStatus = 200;
const hostsSeen: string[] = [];
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hostsSeen.push(String(req.headers.host));
    res.statusCode = req.url === '/health' ? healthStatus : 302;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  healthStatus = 200;
  hostsSeen.length = 0;
});

/** Runs the script's handler with PROBES set; returns its steps and whether the run failed. */
async function run(probes: object, records: Array<Record<string, unknown>> = []): Promise<{ steps: Step[]; error?: string; route53Calls: object[] }> {
  const steps: Step[] = [];
  const route53Calls: object[] = [];
  const synthetics = {
    getCanaryUserAgentString: () => 'CloudWatchSynthetics/test',
    executeHttpStep: (name: string, options: http.RequestOptions, callback: (res: http.IncomingMessage) => Promise<void>) => new Promise<void>((
      resolve, reject,
    ) => {
      const req = http.request({ ...options, protocol: 'http:' }, (res) => {
        callback(res).then(() => {
          steps.push({ name, host: (options.headers as Record<string, string>).Host, path: options.path ?? undefined, passed: true });
          resolve();
        }, (e) => {
          steps.push({ name, host: (options.headers as Record<string, string>).Host, path: options.path ?? undefined, passed: false });
          reject(e);
        });
      });
      req.on('error', (e) => {
        steps.push({ name, passed: false });
        reject(e);
      });
      req.end();
    }),
  };
  const route53 = {
    Route53Client: class {
      public async send(command: { input: object }) {
        route53Calls.push(command.input);
        return { ResourceRecordSets: records };
      }
    },
    ListResourceRecordSetsCommand: class { constructor(public readonly input: object) {} },
  };
  const modules: Record<string, unknown> = { 'Synthetics': synthetics, 'SyntheticsLogger': { error: () => undefined }, '@aws-sdk/client-route-53': route53 };
  const fakeRequire = (name: string) => {
    if (!(name in modules)) throw new Error(`Cannot find module '${name}'`);
    return modules[name];
  };
  const module = { exports: {} as { handler: () => Promise<void> } };
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the script is the canary's text, run as the runtime runs it
  new Function('require', 'exports', 'module', 'process', PROBE_SCRIPT)(fakeRequire, module.exports, module, { env: { PROBES: JSON.stringify(probes) } });
  try {
    await module.exports.handler();
    return { steps, route53Calls };
  } catch (e) {
    return { steps, route53Calls, error: (e as Error).message };
  }
}

const PATHS = [{ id: 'Health', path: '/health', expect: 'ok' }, { id: 'Home', path: '/', expect: 'noError' }];

test('one step per target and path: a 200 from the health path and a redirect from the home page pass', async () => {
  const result = await run({ targets: [{ id: 'service', url: `http://127.0.0.1:${port}` }], paths: PATHS });
  expect(result).toEqual({
    steps: [
      { name: 'service Health', host: `127.0.0.1:${port}`, path: '/health', passed: true },
      { name: 'service Home', host: `127.0.0.1:${port}`, path: '/', passed: true },
    ],
    route53Calls: [],
  });
});

test('a failing health path fails the run, after every other step has run', async () => {
  healthStatus = 503;
  const result = await run({ targets: [{ id: 'service', url: `http://127.0.0.1:${port}` }], paths: PATHS });
  expect(result.steps.map((s) => [s.name, s.passed])).toEqual([['service Health', false], ['service Home', true]]);
  expect(result.error).toBe('probes failed: service Health: /health answered 503');
});

test('a Region\'s record: its alias target is called with the service\'s name as Host; a missing record fails only that target', async () => {
  const record = { hostedZoneId: 'Z123', name: 'api.example.com', type: 'A', setIdentifier: 'eu-west-1' };
  const records = [{ Name: 'api.example.com.', Type: 'A', SetIdentifier: 'eu-west-1', AliasTarget: { DNSName: '127.0.0.1.' } }];
  const result = await run({
    targets: [
      { id: 'eu-west-1', url: `http://api.example.com:${port}`, record },
      { id: 'eu-central-1', url: `http://api.example.com:${port}`, record: { ...record, setIdentifier: 'eu-central-1' } },
    ],
    paths: [PATHS[0]],
  }, records);
  expect(result.route53Calls[0]).toEqual({
    HostedZoneId: 'Z123', StartRecordName: 'api.example.com', StartRecordType: 'A', StartRecordIdentifier: 'eu-west-1', MaxItems: 1,
  });
  expect(result.steps).toEqual([{ name: 'eu-west-1 Health', host: `api.example.com:${port}`, path: '/health', passed: true }]);
  expect(hostsSeen).toEqual([`api.example.com:${port}`]);
  expect(result.error).toBe('probes failed: eu-central-1: no alias record api.example.com (eu-central-1)');
});
