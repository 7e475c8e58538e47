// A complete, redundant web service in one construct. Copy this app and change the import to
// `from 'cdk-highly-available-service'`.
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HighlyAvailableService } from '../../src';

const app = new App();
// Fail synthesis on any unacknowledged AwsSolutions finding.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

// A region stack: its AZs are pinned in cdk.json, so the service spans 3 of them and an offline
// `cdk synth` needs no credentials. Deploying uses your account's own AZ list.
const stack = new Stack(app, 'HighlyAvailableServiceExample', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012',
    region: 'eu-west-1',
  },
});

new HighlyAvailableService(stack, 'Web', {
  // alarmEmails: ['oncall@example.com'],
  // domainName: 'api.example.com', hostedZone: route53.HostedZone.fromLookup(...),
});

app.synth();
