/**
 * Outside-in probes: a CloudWatch Synthetics canary that calls the service's URL (its deep health
 * path and its home page) every minute from outside the VPC, its alarm (into the service-health
 * alarm), its artifacts bucket and the permissions of its role, decided once for both renderers.
 */
import { AlarmSpec, Comparison, MetricSource, MissingData } from './alarms';
import { KeyPolicyContext, PolicyStatementJson } from './keys';
import { GraphSpec } from './monitoring';
import { shortName } from '../base/naming';
import { Validator } from '../base/validation';
import { ProbeRecords } from '../options/options';

/**
 * CloudWatch Synthetics' limits and the canary's settings, with their sources.
 * - Name: the API takes `^[0-9a-z_\-]+$`, 1-255 characters (Synthetics API reference, CreateCanary;
 *   botocore `CanaryName`), but hashicorp/aws 6.25 validates 1-21 (internal/service/synthetics/canary.go,
 *   `StringLenBetween(1, 21)`) and aws-cdk-lib generates at most 21: the plan keeps to 21.
 * - Schedule: `rate(1 minute)` is the most frequent a canary runs (CreateCanary, Schedule.Expression).
 * - Timeout: at most the frequency (CanaryRunConfigInput.TimeoutInSeconds, 3-840): 60 s. The
 *   provider's default is 840 (canary.go), which a one-minute schedule refuses, so both flavors set it.
 * - Runtime: `syn-nodejs-puppeteer-13.0` (Lambda Node.js 22.x), the newest Node.js runtime both
 *   aws-cdk-lib 2.276 (aws-synthetics runtime.d.ts) and a free-text `runtime_version` express. The
 *   browserless `syn-nodejs-3.x` runtimes need `BlueprintTypes`, which the provider does not have.
 * - Retention: 1-455 days for successful and failed runs (CreateCanary); artifacts expire with them.
 */
export const CANARY = {
  nameMaxLength: 21,
  runtimeVersion: 'syn-nodejs-puppeteer-13.0',
  /** The script is `index.js` exporting `handler` (CloudFormation's inline Script; Terraform's zip holds nodejs/node_modules/index.js). */
  handler: 'index.handler',
  scheduleExpression: 'rate(1 minute)',
  runsPerMonth: 730 * 60,
  timeoutSeconds: 60,
  successRetentionDays: 7,
  failureRetentionDays: 31,
  /** The artifacts bucket's lifecycle: artifacts outlive the longest retention by nothing, old versions by a week. */
  artifactsExpireAfterDays: 31,
  oldVersionsExpireAfterDays: 7,
  /** The environment variable the script reads its targets and paths from (keys: a letter, then letters, digits, `_`). */
  environmentVariable: 'PROBES',
  /** The environment variables of a canary total at most 4 KB (CanaryRunConfigInput.EnvironmentVariables). */
  environmentMaxBytes: 4096,
  /** The metric namespace the runtime publishes to (CloudWatch User Guide, "CloudWatch metrics published by canaries"). */
  metricNamespace: 'CloudWatchSynthetics',
} as const;

/** One path probed on every target, and what counts as success. */
export interface ProbePath {
  /** Part of each step's name: `Health` or `Home`. */
  readonly id: 'Health' | 'Home';
  readonly path: string;
  /** `ok`: only 200 (the target group's matcher); `noError`: any status below 400 (a home page may redirect). */
  readonly expect: 'ok' | 'noError';
}

/**
 * One address probed. The URL's host is either the service's domain name or its load balancer's
 * DNS name (known to the renderer only). With `record` the script connects to the alias target of
 * that Route 53 record instead (one Region's record of a MultiRegionService), sending the URL's
 * host as the Host header and the TLS server name, so the certificate for the name is checked.
 */
export interface ProbeTarget {
  /** Part of each step's name: `service`, or the Region of a record. */
  readonly id: string;
  readonly protocol: 'https' | 'http';
  /** The domain name; undefined: the load balancer's DNS name. */
  readonly domainName?: string;
  readonly record?: { readonly hostedZoneId: string; readonly name: string; readonly type: 'A'; readonly setIdentifier: string };
}

