/**
 * What the planned deployment costs: a bill of materials computed from the plan (what runs, how
 * many, for how long), priced where prices.ts has a dated published price, listed unpriced where
 * not or where the quantity depends on traffic. The planned minimum and the peak side by side.
 */
import { HOURS_PER_MONTH, INSTANCE_HOUR_PRICES, AURORA_INSTANCE_HOUR_PRICES, PRICES, PRICE_REGION, Price } from '../aws/prices';

/** What the bill is computed from: counts the plan decided. */
export interface CostBasis {
  /** The service's Region, or undefined when it is known only at deploy time. */
  readonly region?: string;
  readonly fleet: {
    /** The instance type the group launches first (the others when it runs short of it). */
    readonly instanceType: string;
    readonly minCapacity: number;
    /** The most instances the plan may run: its maximum, or a scheduled peak's. */
    readonly maxCapacity: number;
    readonly rootVolumeSizeGiB: number;
    /** Stopped instances of a warm pool: their volumes are billed, not their hours. */
    readonly warmPoolInstances: number;
  };
  /** NAT gateways the service creates (0 in the user's VPC: those are the VPC owner's). */
  readonly natGateways: number;
  /** Public IPv4 addresses of an internet-facing load balancer: one per AZ at least (0 for an internal one). */
  readonly loadBalancerPublicAddresses: number;
  /** Load balancer capacity units reserved (0: none). */
  readonly reservedLcus: number;
  readonly database?: {
    readonly aurora: boolean;
    /** The DB instance class, e.g. db.r7g.large. */
    readonly instanceClass: string;
    /** Instances at the minimum: the writer and its readers (a Multi-AZ DB instance: 1, its standby is billed in its price). */
    readonly minInstances: number;
    readonly maxInstances: number;
    /** Provisioned storage of a Multi-AZ DB instance, GiB. */
    readonly allocatedStorageGiB?: number;
  };
  readonly cache?: { readonly nodeType: string; readonly nodes: number };
  /** Secrets Manager secrets the service keeps (the database's credentials). */
  readonly secrets?: number;
  /** AWS FIS experiment templates the service creates (billed only while one runs). */
  readonly experiments?: number;
  /** Rules of the service's web ACL (managed rule groups and its rate rule), when it creates one. */
  readonly webAclRules?: number;
  readonly kmsKeys: number;
  readonly alarms: number;
  readonly compositeAlarms: number;
  readonly dashboards: number;
  /** Runs of the outside-in canary in a month (0: no canary). */
  readonly canaryRunsPerMonth?: number;
  /** Log groups the service writes to (flow logs, web ACL, database exports, experiments), for the unpriced ingestion line. */
  readonly logGroups: string[];
}

/** Per month at the planned minimum and at the peak. */
export interface MinimumAndPeak {
  readonly minimum: number;
  readonly peak: number;
}

/** One line of the bill. */
export interface CostLine {
  /** What is billed, e.g. `EC2 instances (c7i.large)`. */
  readonly item: string;
  /** The unit of its price, e.g. `instance-hour`. */
  readonly unit: string;
  /** Units a month (undefined when they depend on traffic or data). */
  readonly quantity?: MinimumAndPeak;
  /** The published price of a unit, when known. */
  readonly price?: Price;
  /** USD a month (undefined when unpriced). */
  readonly monthlyUsd?: MinimumAndPeak;
  /** Why it is unpriced, or what the figure leaves out. */
  readonly note?: string;
}

