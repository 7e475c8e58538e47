import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { DatabaseEngine } from '../../src';
import { defaultService, synthService } from '../util';

const templatesOf = (template: Template): Record<string, any> => Object.fromEntries(Object.values(template.findResources('AWS::FIS::ExperimentTemplate'))
  .map((r: any) => [r.Properties.Tags.Name.split('-').pop(), r.Properties]));
const refId = (ref: any): string => ref.Ref ?? ref['Fn::GetAtt']?.[0];
const statementsOf = (template: Template, rolePrefix: string): any[] => {
  const [policy] = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p: any) => p.Properties.Roles.some((r: any) => refId(r).startsWith(rolePrefix))) as any[];
  return policy.Properties.PolicyDocument.Statement;
};
const statementFor = (statements: any[], action: string) => statements.filter((s) => [s.Action].flat().includes(action));
/** The logical ids an ARN expression references (Ref or GetAtt). */
const referenced = (value: unknown): string[] => JSON.stringify(value).match(/"(Ref|Fn::GetAtt)":\s*\[?"([A-Za-z0-9]+)"/g)!
  .map((m) => m.replace(/.*"([A-Za-z0-9]+)"$/, '$1')).filter((id) => !id.startsWith('AWS'));

describe('the default service\'s experiments', () => {
  const { template, service } = defaultService();
  const experiments = templatesOf(template);

  test('four templates, each stopped by the service-health alarm, logging to an encrypted, retained log group', () => {
    expect(Object.keys(experiments).sort()).toEqual(['AzGrayFailure', 'AzImpairment', 'DatabaseFailover', 'InstanceLoss']);
    for (const e of Object.values(experiments)) {
      expect(e.StopConditions).toEqual([{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/^WebServiceHealth/), 'Arn'] } }]);
      expect(e.LogConfiguration).toEqual({ LogSchemaVersion: 2, CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [expect.stringMatching(/^WebExperimentLogs/), 'Arn'] } } });
      expect(refId(e.RoleArn)).toMatch(/^WebExperimentRole/);
      // The AZ experiment skips its failover when the writer is elsewhere; the others fail on an empty target.
      expect(e.ExperimentOptions).toEqual({ AccountTargeting: 'single-account', EmptyTargetResolutionMode: e === experiments.AzImpairment ? 'skip' : 'fail' });
    }
    const [logGroupId, logGroup] = Object.entries(template.findResources('AWS::Logs::LogGroup')).find(([id]) => id.startsWith('WebExperimentLogs'))! as [string, any];
    expect(logGroup).toEqual(expect.objectContaining({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' }));
    expect(logGroup.Properties).toEqual({ RetentionInDays: 365, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^WebExperimentLogsKey/), 'Arn'] } });
    expect(logGroupId).toBeDefined();
    expect(Object.keys(service.experiments).sort()).toEqual(['AzGrayFailure', 'AzImpairment', 'DatabaseFailover', 'InstanceLoss']);
    expect(service.experimentRole).toBeDefined();
    expect(service.experimentLogGroup).toBeDefined();
  });

  test('each template id is an output', () => {
    const outputs = template.findOutputs('*');
    for (const id of ['InstanceLoss', 'AzImpairment', 'AzGrayFailure', 'DatabaseFailover']) {
      expect(Object.entries(outputs).find(([k]) => k.startsWith(`Web${id}ExperimentId`))![1].Value).toEqual({ 'Fn::GetAtt': [expect.stringMatching(new RegExp(`^Web${id}Experiment`)), 'Id'] });
    }
  });

  test('instance loss: one running instance of this service\'s group', () => {
    const e = experiments.InstanceLoss;
    expect(e.Actions.TerminateOneInstance).toEqual(expect.objectContaining({ ActionId: 'aws:ec2:terminate-instances', Targets: { Instances: 'TerminateOneInstance' } }));
    expect(e.Targets.TerminateOneInstance).toEqual({
      ResourceType: 'aws:ec2:instance',
      ResourceTags: { 'aws:autoscaling:groupName': { Ref: expect.stringMatching(/^WebFleetASG/) } },
      Filters: [{ Path: 'State.Name', Values: ['running'] }],
      SelectionMode: 'COUNT(1)',
    });
  });

  test('AZ impairment: only this service\'s subnets in the first AZ, its group, its cluster while its writer is there; no shift without autoshift', () => {
    const t = experiments.AzImpairment.Targets;
    const subnets = referenced(t.DisruptNetwork.ResourceArns);
    expect(subnets.sort()).toEqual([
      expect.stringMatching(/^WebVpcIsolatedSubnet1Subnet/), expect.stringMatching(/^WebVpcPrivateSubnet1Subnet/), expect.stringMatching(/^WebVpcPublicSubnet1Subnet/),
    ]);
    for (const id of subnets) expect(template.toJSON().Resources[id].Properties.AvailabilityZone).toBe('eu-west-1a');
    expect(t.FailLaunches).toEqual({ ResourceType: 'aws:ec2:autoscaling-group', ResourceArns: [{ 'Fn::GetAtt': [expect.stringMatching(/^WebFleetASG/), 'AutoScalingGroupARN'] }], SelectionMode: 'ALL' });
    expect(t.ShiftAway).toBeUndefined();
    expect(t.FailOverDatabase.ResourceType).toBe('aws:rds:cluster');
    expect(referenced(t.FailOverDatabase.ResourceArns)).toEqual([expect.stringMatching(/^WebDatabaseCluster/)]);
    expect(t.FailOverDatabase.Parameters).toEqual({ writerAvailabilityZoneIdentifiers: 'eu-west-1a' });
  });

  test('database failover: this service\'s Aurora cluster', () => {
    const e = experiments.DatabaseFailover;
    expect(e.Actions.FailOverDatabase).toEqual(expect.objectContaining({ ActionId: 'aws:rds:failover-db-cluster', Targets: { Clusters: 'FailOverDatabase' } }));
    expect(referenced(e.Targets.FailOverDatabase.ResourceArns)).toEqual([expect.stringMatching(/^WebDatabaseCluster/)]);
  });

  test('the role: FIS from this account only; destructive actions limited to this service\'s resources', () => {
    const [roleId, role] = Object.entries(template.findResources('AWS::IAM::Role')).find(([id]) => id.startsWith('WebExperimentRole'))! as [string, any];
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({
      Principal: { Service: 'fis.amazonaws.com' },
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' }, ArnLike: { 'aws:SourceArn': expect.anything() } },
    })]);
    const statements = statementsOf(template, roleId);
    const [terminate] = statementFor(statements, 'ec2:TerminateInstances');
    expect(terminate.Condition).toEqual({ StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': { Ref: expect.stringMatching(/^WebFleetASG/) } } });
    const [inject] = statementFor(statements, 'ec2:InjectApiError');
    expect(inject.Condition).toEqual({
      'StringEquals': { 'ec2:FisActionId': 'aws:ec2:asg-insufficient-instance-capacity-error' },
      'ForAllValues:ArnEquals': { 'ec2:FisTargetArns': [{ 'Fn::GetAtt': [expect.stringMatching(/^WebFleetASG/), 'AutoScalingGroupARN'] }] },
    });
    const [swap] = statementFor(statements, 'ec2:ReplaceNetworkAclAssociation');
    expect(referenced(swap.Resource).sort()).toEqual(referenced(experiments.AzImpairment.Targets.DisruptNetwork.ResourceArns).sort());
    for (const action of ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl']) {
      expect(statementFor(statements, action)[0].Condition).toEqual({ StringEquals: { 'ec2:ResourceTag/managedByFIS': 'true' } });
    }
    // No autoshift, no shift: the role may start none.
    expect(statementFor(statements, 'arc-zonal-shift:StartZonalShift')).toEqual([]);
    expect(referenced(statementFor(statements, 'rds:FailoverDBCluster')[0].Resource)).toEqual([expect.stringMatching(/^WebDatabaseCluster/)]);
    // Whatever is allowed on every resource changes nothing, or is held by a condition above.
    const unconditional = statements.filter((s) => s.Resource === '*' && !s.Condition).flatMap((s) => [s.Action].flat());
    for (const action of unconditional) {
      expect(action).toMatch(/:(Describe|Get|List)[A-Za-z]*$|^logs:(CreateLogDelivery|PutResourcePolicy)$|^arc-zonal-shift:(Update|Cancel)ZonalShift$|^ssm:CancelCommand$/);
    }
  });

  test('the report holds each experiment\'s prediction, in JSON and Markdown', () => {
    const { app } = defaultService();
    const assembly = app.synth();
    const name = fs.readdirSync(assembly.directory).find((f) => f.endsWith('.resilience.md'))!;
    const markdown = fs.readFileSync(path.join(assembly.directory, name), 'utf8');
    expect(markdown).toContain('## Fault-injection experiments');
    expect(markdown).toMatch(/\| AzImpairment \| `aws:network:disrupt-connectivity`, .* \| 2 instances, 66.7 % of the minimum \| HealthyHostsAz1, UnhealthyHosts \| ServiceHealth,/);
    expect(service.resilienceReport.experiments.map((e) => e.id)).toEqual(['InstanceLoss', 'AzImpairment', 'AzGrayFailure', 'DatabaseFailover']);
  });

  test('gray failure: our own Command document, sent to the first AZ\'s running instances of this group, the role allowed that document and those instances only', () => {
    const e = experiments.AzGrayFailure;
    const [docId, doc] = Object.entries(template.findResources('AWS::SSM::Document'))[0] as [string, any];
    expect(doc.Properties).toEqual(expect.objectContaining({
      Name: expect.stringMatching(/-AppPortLatency$/), DocumentType: 'Command', DocumentFormat: 'JSON', UpdateMethod: 'NewVersion',
    }));
    expect(doc.Properties.Content.mainSteps[0].action).toBe('aws:runShellScript');
    expect(e.Actions.DelayAppPort).toEqual(expect.objectContaining({ ActionId: 'aws:ssm:send-command', Targets: { Instances: 'DelayAppPort' } }));
    expect(referenced(e.Actions.DelayAppPort.Parameters.documentArn)).toEqual([docId]);
    expect(JSON.parse(e.Actions.DelayAppPort.Parameters.documentParameters)).toEqual({ DurationSeconds: '600', DelayMilliseconds: '1250', Port: '8080' });
    expect(e.Targets.DelayAppPort).toEqual({
      ResourceType: 'aws:ec2:instance',
      ResourceTags: { 'aws:autoscaling:groupName': { Ref: expect.stringMatching(/^WebFleetASG/) } },
      Filters: [{ Path: 'State.Name', Values: ['running'] }, { Path: 'Placement.AvailabilityZone', Values: ['eu-west-1a'] }],
      SelectionMode: 'ALL',
    });
    const sends = statementFor(statementsOf(template, 'WebExperimentRole'), 'ssm:SendCommand');
    expect(sends).toHaveLength(2);
    expect(referenced(sends[0].Resource)).toEqual([docId]);
    expect(JSON.stringify(sends[1].Resource)).toContain(':instance/*');
    expect(sends[1].Condition).toEqual({ StringEquals: { 'aws:ResourceTag/aws:autoscaling:groupName': { Ref: expect.stringMatching(/^WebFleetASG/) } } });
  });
});

