/**
 * The architecture diagram of the report (Mermaid), drawn from the plan's tiers.
 */
import { CachePlan } from '../tiers/cache';
import { DatabasePlan } from '../tiers/database';
import { FleetPlan } from '../tiers/fleet';
import { LoadBalancingPlan } from '../tiers/load-balancing';
import { NetworkPlan } from '../tiers/network';

/** What the diagram draws, from the plan. */
export interface DiagramInputs {
  /** A label per AZ, e.g. `AZ 1 (eu-west-1a)`. */
  readonly azLabels: string[];
  readonly network: NetworkPlan;
  readonly loadBalancing: LoadBalancingPlan;
  readonly fleet: FleetPlan;
  readonly database?: DatabasePlan;
  readonly cache?: CachePlan;
}

/** Instances each AZ holds at the minimum: Auto Scaling balances, the first AZs take the remainder. */
export function instancesPerAz(minCapacity: number, azs: number): number[] {
  return Array.from({ length: azs }, (_, i) => Math.floor(minCapacity / azs) + (i < minCapacity % azs ? 1 : 0));
}

/**
 * The deployment as a Mermaid flowchart (renders in pull requests): the load balancer, and per AZ
 * its subnets with what runs there at the minimum (NAT gateway, instances, database writer or
 * readers).
 */
export function renderDiagram(d: DiagramInputs): string {
  const lb = d.loadBalancing;
  const perAz = instancesPerAz(d.fleet.minCapacity, d.azLabels.length);
  const lines = [
    'flowchart TB',
    `  clients(["${lb.internetFacing ? 'Internet' : 'Clients in the VPC'}"])`,
    `  alb["Application Load Balancer<br/>${lb.internetFacing ? 'internet-facing' : 'internal'}, ${lb.https ? 'HTTPS (80 redirects)' : 'HTTP'}, in every AZ"]`,
    '  clients --> alb',
  ];
  const natPerAz = d.network.createVpc;
  d.azLabels.forEach((label, i) => {
    const az = `az${i + 1}`;
    lines.push(`  subgraph ${az} ["${label}"]`);
    lines.push(`    ${az}pub["public subnet${natPerAz ? '<br/>NAT gateway' : ''}"]`);
    lines.push(`    ${az}app["private subnet<br/>${perAz[i]} instance${perAz[i] === 1 ? '' : 's'} at minimum"]`);
    const db = d.database;
    const roles: string[] = [];
    if (db?.aurora && db.writerAz === i) roles.push('Aurora writer');
    const readers = db?.aurora ? db.readerAzs.filter((r) => r === i).length : 0;
    if (readers) roles.push(`${readers} reader${readers === 1 ? '' : 's'}`);
    const cacheNode = d.cache?.nodeAzs.indexOf(i) ?? -1;
    if (cacheNode >= 0) roles.push(cacheNode === 0 ? 'cache primary' : 'cache replica');
    if (db || d.cache) lines.push(`    ${az}db[("isolated subnet${roles.length ? `<br/>${roles.join(', ')}` : ''}")]`);
    lines.push('  end');
    lines.push(`  alb --> ${az}app`);
    if (natPerAz) lines.push(`  ${az}app -. egress .-> ${az}pub`);
    // Every instance writes through the writer's endpoint.
    if (db) lines.push(`  ${az}app --> ${db.aurora ? `az${db.writerAz + 1}db` : 'db'}`);
  });
  if (d.database && !d.database.aurora) {
    lines.push('  db[("Multi-AZ DB instance<br/>primary + synchronous standby,<br/>in two of the isolated subnets")]');
  }
  return lines.join('\n') + '\n';
}
