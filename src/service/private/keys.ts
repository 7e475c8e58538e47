/**
 * The service's KMS keys in aws-cdk-lib, with the core's key policies.
 */
import { Aws, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { cloudWatchLogsUse, grantsOnlyForAwsServices } from '../../core/tiers/keys';

/**
 * A customer-managed KMS key with yearly rotation whose policy lets only AWS services create
 * grants on it (AWS Control Tower CT.KMS.PR.3). aws-cdk-lib writes the administration statement.
 */
export function serviceKey(scope: Construct, id: string, description: string): kms.Key {
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true });
  key.addToResourcePolicy(iam.PolicyStatement.fromJson(grantsOnlyForAwsServices()));
  return key;
}

/** A {@link serviceKey} CloudWatch Logs may use for the log groups of this account and region (CT.CLOUDWATCH.PR.3). */
export function logsKey(scope: Construct, id: string, description: string): kms.Key {
  const stack = Stack.of(scope);
  const key = serviceKey(scope, id, description);
  const context = { partition: Aws.PARTITION, account: stack.account, region: stack.region };
  key.addToResourcePolicy(iam.PolicyStatement.fromJson(cloudWatchLogsUse(context)));
  return key;
}
