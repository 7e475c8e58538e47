import { CapacityPlan } from '../../../src/core/capacity/demand';
import { DatabaseEngine, ServiceEnvironment, ServiceOptions } from '../../../src/core/options/options';
import { instancesPerAz } from '../../../src/core/report/diagram';
import { renderReportMarkdown } from '../../../src/core/report/report';
import { plainPlan } from '../plain';

const diagram = (o: ServiceOptions = {}, env: Partial<ServiceEnvironment> = {}) => plainPlan(o, env).diagram;

describe('the deployment diagram (Mermaid)', () => {
  test('default: the load balancer, and in each AZ its subnets, NAT gateway, instances and database role', () => {
    const d = diagram();
    expect(d.startsWith('flowchart TB\n')).toBe(true);
    expect(d).toContain('alb["Application Load Balancer<br/>internet-facing, HTTP, in every AZ"]');
    expect(d.match(/subgraph az\d \["AZ \d: eu-west-1[abc]"\]/g)).toHaveLength(3);
    expect(d.match(/NAT gateway/g)).toHaveLength(3);
    expect(d.match(/1 instance at minimum/g)).toHaveLength(3);
    expect(d).toContain('az1db[("isolated subnet<br/>Aurora writer")]');
    expect(d).toContain('az2db[("isolated subnet<br/>1 reader")]');
    // Every AZ's instances write through the writer.
    expect(d.match(/az\dapp --> az1db/g)).toHaveLength(3);
  });

  test('a planned fleet, HTTPS, 3 readers: instances per AZ and readers round the other AZs', () => {
    const d = diagram({
      certificate: true,
      databaseReaders: 3,
      capacity: CapacityPlan.fromDemand({ peakRequestsPerSecond: 1200, requestsPerSecondPerInstance: 100 }),
    });
    expect(d).toContain('HTTPS (80 redirects)');
    expect(d.match(/9 instances at minimum/g)).toHaveLength(3);
    expect(d).toContain('az1db[("isolated subnet<br/>Aurora writer, 1 reader")]');
  });

  test('a Multi-AZ instance, and a stateless internal service in a given VPC without NAT per AZ', () => {
    expect(diagram({ databaseEngine: DatabaseEngine.MYSQL_MULTI_AZ_INSTANCE })).toContain('db[("Multi-AZ DB instance<br/>primary + synchronous standby');
    const d = diagram({ database: false, internetFacing: false }, {
      vpc: { availabilityZones: ['${Token[1]}', '${Token[2]}'], publicSubnets: false, privateSubnets: true, isolatedSubnets: false },
    });
    expect(d).toContain('clients(["Clients in the VPC"])');
    expect(d).toContain('subgraph az2 ["AZ 2"]');
    expect(d).not.toContain('NAT gateway');
    expect(d).not.toContain('db');
  });

  test('an uneven fleet puts the remainder in the first AZs', () => {
    expect(instancesPerAz(4, 3)).toEqual([2, 1, 1]);
    expect(instancesPerAz(6, 3)).toEqual([2, 2, 2]);
    expect(diagram({ minCapacity: 4 })).toContain('az1app["private subnet<br/>2 instances at minimum"]');
  });

  test('the report\'s Markdown carries it in a mermaid block', () => {
    const plan = plainPlan();
    const md = renderReportMarkdown('Shop/Api', plan.report, plan.diagram);
    expect(md).toContain(`## Deployment\n\n\`\`\`mermaid\n${plan.diagram}\`\`\`\n`);
  });
});
