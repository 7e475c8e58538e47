import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as cdk from 'aws-cdk-lib';
import { terraformScript } from './tf/user-data';
import { ENVIRONMENT_FILE } from '../src/core/tiers/user-data';

// The README's walk-through apps, synthesized as users run them: each brings its own user data and
// must find the database, its secret and the cache in the environment file, written before its own
// commands. The snippets are extracted into test/readme/ by the test task (scripts/readme-snippets.js).
const snippetDir = path.join(__dirname, 'readme');
const snippets = fs.existsSync(snippetDir) ? fs.readdirSync(snippetDir).filter((f) => f.endsWith('.ts')).sort() : [];
const snippet = (marker: string) => {
  const file = snippets.find((f) => fs.readFileSync(path.join(snippetDir, f), 'utf8').includes(marker));
  if (!file) throw new Error(`no README snippet contains ${marker}: run scripts/readme-snippets.js`);
  return path.join(snippetDir, file);
};
const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const context = JSON.parse(/```json cdk\.json\n([\s\S]*?)```/.exec(readme)![1]).context;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'has-contract-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Runs a snippet with the README's context, its output in a folder of its own. */
function run(file: string): { app?: unknown; out: string } {
  const out = fs.mkdtempSync(path.join(work, 'app-'));
  process.env.CDK_OUTDIR = path.join(out, 'cdk.out');
  process.env.CDK_CONTEXT_JSON = JSON.stringify(context);
  process.env.CDKTF_OUTDIR = path.join(out, 'cdktf.out');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return { app: require(file).app, out };
  } finally {
    delete process.env.CDK_OUTDIR;
    delete process.env.CDK_CONTEXT_JSON;
    delete process.env.CDKTF_OUTDIR;
  }
}

/** The KEY=value lines of the environment file the script writes, and where in the script the file ends. */
function contractIn(script: string): { values: Record<string, string>; end: number } {
  const start = script.indexOf(`cat > ${ENVIRONMENT_FILE} <<'ENV'\n`);
  expect(start).toBeGreaterThan(0);
  const body = script.slice(script.indexOf('\n', start) + 1);
  const lines = body.slice(0, body.indexOf('\nENV\n')).split('\n');
  return { values: Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)])), end: start + body.indexOf('\nENV\n') };
}

/** A CloudFormation value as text: literals as they are, references as {Ref:X} or {X.Attr}. */
function cfnText(value: any): string {
  if (typeof value === 'string') return value;
  if (value['Fn::Join']) return value['Fn::Join'][1].map(cfnText).join(value['Fn::Join'][0]);
  if (value.Ref) return `{Ref:${value.Ref}}`;
  if (value['Fn::GetAtt']) return `{${value['Fn::GetAtt'].join('.')}}`;
  if (value['Fn::Base64']) return cfnText(value['Fn::Base64']);
  return JSON.stringify(value);
}

