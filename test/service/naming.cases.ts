import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { HighlyAvailableService } from '../../src';
import { NAME_PREFIX_MAX_LENGTH, serviceNamePrefix, shortName } from '../../src/core/base/naming';
import { AZ_CONTEXT, ENV, STRICT_VALIDATION, testApp } from '../util';

const alarmNames = (t: Template) => [
  ...Object.values(t.findResources('AWS::CloudWatch::Alarm')),
  ...Object.values(t.findResources('AWS::CloudWatch::CompositeAlarm')),
].map((a: any) => a.Properties.AlarmName as string);

describe('service name prefix (plain data)', () => {
  test('readable: the stack, the path, then a hash of both', () => {
    expect(serviceNamePrefix('Shop', ['Api'])).toMatch(/^Shop-Api-[0-9a-f]{8}$/);
    expect(serviceNamePrefix('Shop', ['Team A', 'Api'])).toMatch(/^Shop-TeamA-Api-[0-9a-f]{8}$/);
  });

  test('stable, and different for paths that read alike', () => {
    expect(serviceNamePrefix('Shop', ['A', 'Web'])).toBe(serviceNamePrefix('Shop', ['A', 'Web']));
    expect(serviceNamePrefix('Shop', ['A', 'Web'])).not.toBe(serviceNamePrefix('Shop', ['A-Web']));
    expect(serviceNamePrefix('Shop', ['A', 'Web'])).not.toBe(serviceNamePrefix('Shop2', ['A', 'Web']));
  });

  test('long paths are cut to the limit, keeping the hash and CloudWatch\'s characters', () => {
    const prefix = serviceNamePrefix('S'.repeat(128), ['x'.repeat(200), 'y/z?'.repeat(50)]);
    expect(prefix.length).toBeLessThanOrEqual(NAME_PREFIX_MAX_LENGTH);
    expect(prefix).toMatch(/^[A-Za-z0-9-]+-[0-9a-f]{8}$/);
  });
});

describe('names in a synthesized app', () => {
  // Two services with the same id under different parents in one stack.
  const app = testApp({ context: { ...AZ_CONTEXT, ...STRICT_VALIDATION } });
  const stack = new Stack(app, 'Shop', { env: ENV });
  const a = new HighlyAvailableService(new Construct(stack, 'TeamA'), 'Api', { database: false });
  const b = new HighlyAvailableService(new Construct(stack, 'TeamB'), 'Api', { database: false });
  // The CloudFormation validate rules run on this synthesis and reject duplicate names.
  const template = Template.fromStack(stack);

  test('no alarm name repeats, and each service\'s alarms carry its own prefix', () => {
    const names = alarmNames(template);
    expect(new Set(names).size).toBe(names.length);
    // Its alarms, its composites (one per AZ) and ServiceHealth.
    expect(names.filter((n) => n.startsWith('Shop-TeamA-Api-'))).toHaveLength(a.alarms.length + Object.keys(a.compositeAlarmsById).length + 1);
    expect(names.filter((n) => n.startsWith('Shop-TeamB-Api-'))).toHaveLength(b.alarms.length + Object.keys(b.compositeAlarmsById).length + 1);
    expect(Object.keys(a.compositeAlarmsById)).toEqual(['ImpairedAz1', 'ImpairedAz2', 'ImpairedAz3']);
    for (const n of names) expect(n.length).toBeLessThanOrEqual(255);
  });

  test('each rollout watches its own alarm resources only', () => {
    for (const service of [a, b]) {
      const group = stack.resolve((service.autoScalingGroup.node.defaultChild as any).logicalId);
      const asg = template.toJSON().Resources[group];
      const watched = asg.UpdatePolicy.AutoScalingInstanceRefresh.Preferences.AlarmSpecification.Alarms.map((r: any) => r.Ref);
      const own = service.alarms.map((alarm) => stack.resolve((alarm.node.defaultChild as any).logicalId));
      expect(watched).toHaveLength(4);
      for (const id of watched) expect(own).toContain(id);
    }
  });

  test('the report\'s file name stays within a file system\'s 255 bytes however long the id, and synthesis says where it is', () => {
    const long = testApp({ context: AZ_CONTEXT });
    const s = new Stack(long, 'Shop', { env: ENV });
    const service = new HighlyAvailableService(new Construct(s, 'T'.repeat(300)), 'A'.repeat(300), { database: false });
    const assembly = long.synth();
    const reports = fs.readdirSync(assembly.directory).filter((f) => f.includes('.resilience.'));
    expect(reports).toHaveLength(2);
    for (const f of reports) expect(f).toMatch(/^Shop-T+-[0-9a-f]{8}\.resilience\.(json|md)$/);
    for (const f of reports) expect(Buffer.byteLength(f)).toBeLessThanOrEqual(255);
    const info = assembly.getStackByName('Shop').messages.filter((m) => m.level === 'info').map((m) => m.entry.data);
    const md = reports.find((f) => f.endsWith('.md'))!;
    expect(info).toEqual([`Resilience report and deployment diagram: ${path.relative(process.cwd(), path.join(assembly.directory, md))} (and ${md.replace(/\.md$/, '.json')} beside it)`]);
    expect(service.node.path.length).toBeGreaterThan(600);
  });

  test('a 300-character id deploys: the parts aws-cdk-lib names after their path get a short Name tag instead', () => {
    const long = testApp({ context: { ...AZ_CONTEXT, ...STRICT_VALIDATION } });
    const s = new Stack(long, 'Shop', { env: ENV });
    new HighlyAvailableService(s, 'A'.repeat(300));
    // The CloudFormation validate rules run on this synthesis: a tag value over 256 characters fails it.
    const resources = Object.values<any>(Template.fromStack(s).toJSON().Resources);
    const tags = resources.flatMap((r) => [
      ...(Array.isArray(r.Properties?.Tags) ? r.Properties.Tags : []),
      ...(r.Properties?.LaunchTemplateData?.TagSpecifications ?? []).flatMap((t: any) => t.Tags),
    ]);
    const names = tags.filter((t: any) => t.Key === 'Name').map((t: any) => t.Value as string);
    expect(names.length).toBeGreaterThan(10);
    expect(Math.max(...names.map((n) => n.length))).toBeLessThanOrEqual(256);
    expect(names).toContain(`${shortName(serviceNamePrefix('Shop', ['A'.repeat(300)]), 100)}/Vpc`);
  });

  test('the same stack name in two regions gives two dashboards', () => {
    const dashboardIn = (region: string) => {
      const other = testApp({ context: { [`availability-zones:account=${ENV.account}:region=${region}`]: [`${region}a`, `${region}b`, `${region}c`] } });
      const s = new Stack(other, 'Shop', { env: { account: ENV.account, region } });
      new HighlyAvailableService(s, 'Api', { database: false });
      return (Object.values(Template.fromStack(s).findResources('AWS::CloudWatch::Dashboard'))[0] as any).Properties.DashboardName as string;
    };
    const [west, east] = [dashboardIn('eu-west-1'), dashboardIn('us-east-1')];
    expect(west).not.toBe(east);
    expect(west).toMatch(/^Shop-Api-[0-9a-f]{8}-eu-west-1$/);
    expect(west).toMatch(/^[A-Za-z0-9_-]{1,255}$/);
  });
});
