// A loopback stub of the ARC zonal shift API (moto has none): it serves StartZonalShift,
// ListZonalShifts and GetManagedResource, and checks every request against the API's own model as
// botocore ships it (arc-zonal-shift service-2.json): the operation's method and path, required
// members, types, lengths, patterns, enums and integer ranges, plus the limits the reference states
// in words (a shift lasts at most 72 hours; one active shift per resource). A request that breaks
// them gets the API's error (400 ValidationException, 409 ConflictException) and is recorded.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import * as zlib from 'zlib';

interface Shape {
  readonly type: string;
  readonly required?: string[];
  readonly members?: Record<string, { readonly shape: string; readonly location?: string; readonly locationName?: string }>;
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: string;
  readonly enum?: string[];
}
interface Operation { readonly http: { readonly method: string; readonly requestUri: string }; readonly input?: { readonly shape: string } }
interface Model { readonly operations: Record<string, Operation>; readonly shapes: Record<string, Shape> }

/** botocore's model of the ARC zonal shift API (its newest version on this machine). */
export function arcZonalShiftModel(): Model {
  const botocore = execFileSync('python3', ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], { encoding: 'utf8' }).trim();
  const base = path.join(botocore, 'data', 'arc-zonal-shift');
  const version = fs.readdirSync(base).sort().pop()!;
  return JSON.parse(zlib.gunzipSync(fs.readFileSync(path.join(base, version, 'service-2.json.gz'))).toString());
}

