// A complete, redundant web service in one construct. Copy this app and change the import to
// `from 'cdk-highly-available-service'`.
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HighlyAvailableService } from '../../src';

const app = new App();
// Fail synthesis on any unacknowledged AwsSolutions finding, and check AWS Control Tower's
// proactive controls as a governed account would.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CfnGuardValidator());

// A region stack: its AZs (and the machine image, a placeholder id) are pinned in cdk.json, so the service spans 3 of them and an offline
// `cdk synth` needs no credentials. Deploying uses your account's own AZ list.
const stack = new Stack(app, 'HighlyAvailableServiceExample', {
  env: {
    account: process.env.CDK_DEFAULT_ACCOUNT ?? '123456789012',
    region: 'eu-west-1',
  },
});

const service = new HighlyAvailableService(stack, 'Web', {
  // alarmEmails: ['oncall@example.com'],
  // domainName: 'api.example.com', hostedZone: route53.HostedZone.fromLookup(...),
});
// Without a domain the service serves plain HTTP and says so. `cdk synth --strict` fails on that
// warning until it is acknowledged: drop this line once you give a domain or a certificate.
Validations.of(service).acknowledge({
  id: 'Annotation::cdk-highly-available-service:noHttps',
  reason: 'An example without a domain of its own: plain HTTP until a certificate is given.',
});

app.synth();
