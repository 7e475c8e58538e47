import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { DatabaseEngine, HighlyAvailableServiceProps } from '../src';
import { synthService, defaultService } from './util';

// A guard against unintended template changes; the behaviour itself is asserted tier by tier.
// Refresh on purpose with `npm run test:update`.
test('the default service template', () => {
  const { template, stack } = defaultService();
  // A zero-config service raises one warning, the deliberate noHttps, and nothing from aws-cdk-lib.
  const warnings = Annotations.fromStack(stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
  expect(warnings).toEqual([expect.stringContaining('[ack: cdk-highly-available-service:noHttps]')]);
  const json = template.toJSON();
  // The few facts that make the snapshot meaningful, asserted so a careless refresh cannot hide them.
  const types = Object.values(json.Resources).map((r: any) => r.Type);
  expect(types.filter((t) => t === 'AWS::EC2::NatGateway')).toHaveLength(3);
  expect(types.filter((t) => t === 'AWS::RDS::DBInstance')).toHaveLength(2);
  expect(types.filter((t) => t === 'AWS::CloudWatch::Alarm')).toHaveLength(24);
  expect(types.filter((t) => t === 'AWS::CloudWatch::CompositeAlarm')).toHaveLength(4);
  expect(types.filter((t) => t === 'AWS::CloudWatch::Dashboard')).toHaveLength(1);
  expect(json).toMatchSnapshot();
});

// Changing a stateful resource's logical id replaces it on the next deployment: the database, the
// log bucket and groups, the keys and the topic keep theirs. Change these on purpose only.
describe('logical ids of stateful resources are pinned', () => {
  const ids = (props?: HighlyAvailableServiceProps) => {
    const { template } = props ? synthService(props) : defaultService();
    const stateful = ['AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::SNS::Topic'];
    return Object.fromEntries(stateful.map((type) => [type, Object.keys(template.findResources(type)).sort()]));
  };

  test('default (Aurora)', () => {
    expect(ids()).toEqual({
      'AWS::RDS::DBCluster': ['WebDatabaseCluster16E2D0CA'],
      'AWS::RDS::DBInstance': ['WebDatabaseClusterReader144AB8824', 'WebDatabaseClusterWriterDA9CB3DF'],
      'AWS::S3::Bucket': ['WebAccessLogsBucket06DF4716'],
      'AWS::Logs::LogGroup': ['WebExperimentLogsA5219B27', 'WebFlowLogs5C43A9B8', 'WebRollbackReleaseLogs4098AE0E', 'WebWebAclLogs3B10775A'],
      'AWS::KMS::Key': ['WebAlarmTopicKeyE323467E', 'WebExperimentLogsKey9EE07E3F', 'WebFlowLogsKeyBCF33524', 'WebRollbackReleaseLogsKey0E9BA3E5',
        'WebWebAclLogsKeyC7D16075'],
      'AWS::SNS::Topic': ['WebAlarmTopicC5241DA0'],
    });
  });

  test('Multi-AZ DB instance', () => {
    const found = ids({ databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE });
    expect(found['AWS::RDS::DBInstance']).toEqual(['WebDatabaseInstance49B5562D']);
    expect(found['AWS::KMS::Key']).toEqual(['WebAlarmTopicKeyE323467E', 'WebDatabaseStorageKey7CFF9E63', 'WebExperimentLogsKey9EE07E3F', 'WebFlowLogsKeyBCF33524',
      'WebRollbackReleaseLogsKey0E9BA3E5', 'WebWebAclLogsKeyC7D16075']);
  });
});
