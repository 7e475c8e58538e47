import * as fs from 'fs';
import * as path from 'path';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { ELB_LOG_DELIVERY_ACCOUNTS } from '../../src/core/elb-accounts';

// The core is shared by the CloudFormation and (later) the Terraform renderer: it may import
// neither, nor anything outside itself.
test('src/core imports nothing but itself', () => {
  const dir = path.join(__dirname, '..', '..', 'src', 'core');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    for (const spec of imports) expect({ file, spec, local: spec.startsWith('./') }).toEqual({ file, spec, local: true });
  }
});

// The Terraform flavor runs in cdktf apps that have no aws-cdk-lib (an optional peer), and the
// CloudFormation flavor in CDK apps without cdktf: neither may load the other's framework.
test.each([
  ['src/tf', 'aws-cdk-lib'],
  ['src/service', 'cdktf'],
  ['src/rules', 'cdktf'],
])('%s loads nothing of %s', (folder, framework) => {
  const root = path.join(__dirname, '..', '..', folder);
  const files = fs.readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const source = fs.readFileSync(path.join(root, file), 'utf8');
    // Type-only imports vanish from the JavaScript; only value imports load a module.
    const loaded = [...source.matchAll(/^import (?!type )[^;]*? from '([^']+)'/gm)].map((m) => m[1]);
    expect({ file, loads: loaded.filter((spec) => spec === framework || spec.startsWith(`${framework}/`)) }).toEqual({ file, loads: [] });
  }
});

test('the load balancer log-delivery accounts the core knows are aws-cdk-lib\'s region facts', () => {
  const known = Object.fromEntries(RegionInfo.regions.filter((r) => r.elbv2Account).map((r) => [r.name, r.elbv2Account]));
  expect(ELB_LOG_DELIVERY_ACCOUNTS).toEqual(known);
});
