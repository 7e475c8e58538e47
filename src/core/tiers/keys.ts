/**
 * Key policy statements of the service's KMS keys, as IAM JSON, for every renderer. A renderer
 * passes its own notion of the partition, account and region (values or references).
 */
export interface KeyPolicyContext {
  readonly partition: string;
  readonly account: string;
  readonly region: string;
}

/** IAM policy JSON of one statement. */
export type PolicyStatementJson = Record<string, unknown>;

/** The account administers its key through IAM (the key policy AWS writes by default). */
export function keyAdministration(c: KeyPolicyContext): PolicyStatementJson {
  return { Effect: 'Allow', Principal: { AWS: `arn:${c.partition}:iam::${c.account}:root` }, Action: 'kms:*', Resource: '*' };
}

/**
 * Only AWS services may create grants on a service key (AWS Control Tower CT.KMS.PR.3): the
 * services a key serves (SNS, CloudWatch Logs, RDS) create their grants themselves.
 */
export function grantsOnlyForAwsServices(): PolicyStatementJson {
  return {
    Sid: 'GrantsOnlyForAwsServices',
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 'kms:CreateGrant',
    Resource: '*',
    Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  };
}

/** CloudWatch Logs may use a key for the log groups of this account and region (CT.CLOUDWATCH.PR.3). */
export function cloudWatchLogsUse(c: KeyPolicyContext): PolicyStatementJson {
  return {
    Sid: 'AllowCloudWatchLogs',
    Effect: 'Allow',
    Principal: { Service: `logs.${c.region}.amazonaws.com` },
    Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    Resource: '*',
    Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${c.partition}:logs:${c.region}:${c.account}:log-group:*` } },
  };
}

/**
 * What the alarm topic's key allows beyond a service key: CloudWatch alarms publish as the service
 * itself; Auto Scaling notifications are published by the account's Auto Scaling service-linked
 * role, which may not exist yet when the key is created, so it is matched by ARN, not named.
 */
export function alarmTopicUse(c: KeyPolicyContext): PolicyStatementJson[] {
  return [
    {
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    },
    {
      Sid: 'AllowAutoScalingNotifications',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: {
        ArnLike: { 'aws:PrincipalArn': `arn:${c.partition}:iam::${c.account}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling*` },
        StringEquals: { 'kms:CallerAccount': c.account },
      },
    },
  ];
}
