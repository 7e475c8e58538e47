import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { synthService } from './util';

// A guard against unintended template changes; the behaviour itself is asserted tier by tier.
// Refresh on purpose with `npm run test:update`.
test('the default service template', () => {
  const { template, stack } = synthService();
  // A zero-config service raises one warning, the deliberate noHttps, and nothing from aws-cdk-lib.
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
  expect(warnings).toEqual([expect.stringContaining('[ack: cdk-highly-available-service:noHttps]')]);
  const json = template.toJSON();
  // The few facts that make the snapshot meaningful, asserted so a careless refresh cannot hide them.
  const types = Object.values(json.Resources).map((r: any) => r.Type);
  expect(types.filter((t) => t === 'AWS::EC2::NatGateway')).toHaveLength(3);
  expect(types.filter((t) => t === 'AWS::RDS::DBInstance')).toHaveLength(2);
  expect(types.filter((t) => t === 'AWS::CloudWatch::Alarm')).toHaveLength(17);
  expect(types.filter((t) => t === 'AWS::CloudWatch::CompositeAlarm')).toHaveLength(1);
  expect(types.filter((t) => t === 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
  expect(json).toMatchSnapshot();
});