/** The bill of materials of one service (or one Region of a multi-Region service). */
export interface BillOfMaterials {
  /** The service's Region, when known at synth. */
  readonly region?: string;
  /** The Region priced: the prices are its list prices only when it is {@link PRICE_REGION}. */
  readonly priceRegion: string;
  /** Whether the service runs in the Region the prices are for (false also when its Region is unknown at synth). */
  readonly pricedInOwnRegion: boolean;
  readonly hoursPerMonth: number;
  readonly lines: CostLine[];
  /** The sum of the priced lines: a floor, since the unpriced lines come on top. */
  readonly pricedMonthlyUsd: MinimumAndPeak;
  /** The items listed without a price. */
  readonly unpriced: string[];
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The bill of materials of a plan's counts. */
export function billOfMaterials(b: CostBasis): BillOfMaterials {
  const lines: CostLine[] = [];
  const fixed = (item: string, count: MinimumAndPeak, price: Price | undefined, unit: string, note?: string) => {
    lines.push({
      item,
      unit: price?.unit ?? unit,
      quantity: count,
      price,
      monthlyUsd: price && { minimum: round2(count.minimum * price.usd), peak: round2(count.peak * price.usd) },
      note: price ? note : (note ?? 'no dated published price in prices.ts'),
    });
  };
  const usage = (item: string, price: Price | undefined, unit: string, note: string) => lines.push({ item, unit: price?.unit ?? unit, price, note });
  const hours = (n: MinimumAndPeak): MinimumAndPeak => ({ minimum: n.minimum * HOURS_PER_MONTH, peak: n.peak * HOURS_PER_MONTH });
  const same = (n: number): MinimumAndPeak => ({ minimum: n, peak: n });

  const f = b.fleet;
  fixed(`EC2 instances (${f.instanceType})`, hours({ minimum: f.minCapacity, peak: f.maxCapacity }), INSTANCE_HOUR_PRICES[f.instanceType], 'instance-hour',
    'On-Demand; the group launches its other instance types only when it runs short of this one');
  fixed('EBS gp3 root volumes', { minimum: (f.minCapacity + f.warmPoolInstances) * f.rootVolumeSizeGiB, peak: (f.maxCapacity + f.warmPoolInstances) * f.rootVolumeSizeGiB },
    PRICES.ebsGp3GbMonth, 'GB-month', f.warmPoolInstances ? `includes the ${f.warmPoolInstances} stopped warm-pool instances' volumes` : undefined);
  if (b.natGateways > 0) {
    fixed('NAT gateways', hours(same(b.natGateways)), PRICES.natGatewayHour, 'gateway-hour');
    fixed('Public IPv4 addresses of the NAT gateways', hours(same(b.natGateways)), PRICES.publicIpv4Hour, 'address-hour');
    usage('NAT gateway data processed', PRICES.natGatewayGb, 'GB', 'depends on the traffic the instances send out');
  }
  fixed('Application Load Balancer', hours(same(1)), PRICES.loadBalancerHour, 'load-balancer-hour');
  if (b.loadBalancerPublicAddresses > 0) {
    fixed('Public IPv4 addresses of the load balancer', hours(same(b.loadBalancerPublicAddresses)), PRICES.publicIpv4Hour, 'address-hour', 'one per AZ; more while it scales out');
  }
  if (b.reservedLcus > 0) fixed('Reserved load balancer capacity units', hours(same(b.reservedLcus)), PRICES.lcuHour, 'LCU-hour', 'billed whether used or not');
  usage('Load balancer capacity units used', PRICES.lcuHour, 'LCU-hour', 'depends on connections, bytes and rule evaluations');
  const db = b.database;
  if (db) {
    const price = db.aurora ? AURORA_INSTANCE_HOUR_PRICES[db.instanceClass] : undefined;
    fixed(db.aurora ? `Aurora instances (${db.instanceClass})` : `RDS Multi-AZ DB instance (${db.instanceClass})`, hours({ minimum: db.minInstances, peak: db.maxInstances }), price, 'instance-hour',
      db.aurora ? 'the writer and its readers; reader auto scaling adds readers up to the peak' : undefined);
    if (db.aurora) {
      usage('Aurora storage', PRICES.auroraStorageGbMonth, 'GB-month', 'grows with the data');
      usage('Aurora I/O', PRICES.auroraIoMillion, 'million requests', 'depends on the workload');
    } else {
      // Billed for the primary's volume and the standby's.
      fixed('RDS Multi-AZ storage (gp3)', same(2 * (db.allocatedStorageGiB ?? 0)), PRICES.rdsGp3GbMonth, 'GB-month',
        'the primary\'s and the standby\'s volumes; storage auto scaling grows them with the data');
    }
    usage('Backup storage beyond the database size', undefined, 'GB-month', 'depends on the data changed within the retention period');
  }
  if (b.secrets) fixed('Secrets Manager secrets (database credentials)', same(b.secrets), undefined, 'secret-month');
  if (b.cache) fixed(`ElastiCache for Valkey nodes (${b.cache.nodeType})`, hours(same(b.cache.nodes)), undefined, 'node-hour');
  if (b.webAclRules !== undefined) {
    fixed('WAF web ACL', same(1), PRICES.webAclMonth, 'web-ACL-month');
    fixed('WAF rules', same(b.webAclRules), PRICES.webAclRuleMonth, 'rule-month');
    usage('WAF requests inspected', PRICES.webAclRequestsMillion, 'million requests', 'every request the load balancer receives');
  }
  if (b.kmsKeys > 0) fixed('KMS keys', same(b.kmsKeys), PRICES.kmsKeyMonth, 'key-month', 'each of the first two yearly rotations adds $1 a month per key');
  if (b.alarms > 0) fixed('CloudWatch alarms', same(b.alarms), PRICES.alarmMonth, 'alarm-month');
  if (b.compositeAlarms > 0) fixed('CloudWatch composite alarms', same(b.compositeAlarms), PRICES.compositeAlarmMonth, 'alarm-month');
  if (b.dashboards > 0) fixed('CloudWatch dashboard', same(b.dashboards), PRICES.dashboardMonth, 'dashboard-month');
  if (b.canaryRunsPerMonth) {
    fixed('CloudWatch Synthetics canary runs (one a minute)', same(b.canaryRunsPerMonth), PRICES.canaryRun, 'canary run',
      'the canary\'s own Lambda invocations, log ingestion and artifact storage are billed on top');
  }
  if (b.experiments) {
    usage(`AWS FIS experiments (${b.experiments} templates)`, PRICES.fisActionMinute, 'action-minute', 'billed only while an experiment runs: each of its actions, for as long as it runs');
  }
  if (b.logGroups.length) usage(`CloudWatch Logs ingestion and storage (${b.logGroups.join(', ')})`, undefined, 'GB', 'depends on the traffic logged');

  const priced = lines.filter((l) => l.monthlyUsd);
  const sum = (k: keyof MinimumAndPeak) => round2(priced.reduce((s, l) => s + l.monthlyUsd![k], 0));
  return {
    region: b.region,
    priceRegion: PRICE_REGION.code,
    pricedInOwnRegion: b.region === PRICE_REGION.code,
    hoursPerMonth: HOURS_PER_MONTH,
    lines,
    pricedMonthlyUsd: { minimum: sum('minimum'), peak: sum('peak') },
    unpriced: lines.filter((l) => !l.monthlyUsd).map((l) => l.item),
  };
}

/** The bill as a Markdown table with its total and the sources of its prices. */
export function renderBillMarkdown(bill: BillOfMaterials, region?: string): string {
  const usd = (n: number) => `$${n.toFixed(2)}`;
  const rows = bill.lines.map((l) => {
    const qty = l.quantity ? (l.quantity.minimum === l.quantity.peak ? `${l.quantity.minimum}` : `${l.quantity.minimum} – ${l.quantity.peak}`) : 'with use';
    const price = l.price ? `$${l.price.usd}` : 'unpriced';
    const month = l.monthlyUsd ? (l.monthlyUsd.minimum === l.monthlyUsd.peak ? usd(l.monthlyUsd.minimum) : `${usd(l.monthlyUsd.minimum)} – ${usd(l.monthlyUsd.peak)}`) : '–';
    return `| ${l.item} | ${qty} | ${l.unit} | ${price} | ${month} |${l.note ? ` ${l.note}` : ''} |`;
  });
  const read = new Map<string, Set<string>>();
  for (const l of bill.lines) if (l.price) read.set(l.price.source, (read.get(l.price.source) ?? new Set()).add(l.price.asOf));
  const sources = [...read].map(([source, asOf]) => `${source} (${[...asOf].join('; ')})`);
  const where = bill.pricedInOwnRegion ? '' : ` The service runs in ${region ?? 'a Region known at deploy time'}: its prices differ.`;
  return [
    `Priced at ${PRICE_REGION.name} (${bill.priceRegion}) On-Demand list prices, ${bill.hoursPerMonth} hours a month.${where}`,
    '',
    '| Item | A month (minimum – peak) | Unit | Price | USD a month (minimum – peak) | Note |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
    `Priced lines: ${usd(bill.pricedMonthlyUsd.minimum)} a month at the planned minimum, ${usd(bill.pricedMonthlyUsd.peak)} at the peak, before the unpriced lines (${bill.unpriced.join('; ')}).`,
    '',
    `Sources: ${sources.join('; ')}.`,
  ].join('\n');
}
