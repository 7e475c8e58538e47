// The same highly available service as examples/basic, for Terraform: a cdktf app that writes
// cdktf.out/stacks/highly-available-service/cdk.tf.json for `terraform init`, `plan` and `apply`.
// Copy this app and change the import to `import { tf } from 'cdk-highly-available-service'`.
import { App, TerraformStack } from 'cdktf';
import { tf } from '../../src';

const app = new App();
const stack = new TerraformStack(app, 'highly-available-service');

// One AWS provider at the root of the configuration: this library's minimal one, or the provider
// of your own bindings. With a region known here, the service names its AZs' region and the
// access-log delivery account without a lookup.
new tf.AwsProvider(stack, 'aws', { region: 'eu-west-1', defaultTags: { service: 'shop-api' } });

new tf.HighlyAvailableService(stack, 'Web', {
  // Pinned, so the plan (and the report) know the AZs' names; without them the service takes the
  // region's first three from the aws_availability_zones data source.
  availabilityZones: ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  // alarmEmails: ['oncall@example.com'],
  // domainName: 'api.example.com', hostedZoneId: 'Z0123456789ABCDEFGHIJ',
});

app.synth();