/** The canary and what comes with it. */
export interface ProbesPlan {
  readonly canaryName: string;
  readonly runtimeVersion: string;
  readonly handler: string;
  readonly scheduleExpression: string;
  readonly timeoutSeconds: number;
  readonly successRetentionDays: number;
  readonly failureRetentionDays: number;
  readonly paths: ProbePath[];
  readonly targets: ProbeTarget[];
  /** The artifacts bucket's lifecycle. */
  readonly artifacts: { readonly expireAfterDays: number; readonly oldVersionsExpireAfterDays: number };
  /** The Lambda function and log group names Synthetics gives the canary: `cwsyn-<canary name>-<id>`. */
  readonly functionNamePrefix: string;
  /** `ProbeSuccess`, into the service-health alarm; none without the alarm set. */
  readonly alarms: AlarmSpec[];
  readonly dashboardRow: GraphSpec[];
}

/** The probes' options, engine-neutral. */
export interface ProbesInput {
  readonly enabled?: boolean;
  readonly internetFacing: boolean;
  readonly https: boolean;
  readonly domainName?: string;
  readonly healthCheckPath: string;
  readonly alarmsOn: boolean;
  /** Each Region's record of a MultiRegionService, probed beside the name. */
  readonly records?: ProbeRecords;
}

/** Why probes are left out, when they are asked for but cannot reach the service. */
export const PROBES_NEED_INTERNET_FACING = 'probes call the service from outside its VPC, where an internal load balancer cannot be reached: no canary is created. '
  + 'Probe an internal service from your own network, or make the load balancer internet-facing.';

/**
 * The canary, when asked for and the load balancer faces the internet (undefined otherwise: the
 * caller warns when it was asked for). Its name is the service's prefix in lower case, shortened
 * to 21 characters with its hash kept (unique per service). It probes the URL clients use:
 * `https://<domainName>` with a certificate and domain, else the load balancer's DNS name over
 * the listener's protocol.
 */
export function planProbes(input: ProbesInput, namePrefix: string, v: Validator): ProbesPlan | undefined {
  if (!input.enabled || !input.internetFacing) return undefined;
  const records = input.records;
  if (records) checkRecords(records, input.domainName, v);
  // The prefix is letters, digits and hyphens with its hash last: lower-cased, it keeps the canary's
  // pattern, and the deployment rules check it with the plan's other names.
  const canaryName = shortName(namePrefix.toLowerCase(), CANARY.nameMaxLength);
  const healthPath = input.healthCheckPath;
  const paths: ProbePath[] = [{ id: 'Health', path: healthPath, expect: 'ok' }];
  if (healthPath !== '/') paths.push({ id: 'Home', path: '/', expect: 'noError' });
  const protocol = input.https ? 'https' : 'http';
  const targets: ProbeTarget[] = [{ id: 'service', protocol, domainName: input.domainName }];
  for (const setIdentifier of records?.setIdentifiers ?? []) {
    const record = { hostedZoneId: records!.hostedZoneId, name: records!.recordName, type: 'A' as const, setIdentifier };
    targets.push({ id: setIdentifier, protocol, domainName: input.domainName, record });
  }
  const alarms: AlarmSpec[] = input.alarmsOn ? [{
    id: 'ProbeSuccess',
    description: `The outside-in probe (canary ${canaryName}) failed ${PROBE_ALARM.datapointsToAlarm} runs in a row: the health check path (for a 200)`
      + `${paths.length > 1 ? ' or the home page (for an answer below 400)' : ''} did not answer from the internet as users see it`,
    metrics: { m: { source: MetricSource.CANARY, metricName: 'SuccessPercent', statistic: 'Average', canaryName } },
    periodSeconds: 60,
    threshold: 100,
    comparison: Comparison.LESS_THAN,
    evaluationPeriods: PROBE_ALARM.evaluationPeriods,
    datapointsToAlarm: PROBE_ALARM.datapointsToAlarm,
    // A canary that stopped running is a probe that failed.
    treatMissingData: MissingData.BREACHING,
    critical: true,
  }] : [];
  return {
    canaryName,
    runtimeVersion: CANARY.runtimeVersion,
    handler: CANARY.handler,
    scheduleExpression: CANARY.scheduleExpression,
    timeoutSeconds: CANARY.timeoutSeconds,
    successRetentionDays: CANARY.successRetentionDays,
    failureRetentionDays: CANARY.failureRetentionDays,
    paths,
    targets,
    artifacts: { expireAfterDays: CANARY.artifactsExpireAfterDays, oldVersionsExpireAfterDays: CANARY.oldVersionsExpireAfterDays },
    functionNamePrefix: `cwsyn-${canaryName}-`,
    alarms,
    dashboardRow: [{
      title: 'Outside-in probe (% of runs that passed)',
      left: [{ label: canaryName, metrics: { m: { source: MetricSource.CANARY, metricName: 'SuccessPercent', statistic: 'Average', canaryName } } }],
      leftMin: 0,
      leftMax: 100,
    }],
  };
}

