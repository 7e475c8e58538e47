import { PRICES, INSTANCE_HOUR_PRICES, AURORA_INSTANCE_HOUR_PRICES, HOURS_PER_MONTH } from '../../../src/core/aws/prices';
import { CostBasis, billOfMaterials, renderBillMarkdown } from '../../../src/core/report/cost';

const BASIS: CostBasis = {
  region: 'us-east-1',
  fleet: { instanceType: 'c7i.large', minCapacity: 3, maxCapacity: 6, rootVolumeSizeGiB: 20, warmPoolInstances: 0 },
  natGateways: 3,
  loadBalancerPublicAddresses: 3,
  reservedLcus: 0,
  database: { aurora: true, instanceClass: 'db.r7g.large', minInstances: 2, maxInstances: 2 },
  webAclRules: 4,
  kmsKeys: 3,
  alarms: 12,
  compositeAlarms: 1,
  dashboards: 1,
  logGroups: ['VPC flow logs'],
};

test('each priced line is its quantity times its published price, at the minimum and at the peak', () => {
  const bill = billOfMaterials(BASIS);
  const line = (item: string) => bill.lines.find((l) => l.item.startsWith(item))!;
  const ec2 = line('EC2 instances');
  expect(ec2.quantity).toEqual({ minimum: 3 * HOURS_PER_MONTH, peak: 6 * HOURS_PER_MONTH });
  expect(ec2.monthlyUsd).toEqual({ minimum: Math.round(3 * 730 * INSTANCE_HOUR_PRICES['c7i.large'].usd * 100) / 100, peak: Math.round(6 * 730 * INSTANCE_HOUR_PRICES['c7i.large'].usd * 100) / 100 });
  expect(line('NAT gateways').monthlyUsd).toEqual({ minimum: 98.55, peak: 98.55 });
  expect(line('Aurora instances').monthlyUsd!.minimum).toBeCloseTo(2 * 730 * AURORA_INSTANCE_HOUR_PRICES['db.r7g.large'].usd, 2);
  expect(line('WAF rules').monthlyUsd).toEqual({ minimum: 4, peak: 4 });
  expect(line('KMS keys').price).toBe(PRICES.kmsKeyMonth);
  const sum = bill.lines.filter((l) => l.monthlyUsd).reduce((s, l) => s + l.monthlyUsd!.peak, 0);
  expect(bill.pricedMonthlyUsd.peak).toBeCloseTo(sum, 1);
  expect(bill.pricedMonthlyUsd.peak).toBeGreaterThan(bill.pricedMonthlyUsd.minimum);
});

test('what depends on traffic, and what has no dated price, is listed unpriced', () => {
  const bill = billOfMaterials({ ...BASIS, fleet: { ...BASIS.fleet, instanceType: 'c6a.large' }, cache: { nodeType: 'cache.m7g.large', nodes: 3 } });
  expect(bill.unpriced).toEqual(expect.arrayContaining([
    'EC2 instances (c6a.large)', 'NAT gateway data processed', 'Aurora storage', 'ElastiCache for Valkey nodes (cache.m7g.large)', 'WAF requests inspected',
  ]));
  expect(bill.lines.find((l) => l.item === 'Aurora storage')!.price).toBe(PRICES.auroraStorageGbMonth);
});

test('a service outside the priced Region, or in an unknown one, is told its prices differ', () => {
  expect(billOfMaterials(BASIS).pricedInOwnRegion).toBe(true);
  const elsewhere = billOfMaterials({ ...BASIS, region: 'eu-west-1' });
  expect(elsewhere.pricedInOwnRegion).toBe(false);
  expect(renderBillMarkdown(elsewhere, 'eu-west-1')).toContain('The service runs in eu-west-1: its prices differ.');
});

test('no NAT gateways in the user\'s VPC, no web ACL, no database: no lines for them', () => {
  const bill = billOfMaterials({ ...BASIS, natGateways: 0, webAclRules: undefined, database: undefined });
  expect(bill.lines.map((l) => l.item).filter((i) => /NAT|WAF|Aurora/.test(i))).toEqual([]);
});

test('the Markdown names every price\'s source and the total of the priced lines', () => {
  const md = renderBillMarkdown(billOfMaterials(BASIS), 'us-east-1');
  expect(md).toContain('https://aws.amazon.com/vpc/pricing/');
  expect(md).toMatch(/Priced lines: \$[\d.]+ a month at the planned minimum, \$[\d.]+ at the peak/);
});

test('a Multi-AZ DB instance\'s storage is billed for its primary and its standby; the secret and the experiments are listed', () => {
  const bill = billOfMaterials({
    ...BASIS, database: { aurora: false, instanceClass: 'db.m7g.large', minInstances: 1, maxInstances: 1, allocatedStorageGiB: 100 }, secrets: 1, experiments: 3,
  });
  const line = (item: string) => bill.lines.find((l) => l.item.startsWith(item))!;
  expect(line('RDS Multi-AZ storage (gp3)').quantity).toEqual({ minimum: 200, peak: 200 });
  expect(line('RDS Multi-AZ storage (gp3)').monthlyUsd).toEqual({ minimum: 23, peak: 23 });
  expect(line('EBS gp3 root volumes').monthlyUsd).toEqual({ minimum: 3 * 20 * PRICES.ebsGp3GbMonth.usd, peak: 6 * 20 * PRICES.ebsGp3GbMonth.usd });
  // No dated price for the instance class or the secret: listed, not guessed.
  expect(bill.unpriced).toEqual(expect.arrayContaining(['RDS Multi-AZ DB instance (db.m7g.large)', 'Secrets Manager secrets (database credentials)', 'AWS FIS experiments (3 templates)']));
  expect(line('AWS FIS experiments').price).toBe(PRICES.fisActionMinute);
  expect(billOfMaterials(BASIS).lines.map((l) => l.item).filter((i) => /Secrets|FIS/.test(i))).toEqual([]);
});