describe('the CloudFormation walk-through: an S3 asset started as a systemd unit', () => {
  const { app } = run(snippet("new s3assets.Asset(stack, 'Bundle'"));
  const assembly = (app as cdk.App).synth();
  const template = assembly.getStackByName('Shop').template;
  const resources = Object.entries<any>(template.Resources);
  const [, launchTemplate] = resources.find(([, r]) => r.Type === 'AWS::EC2::LaunchTemplate')!;
  const script = cfnText(launchTemplate.Properties.LaunchTemplateData.UserData);
  const { values, end } = contractIn(script);
  const idOf = (type: string) => resources.filter(([, r]) => r.Type === type).map(([id]) => id);

  test('the instances find the database writer and readers, its secret and the cache in the file', () => {
    const [cluster] = idOf('AWS::RDS::DBCluster');
    const [cache] = idOf('AWS::ElastiCache::ReplicationGroup');
    expect(values).toEqual(expect.objectContaining({
      SERVICE_PORT: '8080',
      SERVICE_HEALTH_PATH: '/health',
      SERVICE_REGION: 'eu-west-1',
      DATABASE_HOST: `{${cluster}.Endpoint.Address}`,
      DATABASE_READER_HOST: `{${cluster}.ReadEndpoint.Address}`,
      DATABASE_PORT: '5433',
      DATABASE_NAME: 'app',
      DATABASE_AUTH: 'secret',
      // The master user secret RDS manages for the cluster.
      DATABASE_SECRET_ARN: `{${cluster}.MasterUserSecret.SecretArn}`,
      CACHE_HOST: `{${cache}.PrimaryEndPoint.Address}`,
      CACHE_PORT: '6380',
    }));
  });

  test('the file is written before the application\'s own commands, which read it', () => {
    expect(script.startsWith('#!/bin/bash\n')).toBe(true);
    expect(end).toBeLessThan(script.indexOf('python3 -m zipfile'));
    expect(script.indexOf(`EnvironmentFile=${ENVIRONMENT_FILE}`)).toBeGreaterThan(end);
  });

  test('the same keys are stack outputs, under the service\'s Contract scope', () => {
    const outputs = Object.entries<any>(template.Outputs);
    const output = (name: string) => outputs.find(([id]) => id.startsWith(`ApiContract${name}`))?.[1];
    expect(cfnText(output('DatabaseHost').Value)).toBe(values.DATABASE_HOST);
    expect(cfnText(output('DatabaseSecretArn').Value)).toBe(values.DATABASE_SECRET_ARN);
    expect(cfnText(output('CacheHost').Value)).toBe(values.CACHE_HOST);
    expect(output('DatabaseHost').Description).toContain(`DATABASE_HOST in ${ENVIRONMENT_FILE}`);
  });

  test('the instance role may read the secret', () => {
    const statements = resources.filter(([, r]) => r.Type === 'AWS::IAM::Policy').flatMap(([, r]) => r.Properties.PolicyDocument.Statement);
    expect(statements.some((s: any) => [s.Action].flat().includes('secretsmanager:GetSecretValue') && cfnText(s.Resource) === values.DATABASE_SECRET_ARN)).toBe(true);
  });
});

describe('the Terraform walk-through: a container image run with the file as its environment', () => {
  const { out } = run(snippet('docker run -d --restart always'));
  const config = JSON.parse(fs.readFileSync(path.join(out, 'cdktf.out', 'stacks', 'shop-api', 'cdk.tf.json'), 'utf8'));
  const [launchTemplate] = Object.values<any>(config.resource.aws_launch_template);
  const script = terraformScript(launchTemplate.user_data);
  const { values, end } = contractIn(script);
  const [cluster] = Object.keys(config.resource.aws_rds_cluster);
  const [cache] = Object.keys(config.resource.aws_elasticache_replication_group);

  test('the instances find the database, its secret and the cache in the same keys', () => {
    expect(values).toEqual(expect.objectContaining({
      SERVICE_PORT: '8080',
      SERVICE_REGION: 'eu-west-1',
      DATABASE_HOST: `\${aws_rds_cluster.${cluster}.endpoint}`,
      DATABASE_READER_HOST: `\${aws_rds_cluster.${cluster}.reader_endpoint}`,
      DATABASE_PORT: '5433',
      DATABASE_AUTH: 'secret',
      DATABASE_SECRET_ARN: expect.stringContaining(`aws_rds_cluster.${cluster}.master_user_secret`),
      CACHE_HOST: `\${aws_elasticache_replication_group.${cache}.primary_endpoint_address}`,
    }));
  });

  test('the file comes before the container is started with it, and the outputs have the same names', () => {
    expect(end).toBeLessThan(script.indexOf('docker run'));
    const outputs = Object.entries<any>(config.output);
    const output = (name: string) => outputs.find(([id]) => id.startsWith(`Api_Contract_${name}_`))?.[1];
    expect(output('DatabaseHost').value).toBe(values.DATABASE_HOST);
    expect(output('CacheHost').value).toBe(values.CACHE_HOST);
  });
});