/**
 * Records the canary can read and call as the service's name: in a hosted zone id Route 53 takes
 * (`Z` and up to 31 upper-case letters and digits), named as the service (the name goes out as
 * Host and TLS server name), with set identifiers of 1-128 characters (Route 53 API reference,
 * ResourceRecordSet.SetIdentifier).
 */
function checkRecords(records: ProbeRecords, domainName: string | undefined, v: Validator): void {
  if (v.known(records.hostedZoneId)) {
    v.check(/^Z[A-Z0-9]{1,31}$/.test(records.hostedZoneId), `probeRecords.hostedZoneId must be a Route 53 hosted zone id such as Z1D633PJN98FT9, received '${records.hostedZoneId}'`);
  }
  if (v.known(records.recordName)) {
    const name = (n: string) => n.replace(/\.$/, '').toLowerCase();
    v.check(domainName !== undefined && v.known(domainName) && name(records.recordName) === name(domainName),
      `probeRecords.recordName must be the service's domainName (the canary sends it as Host and TLS server name), received '${records.recordName}' with domainName ${domainName === undefined ? 'unset' : `'${domainName}'`}`);
  }
  v.check(records.setIdentifiers.length > 0, 'probeRecords.setIdentifiers must list at least one record\'s set identifier, received none');
  for (const id of records.setIdentifiers) {
    if (v.known(id)) v.check(id.length >= 1 && id.length <= 128, `probeRecords.setIdentifiers must hold set identifiers of 1-128 characters, received '${id}'`);
  }
}

/** Three failed runs in a row (runs are a minute apart): about 3 minutes from the first failure. */
export const PROBE_ALARM = { evaluationPeriods: 3, datapointsToAlarm: 3 } as const;

/**
 * The value of the script's environment variable: what it probes. `url(target)` is the
 * renderer's URL of a target (its load balancer's DNS name is a reference there).
 */
export function probesEnvironment(plan: ProbesPlan, url: (target: ProbeTarget) => string): { targets: object[]; paths: ProbePath[] } {
  return {
    targets: plan.targets.map((t) => ({ id: t.id, url: url(t), ...(t.record ? { record: t.record } : {}) })),
    paths: plan.paths,
  };
}

/** Checks the size of the environment the plan knows (the load balancer's DNS name counted at its longest, 255). */
export function checkProbesEnvironment(plan: ProbesPlan, v: Validator): void {
  const text = JSON.stringify(probesEnvironment(plan, (t) => `${t.protocol}://${t.domainName ?? 'x'.repeat(255)}`));
  const bytes = CANARY.environmentVariable.length + new TextEncoder().encode(text).length;
  v.check(bytes <= CANARY.environmentMaxBytes,
    `probes: the canary's targets and paths take ${bytes} bytes of environment, more than the ${CANARY.environmentMaxBytes} Synthetics allows; shorten healthCheckPath or the domain name`);
}

/** What the renderer knows of the canary's resources (values or references). */
export interface CanaryPolicyContext extends KeyPolicyContext {
  readonly bucketArn: string;
  readonly keyArn: string;
}

/**
 * The canary role's statements. CreateCanary's ExecutionRoleArn lists what a canary needs:
 * s3:PutObject, s3:GetBucketLocation, s3:ListAllMyBuckets, cloudwatch:PutMetricData and the
 * logs:CreateLogGroup / CreateLogStream / PutLogEvents of its function's log group. Each is
 * scoped to its resource where IAM allows it: ListAllMyBuckets and PutMetricData take no resource
 * (Service Authorization Reference), so PutMetricData is held to the runtime's namespace by the
 * `cloudwatch:namespace` condition; the logs to `/aws/lambda/cwsyn-<canary name>-*` (the function
 * Synthetics creates). Artifacts are encrypted with the bucket's key. A MultiRegionService's
 * canaries read each Region's record of the hosted zone (route53:ListResourceRecordSets).
 */