/** The problems of a value against a shape of the model. */
export function shapeProblems(model: Model, shapeName: string, value: unknown, at: string): string[] {
  const s = model.shapes[shapeName];
  const problems: string[] = [];
  if (s.type === 'structure') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at} must be an object`];
    const v = value as Record<string, unknown>;
    for (const r of s.required ?? []) if (v[r] === undefined) problems.push(`${at}.${r} is required`);
    for (const [k, member] of Object.entries(v)) {
      const m = s.members?.[k];
      if (!m) problems.push(`${at}.${k} is not a member of ${shapeName}`);
      else problems.push(...shapeProblems(model, m.shape, member, `${at}.${k}`));
    }
  } else if (s.type === 'string') {
    if (typeof value !== 'string') return [`${at} must be a string`];
    if (s.min !== undefined && value.length < s.min) problems.push(`${at} is shorter than ${s.min}`);
    if (s.max !== undefined && value.length > s.max) problems.push(`${at} is longer than ${s.max}`);
    if (s.pattern !== undefined && !new RegExp(`^(?:${s.pattern})$`).test(value)) problems.push(`${at} does not match ${s.pattern}`);
    if (s.enum && !s.enum.includes(value)) problems.push(`${at} is not one of ${s.enum.join(', ')}`);
  } else if (s.type === 'integer') {
    if (!Number.isInteger(value)) return [`${at} must be an integer`];
    if (s.min !== undefined && (value as number) < s.min) problems.push(`${at} is below ${s.min}`);
    if (s.max !== undefined && (value as number) > s.max) problems.push(`${at} is above ${s.max}`);
  }
  return problems;
}

export interface StubShift {
  readonly zonalShiftId: string;
  readonly resourceIdentifier: string;
  readonly awayFrom: string;
  readonly expiresIn: string;
  readonly comment: string;
  readonly status: 'ACTIVE' | 'EXPIRED' | 'CANCELED';
}

export interface ArcStub {
  readonly endpoint: string;
  /** Every request, in order, with its input as the model names it, and the problems found. */
  readonly requests: Array<{ readonly operation: string; readonly input: Record<string, unknown>; readonly problems: string[] }>;
  readonly shifts: StubShift[];
  /** The requests of each scenario, split where a test called `/_stub/next` (not part of ARC) to start one. */
  byScenario(): Array<ArcStub['requests']>;
  /** Forget the requests and shifts. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the stub on a free loopback port. */
export async function startArcStub(): Promise<ArcStub> {
  const model = arcZonalShiftModel();
  const requests: ArcStub['requests'] = [];
  const scenarios: number[] = [];
  const shifts: StubShift[] = [];
  const ops = Object.entries(model.operations).map(([name, o]) => ({ name, ...o }));
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
      const send = (status: number, payload: unknown, errorType?: string) => {
        res.writeHead(status, { 'content-type': 'application/json', ...(errorType ? { 'x-amzn-errortype': errorType } : {}) });
        res.end(JSON.stringify(payload));
      };
      const url = new URL(req.url ?? '/', 'http://stub');
      // Not ARC: a test marks where one scenario's requests end and the next one's begin.
      if (url.pathname === '/_stub/next') {
        scenarios.push(requests.length);
        return send(200, {});
      }
      const route = (uri: string) => new RegExp(`^${uri.split('?')[0].replace(/\{[^}]+\}/g, '[^/]+')}$`);
      const op = ops.find((o) => o.http.method === req.method && route(o.http.requestUri).test(url.pathname));
      if (!op) return send(404, { message: `no operation for ${req.method} ${url.pathname}` }, 'UnknownOperationException');
      if (!String(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256')) return send(403, { message: 'not signed with SigV4' }, 'AccessDeniedException');
      const shape = op.input ? model.shapes[op.input.shape] : undefined;
      const input: Record<string, unknown> = body ? JSON.parse(body) : {};
      const template = op.http.requestUri.split('?')[0].split('/');
      const parts = url.pathname.split('/');
      for (const [name, m] of Object.entries(shape?.members ?? {})) {
        if (m.location === 'querystring' && url.searchParams.has(m.locationName!)) {
          const raw = url.searchParams.get(m.locationName!)!;
          input[name] = model.shapes[m.shape].type === 'integer' ? Number(raw) : raw;
        }
        if (m.location === 'uri') input[name] = decodeURIComponent(parts[template.indexOf(`{${m.locationName}}`)] ?? '');
      }
      const problems = op.input ? shapeProblems(model, op.input.shape, input, op.input.shape) : [];
      requests.push({ operation: op.name, input, problems });
      if (problems.length > 0) return send(400, { message: problems.join('; '), reason: 'MissingValue' }, 'ValidationException');
      const now = Math.floor(Date.now() / 1000);
      switch (op.name) {
        case 'StartZonalShift': {
          const [, n, unit] = /^([1-9][0-9]*)(m|h)$/.exec(String(input.expiresIn))!;
          const minutes = Number(n) * (unit === 'h' ? 60 : 1);
          if (minutes > 72 * 60) return send(400, { message: 'a zonal shift lasts at most 72 hours', reason: 'InvalidExpiresIn' }, 'ValidationException');
          if (shifts.some((s) => s.resourceIdentifier === input.resourceIdentifier && s.status === 'ACTIVE')) {
            return send(409, { message: 'the resource has an active zonal shift', reason: 'ZonalShiftAlreadyExists' }, 'ConflictException');
          }
          const shift: StubShift = {
            zonalShiftId: `stub-shift-${shifts.length + 1}`,
            resourceIdentifier: String(input.resourceIdentifier),
            awayFrom: String(input.awayFrom),
            expiresIn: String(input.expiresIn),
            comment: String(input.comment),
            status: 'ACTIVE',
          };
          shifts.push(shift);
          const { expiresIn, ...rest } = shift;
          return send(201, { ...rest, startTime: now, expiryTime: now + minutes * 60 });
        }
        case 'ListZonalShifts':
          return send(200, {
            items: shifts.filter((s) => (input.status === undefined || s.status === input.status)
              && (input.resourceIdentifier === undefined || s.resourceIdentifier === input.resourceIdentifier))
              .map(({ expiresIn, ...s }) => ({ ...s, startTime: now, expiryTime: now + 60 })),
          });
        case 'GetManagedResource': {
          const active = shifts.filter((s) => s.resourceIdentifier === input.resourceIdentifier && s.status === 'ACTIVE');
          return send(200, {
            arn: input.resourceIdentifier,
            appliedWeights: {},
            autoshifts: [],
            zonalShifts: active.map(({ expiresIn, status, ...s }) => ({ ...s, appliedStatus: 'APPLIED', startTime: now, expiryTime: now + 60 })),
          });
        }
        default:
          return send(501, { message: `the stub does not serve ${op.name}` }, 'InternalServerException');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    shifts,
    reset: () => { requests.length = 0; shifts.length = 0; scenarios.length = 0; },
    byScenario: () => scenarios.map((start, i) => requests.slice(start, scenarios[i + 1] ?? requests.length)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
