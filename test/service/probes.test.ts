import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Stack, Validations, cx_api as cxapi } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { HighlyAvailableService, tf } from '../../src';
import { PROBE_SCRIPT } from '../../src/core/tiers/probes';
import { TerraformStack } from '../../src/tf/private/cdktf';
import { crc32, storedZip } from '../../src/tf/private/zip';
import { PROBE_ZIP } from '../../src/tf/tiers/probes';
import { AZ_CONTEXT, ENV, printedOnConsole, testApp, testTfApp } from '../util';

// The canary as each flavor renders it, beyond what the parity matrix compares: the template's
// canary, bucket, key and role, and that each of their acknowledgements is needed (cdk-nag, and
// the two Control Tower S3 controls); the Terraform flavor's zip on disk.

type Json = any;

/** One service with probes, its probe parts' acknowledgements removed, in a stack synthesized once with two Control Tower S3 rules. */
const app = testApp({ context: AZ_CONTEXT });
const stack = new Stack(app, 'Probed', { env: ENV });
const service = new HighlyAvailableService(stack, 'Api', {
  database: false,
  domainName: 'api.example.com',
  hostedZone: route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' }),
  probes: true,
});
const probeParts = ['ProbeRole', 'ProbeArtifactsBucket'].map((id) => service.node.findChild(id));

/** The acknowledgements on a construct and below it: rule id to reason. */
function acknowledgements(scope: IConstruct): Record<string, string> {
  return Object.assign({}, ...scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data as Record<string, string>)));
}
const acknowledged = Object.assign({}, ...probeParts.map(acknowledgements)) as Record<string, string>;
for (const part of probeParts) {
  for (const c of part.node.findAll()) {
    (c.node as any)._metadata = c.node.metadata.filter((m) => m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
  }
}
const S3_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard', 's3');
Validations.of(app).addPlugins(new CfnGuardValidator({
  controlTowerRulesEnabled: false, rules: ['ct-s3-pr-2.guard', 'ct-s3-pr-9.guard'].map((f) => path.join(S3_RULES, f)),
}));
let template: Json;
let controlTower: string[] = [];
beforeAll(() => {
  // The violations are expected: aws-cdk-lib prints the validation report on the console.
  ({ result: controlTower } = printedOnConsole(() => {
    let assembly: cxapi.CloudAssembly;
    try {
      assembly = app.synth();
    } catch {
      assembly = new cxapi.CloudAssembly(app.outdir);
    }
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'validation-report.json'), 'utf8'));
    return (report.pluginReports as Json[]).flatMap((p) => (p.violations as Json[]).flatMap((v) =>
      (v.violatingConstructs as Json[]).map((c) => `${v.ruleName}@${c.constructPath}`)));
  }));
  template = JSON.parse(fs.readFileSync(path.join(app.outdir, 'Probed.template.json'), 'utf8'));
});
const resources = (type: string): Array<[string, Json]> => Object.entries<Json>(template.Resources).filter(([, r]) => r.Type === type);

test('the canary: the plan\'s name and script, on https://<domainName>, started, its function deleted with it, artifacts encrypted with its own key', () => {
  const [[, canary]] = resources('AWS::Synthetics::Canary');
  const p = canary.Properties;
  expect(p.Name).toMatch(/^[0-9a-z_-]{1,21}$/);
  expect(p.Code).toEqual({ Handler: 'index.handler', Script: PROBE_SCRIPT });
  expect(JSON.parse(p.RunConfig.EnvironmentVariables.PROBES).targets).toEqual([{ id: 'service', url: 'https://api.example.com' }]);
  expect(p).toEqual(expect.objectContaining({
    RuntimeVersion: 'syn-nodejs-puppeteer-13.0',
    Schedule: { Expression: 'rate(1 minute)', DurationInSeconds: '0' },
    StartCanaryAfterCreation: true,
    ProvisionedResourceCleanup: 'AUTOMATIC',
  }));
  const [[keyId, key]] = resources('AWS::KMS::Key').filter(([id]) => id.includes('ProbeArtifactsKey'));
  expect(p.ArtifactConfig).toEqual({ S3Encryption: { EncryptionMode: 'SSE_KMS', KmsKeyArn: { 'Fn::GetAtt': [keyId, 'Arn'] } } });
  // The bucket is kept (S3 deletes only an empty one), and the key of what it holds with it.
  const [[bucketId, bucket]] = resources('AWS::S3::Bucket').filter(([id]) => id.includes('ProbeArtifactsBucket'));
  expect([bucket.DeletionPolicy, key.DeletionPolicy]).toEqual(['Retain', 'Retain']);
  expect(p.ArtifactS3Location).toEqual({ 'Fn::Join': ['', ['s3://', { Ref: bucketId }]] });
  expect(bucket.Properties.LifecycleConfiguration.Rules.map((r: Json) => [r.Id, r.ExpirationInDays ?? r.NoncurrentVersionExpiration.NoncurrentDays]))
    .toEqual([['ExpireArtifacts', 31], ['ExpireOldVersions', 7]]);
  // Its alarm goes into the service-health alarm.
  const health = resources('AWS::CloudWatch::CompositeAlarm').find(([id]) => id.includes('ServiceHealth'))![1];
  expect(JSON.stringify(health.Properties.AlarmRule)).toContain('ProbeSuccess');
});

