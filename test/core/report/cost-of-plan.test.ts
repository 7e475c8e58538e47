import * as fs from 'fs';
import * as path from 'path';
import { renderBillMarkdown } from '../../../src/core/report/cost';
import { renderReportMarkdown } from '../../../src/core/report/report';
import { plainPlan } from '../plain';

// The default service, planned on plain data: what the report's bill lists and prices.
const plan = plainPlan({}, { region: 'us-east-1', regionAvailabilityZones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] });
const bill = plan.report.cost!;
const line = (start: string) => bill.lines.find((l) => l.item.startsWith(start));

test('the default service\'s bill counts what the plan runs: 3 instances up to 6, 3 NAT gateways, a writer and a reader', () => {
  expect(line('EC2 instances (c7i.large)')!.quantity).toEqual({ minimum: 3 * 730, peak: 6 * 730 });
  expect(line('NAT gateways')!.quantity).toEqual({ minimum: 3 * 730, peak: 3 * 730 });
  expect(line('Aurora instances (db.r7g.large)')!.quantity).toEqual({ minimum: 2 * 730, peak: 2 * 730 });
  expect(line('WAF rules')!.quantity!.minimum).toBe(plan.webFirewall!.webAcl!.managedRuleGroups.length + 1);
  expect(line('KMS keys')!.quantity!.minimum).toBe(4); // flow logs, alarm topic, web ACL logs, experiment logs
  expect(line('CloudWatch alarms')!.quantity!.minimum).toBe(plan.monitoring.alarms.length);
  // The service-health alarm and each AZ's composite of its outlier alarms.
  expect(line('CloudWatch composite alarms')!.quantity!.minimum).toBe(plan.monitoring.composites.length + 1);
  expect(plan.monitoring.composites.length).toBe(3);
});

test('the default service is priced, and its peak costs more than its minimum', () => {
  expect(bill.pricedInOwnRegion).toBe(true);
  expect(bill.pricedMonthlyUsd.minimum).toBeGreaterThan(500);
  expect(bill.pricedMonthlyUsd.peak).toBeGreaterThan(bill.pricedMonthlyUsd.minimum);
  expect(renderReportMarkdown('Shop/Api', plan.report)).toContain('## What it costs');
});

test('a service in the user\'s VPC pays no NAT gateway of its own; an internal one no public addresses', () => {
  const own = plainPlan({ internetFacing: false }, {
    vpc: { availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'], publicSubnets: true, privateSubnets: true, isolatedSubnets: true, natGateways: 3 },
  }).report.cost!;
  expect(own.lines.map((l) => l.item).filter((i) => /NAT|Public IPv4/.test(i))).toEqual([]);
  expect(own.pricedInOwnRegion).toBe(false);
});

test('reader auto scaling raises the peak of the database line; scheduled peaks raise the fleet\'s', () => {
  const scaled = plainPlan({ databaseReaders: 1, databaseMaxReaders: 4 }).report.cost!;
  expect(scaled.lines.find((l) => l.item.startsWith('Aurora instances'))!.quantity).toEqual({ minimum: 2 * 730, peak: 5 * 730 });
});

test('the README\'s cost section is the default service\'s bill, rendered from the same figures', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
  const block = /<!-- cost:default -->\n([\s\S]*?)\n<!-- \/cost -->/.exec(readme)![1];
  // After a price or a plan changes: paste the rendered bill between the markers.
  expect(block).toBe(renderBillMarkdown(bill, 'us-east-1'));
});
