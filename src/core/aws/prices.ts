/**
 * Published On-Demand list prices the report's bill of materials uses, each with where it was read
 * and when. All are US East (N. Virginia) prices in USD; other Regions differ (the report says so).
 * A price nobody here has read from a dated source is absent: its line stays unpriced.
 */

/** One published price. */
export interface Price {
  /** USD per unit. */
  readonly usd: number;
  /** What the unit is, e.g. `instance-hour`, `GB-month`, `key-month`. */
  readonly unit: string;
  /** The page that publishes it. */
  readonly source: string;
  /** How and when it was read (a dated quotation when the page itself could not be read here). */
  readonly asOf: string;
}

/** The Region whose list prices these are. */
export const PRICE_REGION = { code: 'us-east-1', name: 'US East (N. Virginia)' } as const;

/** Hours in a month, as AWS's pricing pages and calculator count them. */
export const HOURS_PER_MONTH = 730;

const EC2 = 'https://aws.amazon.com/ec2/pricing/on-demand/ (Linux, shared tenancy)';
const VPC = 'https://aws.amazon.com/vpc/pricing/';
const ELB = 'https://aws.amazon.com/elasticloadbalancing/pricing/';
const AURORA = 'https://aws.amazon.com/rds/aurora/pricing/';
const WAF = 'https://aws.amazon.com/waf/pricing/';
const KMS = 'https://aws.amazon.com/kms/pricing/';
const CLOUDWATCH = 'https://aws.amazon.com/cloudwatch/pricing/';
const EBS = 'https://aws.amazon.com/ebs/pricing/';
const RDS = 'https://aws.amazon.com/rds/pricing/';
const FIS = 'https://aws.amazon.com/fis/pricing/';

/** EC2 On-Demand instance-hours by instance type. */
export const INSTANCE_HOUR_PRICES: Readonly<Record<string, Price>> = {
  'c7i.large': { usd: 0.08925, unit: 'instance-hour', source: EC2, asOf: 'AWS Price List API (AmazonEC2 offer) as quoted 2026-10-05' },
  'm7g.large': { usd: 0.0816, unit: 'instance-hour', source: EC2, asOf: 'June 2026 (a dated guide quoting the page)' },
};

/** Aurora (MySQL- and PostgreSQL-compatible, Aurora Standard) On-Demand instance-hours by DB instance class. */
export const AURORA_INSTANCE_HOUR_PRICES: Readonly<Record<string, Price>> = {
  'db.r7g.large': { usd: 0.276, unit: 'instance-hour', source: AURORA, asOf: 'Aurora Standard, as quoted February 2024 and in 2025 price tables' },
};

/** Every other price the bill uses, by what it prices. */
export const PRICES = {
  natGatewayHour: { usd: 0.045, unit: 'gateway-hour', source: VPC, asOf: 'February 2026' },
  natGatewayGb: { usd: 0.045, unit: 'GB processed', source: VPC, asOf: 'February 2026' },
  publicIpv4Hour: { usd: 0.005, unit: 'address-hour', source: VPC, asOf: 'February 2026' },
  loadBalancerHour: { usd: 0.0225, unit: 'load-balancer-hour', source: ELB, asOf: 'May 2026' },
  lcuHour: { usd: 0.008, unit: 'LCU-hour', source: ELB, asOf: 'November 2025' },
  auroraStorageGbMonth: { usd: 0.10, unit: 'GB-month', source: AURORA, asOf: 'Aurora Standard, March 2026' },
  auroraIoMillion: { usd: 0.20, unit: 'million I/O requests', source: AURORA, asOf: 'Aurora Standard, March 2026' },
  webAclMonth: { usd: 5, unit: 'web-ACL-month', source: WAF, asOf: '2026 (the same in every Region)' },
  webAclRuleMonth: { usd: 1, unit: 'rule-month', source: WAF, asOf: '2026 (a managed rule group counts as one rule)' },
  webAclRequestsMillion: { usd: 0.60, unit: 'million requests', source: WAF, asOf: '2026' },
  kmsKeyMonth: { usd: 1, unit: 'key-month', source: KMS, asOf: 'March 2026 (each of the first two rotations adds $1 a month)' },
  alarmMonth: { usd: 0.10, unit: 'alarm-month', source: CLOUDWATCH, asOf: 'standard resolution, 2026 (the first 10 alarms of an account are free)' },
  compositeAlarmMonth: { usd: 0.50, unit: 'alarm-month', source: CLOUDWATCH, asOf: '2026' },
  dashboardMonth: { usd: 3, unit: 'dashboard-month', source: CLOUDWATCH, asOf: '2026 (the first 3 dashboards of an account are free)' },
  ebsGp3GbMonth: { usd: 0.08, unit: 'GB-month', source: EBS, asOf: 'as quoted in a guide dated 2026-02-24, which names no Region' },
  rdsGp3GbMonth: {
    usd: 0.115,
    unit: 'GB-month',
    source: RDS,
    asOf: 'Single-AZ gp3, US East (N. Virginia), June 2026 (a dated guide quoting the page); a Multi-AZ DB instance pays it for the primary and the standby (RDS User Guide, Multi-AZ DB instances)',
  },
  fisActionMinute: { usd: 0.10, unit: 'action-minute', source: FIS, asOf: 'the page as stored here, undated: every Region but AWS GovCloud (US)' },
  canaryRun: { usd: 0.0012, unit: 'canary run', source: CLOUDWATCH, asOf: 'as quoted 2023-11-11 (most US Regions)' },
} as const satisfies Record<string, Price>;
