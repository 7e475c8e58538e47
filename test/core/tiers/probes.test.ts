import { WARNINGS } from '../../../src/core/service/plan';
import { MetricSource, MissingData } from '../../../src/core/tiers/alarms';
import { CANARY, ProbesPlan, canaryPolicy, probesEnvironment } from '../../../src/core/tiers/probes';
import { plainPlan, plainProblems } from '../plain';

// The outside-in probes' planner on plain data: the canary's name, what it probes, its alarm, the
// role's statements, the report's lines, and when there is no canary.
const probes = (options: Parameters<typeof plainPlan>[0] = {}, env: Parameters<typeof plainPlan>[1] = {}): ProbesPlan =>
  plainPlan({ probes: true, ...options }, env).probes!;

test('opt-in: no canary by default; with probes, one on the service\'s URL every minute on the Node.js runtime both flavors express', () => {
  expect(plainPlan().probes).toBeUndefined();
  const p = probes();
  expect(p).toEqual(expect.objectContaining({
    canaryName: 'shop-api-4e5697f6',
    runtimeVersion: 'syn-nodejs-puppeteer-13.0',
    handler: 'index.handler',
    scheduleExpression: 'rate(1 minute)',
    timeoutSeconds: 60,
    functionNamePrefix: 'cwsyn-shop-api-4e5697f6-',
  }));
  // Without a domain: the load balancer's DNS name (the renderer's reference) over the listener's protocol.
  expect(p.targets).toEqual([{ id: 'service', protocol: 'http', domainName: undefined }]);
  expect(p.paths).toEqual([{ id: 'Health', path: '/health', expect: 'ok' }, { id: 'Home', path: '/', expect: 'noError' }]);
  // With a certificate and a domain: https://<domainName>.
  expect(probes({ domainName: 'api.example.com', hostedZone: true, hostedZoneName: 'example.com' }).targets)
    .toEqual([{ id: 'service', protocol: 'https', domainName: 'api.example.com' }]);
  // A health check on the home page is probed once.
  expect(probes({ healthCheckPath: '/' }).paths).toEqual([{ id: 'Health', path: '/', expect: 'ok' }]);
});

test('the canary\'s name: lower case, at most 21 characters, unique per service (the prefix\'s hash kept), within the deployment rules', () => {
  const long = probes({}, { stackName: `S${'x'.repeat(109)}`, pathInStack: [`Api${'y'.repeat(100)}`] });
  expect(long.canaryName).toMatch(/^[0-9a-z_-]{1,21}$/);
  const other = probes({}, { stackName: `S${'x'.repeat(109)}`, pathInStack: [`Api${'y'.repeat(99)}z`] });
  expect(other.canaryName).not.toBe(long.canaryName);
  expect(long.canaryName.slice(-8)).toBe(plainPlan({}, { stackName: `S${'x'.repeat(109)}`, pathInStack: [`Api${'y'.repeat(100)}`] }).namePrefix.slice(-8));
  // A stack id that starts with a digit is fine: canary names may.
  expect(probes({}, { stackName: '1shop' }).canaryName).toMatch(/^1shop-api-[0-9a-f]{8}$/);
});

test('ProbeSuccess: SuccessPercent of the canary below 100 in 3 runs in a row, missing data breaching, into ServiceHealth', () => {
  const plan = plainPlan({ probes: true });
  const alarm = plan.monitoring.alarms.find((a) => a.id === 'ProbeSuccess')!;
  expect(alarm).toEqual(expect.objectContaining({
    name: `${plan.namePrefix}-ProbeSuccess`,
    metrics: { m: { source: MetricSource.CANARY, metricName: 'SuccessPercent', statistic: 'Average', canaryName: plan.probes!.canaryName } },
    periodSeconds: 60,
    threshold: 100,
    comparison: 'LessThanThreshold',
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: MissingData.BREACHING,
    critical: true,
  }));
  expect(plan.monitoring.serviceHealth!.alarmIds).toContain('ProbeSuccess');
  expect(plan.monitoring.dashboard!.rows.flat().map((g) => g.title)).toContain('Outside-in probe (% of runs that passed)');
  // Without the alarm set the canary still runs; nothing alarms on it.
  const quiet = plainPlan({ probes: true, alarms: false });
  expect(quiet.probes!.alarms).toEqual([]);
  expect(quiet.monitoring.alarms).toEqual([]);
});