export function canaryPolicy(plan: ProbesPlan, c: CanaryPolicyContext): PolicyStatementJson[] {
  const zones = [...new Set(plan.targets.flatMap((t) => (t.record ? [t.record.hostedZoneId] : [])))];
  return [
    { Sid: 'PutArtifacts', Effect: 'Allow', Action: 's3:PutObject', Resource: `${c.bucketArn}/*` },
    { Sid: 'LocateArtifactsBucket', Effect: 'Allow', Action: 's3:GetBucketLocation', Resource: c.bucketArn },
    { Sid: 'ListBuckets', Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' },
    { Sid: 'EncryptArtifacts', Effect: 'Allow', Action: ['kms:GenerateDataKey', 'kms:Decrypt'], Resource: c.keyArn },
    {
      Sid: 'PutSyntheticsMetrics',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': CANARY.metricNamespace } },
    },
    {
      Sid: 'WriteOwnLogs',
      Effect: 'Allow',
      Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: canaryLogGroupArn(plan, c),
    },
    ...(zones.length ? [{
      Sid: 'ReadRegionRecords',
      Effect: 'Allow',
      Action: 'route53:ListResourceRecordSets',
      Resource: zones.map((z) => `arn:${c.partition}:route53:::hostedzone/${z}`),
    }] : []),
  ];
}

/** The log groups of the canary's function (and their streams). */
export function canaryLogGroupArn(plan: ProbesPlan, c: KeyPolicyContext): string {
  return `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:/aws/lambda/${plan.functionNamePrefix}*`;
}

/**
 * The canary's script, the same text in both flavors (CloudFormation's inline Script, Terraform's
 * zip as `nodejs/node_modules/index.js`). Plain CommonJS for the runtime's Node.js 22. It reads
 * its targets and paths from `PROBES`, runs one HTTP step per target and path with the runtime's
 * `executeHttpStep` (whose request options are Node.js `http.request` options: CloudWatch User
 * Guide, "Library functions available for Node.js canary"), keeps going past a failed step so
 * every probe is measured, and fails the run if any failed. The runtime's library is
 * `Synthetics` up to syn-nodejs-puppeteer-13.0 and `@aws/synthetics-puppeteer` from 13.1: the
 * script takes whichever the runtime has. A record target's address is read from Route 53 with
 * the runtime's AWS SDK for JavaScript v3.
 */
export const PROBE_SCRIPT = `'use strict';
// Outside-in probes (cdk-highly-available-service): GET each path of each target, one step each.
const load = (current, legacy) => { try { return require(current); } catch (e) { return require(legacy); } };
const synthetics = load('@aws/synthetics-puppeteer', 'Synthetics');
const log = load('@aws/synthetics-logger', 'SyntheticsLogger');

// The alias target of one Region's record: where that Region's load balancer answers.
async function recordAddress(record) {
  const { Route53Client, ListResourceRecordSetsCommand } = require('@aws-sdk/client-route-53');
  const out = await new Route53Client({}).send(new ListResourceRecordSetsCommand({
    HostedZoneId: record.hostedZoneId, StartRecordName: record.name, StartRecordType: record.type,
    StartRecordIdentifier: record.setIdentifier, MaxItems: 1,
  }));
  const found = (out.ResourceRecordSets || []).find((r) => r.SetIdentifier === record.setIdentifier
    && r.Type === record.type && r.Name.replace(/\\.$/, '').toLowerCase() === record.name.toLowerCase());
  if (!found || !found.AliasTarget) throw new Error('no alias record ' + record.name + ' (' + record.setIdentifier + ')');
  return found.AliasTarget.DNSName.replace(/\\.$/, '');
}

// 'ok': 200 only (what the target group's health check wants); 'noError': below 400.
const validate = (path) => (res) => new Promise((resolve, reject) => {
  res.on('data', () => {});
  res.on('error', reject);
  res.on('end', () => {
    const passed = path.expect === 'ok' ? res.statusCode === 200 : res.statusCode < 400;
    if (passed) resolve(); else reject(new Error(path.path + ' answered ' + res.statusCode));
  });
});

exports.handler = async () => {
  const probes = JSON.parse(process.env.PROBES);
  const failed = [];
  for (const target of probes.targets) {
    const url = new URL(target.url);
    let hostname = url.hostname;
    if (target.record) {
      try {
        hostname = await recordAddress(target.record);
      } catch (e) {
        log.error(target.id + ': ' + e.message);
        failed.push(target.id + ': ' + e.message);
        continue;
      }
    }
    for (const path of probes.paths) {
      const step = target.id + ' ' + path.id;
      const request = {
        hostname, protocol: url.protocol, port: url.port || (url.protocol === 'https:' ? 443 : 80), method: 'GET', path: path.path,
        // The name the certificate is for, whatever address is called.
        servername: url.hostname,
        headers: { Host: url.host, 'User-Agent': synthetics.getCanaryUserAgentString() },
      };
      try {
        await synthetics.executeHttpStep(step, request, validate(path));
      } catch (e) {
        failed.push(step + ': ' + (e && e.message ? e.message : e));
      }
    }
  }
  if (failed.length > 0) throw new Error('probes failed: ' + failed.join('; '));
};
`;