describe('experiments follow the service', () => {
  test('a Multi-AZ DB instance is rebooted with a failover, on its own ARN; another AZ and duration reach every action', () => {
    const { template } = synthService({
      databaseEngine: DatabaseEngine.POSTGRESQL_MULTI_AZ_INSTANCE, faultInjectionAvailabilityZone: 'eu-west-1c', faultInjectionDuration: Duration.minutes(15),
    });
    const experiments = templatesOf(template);
    expect(experiments.DatabaseFailover.Actions.FailOverDatabase).toEqual(expect.objectContaining({
      ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' }, Targets: { DBInstances: 'FailOverDatabase' },
    }));
    expect(referenced(experiments.DatabaseFailover.Targets.FailOverDatabase.ResourceArns)).toEqual([expect.stringMatching(/^WebDatabaseInstance/)]);
    const az = experiments.AzImpairment;
    expect(az.Actions.FailLaunches.Parameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1c', percentage: '100', duration: 'PT15M' });
    for (const id of referenced(az.Targets.DisruptNetwork.ResourceArns)) expect(template.toJSON().Resources[id].Properties.AvailabilityZone).toBe('eu-west-1c');
    // RDS picks the primary's AZ: the failover runs only if FIS finds the primary in the third AZ when the experiment starts.
    expect(az.Actions.FailOverDatabase).toEqual(expect.objectContaining({ ActionId: 'aws:rds:reboot-db-instances', Parameters: { forceFailover: 'true' } }));
    expect(az.Targets.FailOverDatabase.Parameters).toEqual({ availabilityZoneIdentifiers: 'eu-west-1c' });
    expect(az.ExperimentOptions.EmptyTargetResolutionMode).toBe('skip');
  });

  test('faultInjection: false creates no template, role or log group', () => {
    const { template, service } = synthService({ database: false, faultInjection: false });
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 0);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('WebExperimentRole'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::Logs::LogGroup')).filter((id) => id.startsWith('WebExperimentLogs'))).toEqual([]);
    expect(service.experiments).toEqual({});
    expect(service.experimentRole).toBeUndefined();
  });
});

describe('the AZ impairment of a service with a cache and zonal autoshift', () => {
  const { template } = synthService({ cache: true, database: false, zonalAutoshift: {} });
  const az = templatesOf(template).AzImpairment;

  test('FIS finds the replication group by its tag (it takes no ARN there) and cuts the power of the nodes in the impaired AZ', () => {
    expect(az.Targets.InterruptCacheNodes).toEqual({
      ResourceType: 'aws:elasticache:replicationgroup',
      ResourceTags: { 'cdk-highly-available-service:cache': 'test-web-51a73038' },
      Parameters: { availabilityZoneIdentifier: 'eu-west-1a' },
      SelectionMode: 'ALL',
    });
    template.hasResourceProperties('AWS::ElastiCache::ReplicationGroup', {
      ReplicationGroupId: 'test-web-51a73038', Tags: [{ Key: 'cdk-highly-available-service:cache', Value: 'test-web-51a73038' }],
    });
  });

  test('the autoshift names the load balancer and the group, which takes part through its impairment policy; the role may shift only them', () => {
    expect(az.Targets.ShiftAway.ResourceArns.map(refId).sort()).toEqual([expect.stringMatching(/^WebFleetASG/), expect.stringMatching(/^WebLoadBalancer/)]);
    expect(az.Actions.ShiftAway.Parameters).toEqual({ availabilityZoneIdentifier: 'eu-west-1a', duration: 'PT10M', zonalAutoshiftStatus: 'ANY' });
    const [roleId] = Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.startsWith('WebExperimentRole'));
    const [shift] = statementFor(statementsOf(template, roleId), 'arc-zonal-shift:StartZonalShift');
    expect(referenced(shift.Condition.StringEquals['arc-zonal-shift:ResourceIdentifier'])).toEqual([expect.stringMatching(/^WebLoadBalancer/), expect.stringMatching(/^WebFleetASG/)]);
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { AvailabilityZoneImpairmentPolicy: { ZonalShiftEnabled: true } });
  });
});