test('cdk-nag: without its acknowledgements the canary\'s role and bucket fail exactly the rules acknowledged, each with its own reason', () => {
  // One entry per violating resource, so an acknowledgement made twice must be needed twice.
  const found = probeParts.flatMap((part) => new AwsSolutionsChecks().validateScope(part).violations
    .flatMap((v) => v.violatingResources.map(() => `AwsSolutions::${v.ruleName}`))).sort();
  const nag = Object.keys(acknowledged).filter((id) => id.startsWith('AwsSolutions::')).sort();
  expect(found).toEqual(nag);
  expect(nag).toEqual([
    'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    'AwsSolutions::AwsSolutions-IAM5[Resource::<ApiProbeArtifactsBucketE024E894.Arn>/*]',
    `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:/aws/lambda/cwsyn-${service.canary!.name!}-*]`,
    'AwsSolutions::AwsSolutions-S1',
  ]);
  for (const reason of Object.values(acknowledged)) expect(reason.length).toBeGreaterThan(60);
});

test('Control Tower: without its acknowledgements the bucket fails CT.S3.PR.2 and CT.S3.PR.9, the access-log bucket beside it does not', () => {
  expect(controlTower.filter((v) => v.includes('Probe')).sort()).toEqual([
    's3_bucket_logging_enabled_check@Probed/Api/ProbeArtifactsBucket/Resource',
    's3_bucket_object_lock_enabled_check@Probed/Api/ProbeArtifactsBucket/Resource',
  ]);
  expect(controlTower.filter((v) => v.includes('AccessLogsBucket'))).toEqual([]);
  expect(Object.keys(acknowledged).filter((id) => id.startsWith('cdk-validator-cfnguard::')).sort())
    .toEqual(['cdk-validator-cfnguard::s3_bucket_logging_enabled_check', 'cdk-validator-cfnguard::s3_bucket_object_lock_enabled_check']);
});

test('Terraform: the zip beside the configuration holds the same script where a Node.js runtime looks for it, byte for byte the same at every synth', () => {
  const tfApp = testTfApp();
  const tfStack = new TerraformStack(tfApp, 'Probed');
  new tf.AwsProvider(tfStack, 'aws', { region: ENV.region });
  const s = new tf.HighlyAvailableService(tfStack, 'Api', { availabilityZones: ['eu-west-1a', 'eu-west-1b'], database: false, probes: true });
  tfApp.synth();
  const dir = path.join(tfApp.outdir, 'stacks', 'Probed');
  const config = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
  const canary = Object.values<Json>(config.resource.aws_synthetics_canary)[0];
  expect(canary.zip_file).toBe(`\${path.module}/${s.canaryName}-${path.basename(canary.zip_file).split('-').pop()}`);
  const zip = fs.readFileSync(path.join(dir, canary.zip_file.replace('${path.module}/', '')));
  expect(zip.equals(PROBE_ZIP.bytes())).toBe(true);
  // Python's zipfile (an independent reader) finds the one entry, its CRC right, and the script in it.
  const listed = execFileSync('python3', ['-c', [
    'import sys, zipfile, json',
    'z = zipfile.ZipFile(sys.argv[1])',
    'assert z.testzip() is None',
    'print(json.dumps([[i.filename, list(i.date_time), z.read(i).decode()] for i in z.infolist()]))',
  ].join('\n'), path.join(dir, canary.zip_file.replace('${path.module}/', ''))], { encoding: 'utf8' });
  expect(JSON.parse(listed)).toEqual([['nodejs/node_modules/index.js', [1980, 1, 1, 0, 0, 0], PROBE_SCRIPT]]);
  expect([canary.start_canary, canary.delete_lambda]).toEqual([true, true]);
});

test('the zip writer: CRC-32 of the standard check string, and the same bytes for the same files', () => {
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  const files = [{ name: 'a/b.js', content: 'x' }, { name: 'c.txt', content: 'é' }];
  expect(storedZip(files).equals(storedZip(files))).toBe(true);
  expect(storedZip(files).equals(storedZip([files[1], files[0]]))).toBe(false);
});