test('an internal load balancer gets no canary (Synthetics calls from outside the VPC) and a warning; narrowed CIDRs and a certificate without a domain warn', () => {
  const internal = plainPlan({ probes: true, internetFacing: false });
  expect(internal.probes).toBeUndefined();
  expect(internal.warnings.map((w) => w.id)).toContain(WARNINGS.probesNeedInternetFacing);
  expect(internal.monitoring.alarms.map((a) => a.id)).not.toContain('ProbeSuccess');
  expect(plainPlan({ probes: false, internetFacing: false }).warnings.map((w) => w.id)).not.toContain(WARNINGS.probesNeedInternetFacing);
  const ids = (o: Parameters<typeof plainPlan>[0]) => plainPlan({ probes: true, ...o }).warnings.map((w) => w.id);
  expect(ids({ allowedCidrs: ['203.0.113.0/24'] })).toContain(WARNINGS.probesBlockedByAllowedCidrs);
  expect(ids({})).not.toContain(WARNINGS.probesBlockedByAllowedCidrs);
  expect(ids({ certificate: true })).toContain(WARNINGS.probesCertificateWithoutDomain);
  expect(ids({ certificate: true, domainName: 'api.example.com' })).not.toContain(WARNINGS.probesCertificateWithoutDomain);
});

test('targets and paths beyond the 4 KB of the canary\'s environment are refused, naming the props', () => {
  const path = `/${'a'.repeat(1023)}`;
  const domainName = `${'a'.repeat(60)}.${'b'.repeat(60)}.${'c'.repeat(60)}.example.com`;
  const records = (n: number) => ({ hostedZoneId: 'Z123', recordName: domainName, setIdentifiers: ['eu-west-1', 'eu-central-1', 'us-east-1', 'us-west-2', 'ap-southeast-1', 'sa-east-1'].slice(0, n) });
  expect(plainProblems({ probes: true, healthCheckPath: path, domainName, certificate: true })).toEqual([]);
  expect(plainProblems({ probes: true, healthCheckPath: path, domainName, certificate: true, probeRecords: records(2) })).toEqual([]);
  expect(plainProblems({ probes: true, healthCheckPath: path, domainName, certificate: true, probeRecords: records(6) })).toEqual([
    expect.stringMatching(/^probes: the canary's targets and paths take \d+ bytes of environment, more than the 4096 Synthetics allows; shorten healthCheckPath/),
  ]);
});

test('a MultiRegionService\'s Region probes the name and every Region\'s record, and may read the hosted zone\'s records', () => {
  const records = { hostedZoneId: 'Z123', recordName: 'api.example.com', setIdentifiers: ['eu-west-1', 'eu-central-1'] };
  const p = probes({ domainName: 'api.example.com', certificate: true, probeRecords: records });
  expect(p.targets.map((t) => [t.id, t.protocol, t.domainName, t.record?.setIdentifier])).toEqual([
    ['service', 'https', 'api.example.com', undefined], ['eu-west-1', 'https', 'api.example.com', 'eu-west-1'], ['eu-central-1', 'https', 'api.example.com', 'eu-central-1'],
  ]);
  expect(probesEnvironment(p, (t) => `${t.protocol}://${t.domainName}`).targets[1]).toEqual({
    id: 'eu-west-1', url: 'https://api.example.com', record: { hostedZoneId: 'Z123', name: 'api.example.com', type: 'A', setIdentifier: 'eu-west-1' },
  });
  const statements = canaryPolicy(p, { partition: 'aws', account: '123456789012', region: 'eu-west-1', bucketArn: 'arn:aws:s3:::b', keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
  expect(statements.find((s) => s.Sid === 'ReadRegionRecords')).toEqual({
    Sid: 'ReadRegionRecords', Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: ['arn:aws:route53:::hostedzone/Z123'],
  });
});

test('records the canary cannot read or call as the service\'s name are refused, all at once, naming the prop', () => {
  expect(plainProblems({
    probes: true,
    domainName: 'api.example.com',
    certificate: true,
    probeRecords: { hostedZoneId: 'zone-1', recordName: 'www.example.com', setIdentifiers: ['eu-west-1', 'x'.repeat(129)] },
  })).toEqual([
    "probeRecords.hostedZoneId must be a Route 53 hosted zone id such as Z1D633PJN98FT9, received 'zone-1'",
    "probeRecords.recordName must be the service's domainName (the canary sends it as Host and TLS server name), received 'www.example.com' with domainName 'api.example.com'",
    `probeRecords.setIdentifiers must hold set identifiers of 1-128 characters, received '${'x'.repeat(129)}'`,
  ]);
  expect(plainProblems({ probes: true, probeRecords: { hostedZoneId: 'Z123', recordName: 'api.example.com', setIdentifiers: [] } })).toEqual([
    "probeRecords.recordName must be the service's domainName (the canary sends it as Host and TLS server name), received 'api.example.com' with domainName unset",
    'probeRecords.setIdentifiers must list at least one record\'s set identifier, received none',
  ]);
  // A trailing dot and the case do not matter to DNS.
  expect(plainProblems({ probes: true, domainName: 'api.example.com', certificate: true, probeRecords: { hostedZoneId: 'Z123', recordName: 'API.example.com.', setIdentifiers: ['a'] } })).toEqual([]);
});

test('the role: what CreateCanary lists, each on its own resource; only the two actions without one on *, metrics held to the Synthetics namespace', () => {
  const p = probes();
  const statements = canaryPolicy(p, { partition: 'aws', account: '123456789012', region: 'eu-west-1', bucketArn: 'arn:aws:s3:::b', keyArn: 'arn:aws:kms:eu-west-1:123456789012:key/k' });
  expect(statements.map((s) => [s.Action, s.Resource])).toEqual([
    ['s3:PutObject', 'arn:aws:s3:::b/*'],
    ['s3:GetBucketLocation', 'arn:aws:s3:::b'],
    ['s3:ListAllMyBuckets', '*'],
    [['kms:GenerateDataKey', 'kms:Decrypt'], 'arn:aws:kms:eu-west-1:123456789012:key/k'],
    ['cloudwatch:PutMetricData', '*'],
    [['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/cwsyn-shop-api-4e5697f6-*'],
  ]);
  expect(statements.find((s) => s.Action === 'cloudwatch:PutMetricData')!.Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'CloudWatchSynthetics' } });
});

test('the report: the detection table\'s outside-in row and the bill\'s canary runs, a month of one a minute', () => {
  const plan = plainPlan({ probes: true });
  const row = plan.report.detection!.find((d) => d.failure.startsWith('outside-in'))!;
  expect(row.noticedBy).toBe(`the canary ${plan.probes!.canaryName} (/health and / every minute), then ProbeSuccess into ServiceHealth`);
  expect(row.within).toBe('3 failed runs a minute apart: ~3 min, plus up to 1 min until the run\'s metric is published');
  expect(plainPlan().report.detection!.find((d) => d.failure.startsWith('outside-in'))).toBeUndefined();
  const line = plan.report.cost!.lines.find((l) => l.item.startsWith('CloudWatch Synthetics'))!;
  expect(line.quantity).toEqual({ minimum: CANARY.runsPerMonth, peak: CANARY.runsPerMonth });
  expect(CANARY.runsPerMonth).toBe(43_800);
  expect(line.monthlyUsd).toEqual({ minimum: 52.56, peak: 52.56 });
  expect(line.price!.asOf).toMatch(/2023-11-11/);
  // Its artifacts' key is counted with the others.
  const keys = (o: Parameters<typeof plainPlan>[0]) => plainPlan(o).report.cost!.lines.find((l) => l.item === 'KMS keys')!.quantity!.minimum;
  expect(keys({ probes: true }) - keys({})).toBe(1);
});

test('the AZ experiment\'s prediction: without a shift the canary may reach the cut node, so ProbeSuccess (and the stop alarm) are not promised quiet', () => {
  const az = (o: Parameters<typeof plainPlan>[0]) => plainPlan(o).faultInjection!.experiments.find((e) => e.id === 'AzImpairment')!.prediction;
  const probed = az({ probes: true });
  expect(probed.alarmsQuiet).not.toContain('ProbeSuccess');
  expect(probed.alarmsQuiet).not.toContain('ServiceHealth');
  expect(probed.alarmsQuiet).toContain('Target5xxRate');
  expect(probed.summary).toContain('3 in a row fire ProbeSuccess, which stops the experiment');
  // With autoshift the cut AZ's node leaves DNS at once: the canary is promised quiet like every critical alarm.
  const shifted = az({ probes: true, zonalAutoshift: {} });
  expect(shifted.alarmsQuiet).toEqual(expect.arrayContaining(['ServiceHealth', 'ProbeSuccess']));
  expect(shifted.summary).not.toContain('ProbeSuccess');
  expect(az({}).alarmsQuiet).toContain('ServiceHealth');
});
