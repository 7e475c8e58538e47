// One AWS API read made while CloudFormation deploys (aws-cdk-lib's AwsCustomResource), in any
// Region, for values a template cannot compute or reference, with its findings acknowledged.
import { Stack } from 'aws-cdk-lib';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge, acknowledgeControl } from './acknowledge';

/** The construct id of aws-cdk-lib's one AwsCustomResource function per stack. */
const PROVIDER_ID = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * Reads `outputPath` of one API call, made in `region`, when the resource is created and whenever
 * its parameters change. `resources` are what the call may read (`*` for actions without
 * resource-level permissions).
 */
export function readAtDeploy(
  scope: Construct, id: string, call: { service: string; action: string; parameters: Record<string, unknown>; region: string; outputPath: string },
  resources: string[], why: string,
): string {
  const sdkCall: cr.AwsSdkCall = {
    service: call.service,
    action: call.action,
    parameters: call.parameters,
    region: call.region,
    physicalResourceId: cr.PhysicalResourceId.of(`${call.action}@${call.region}:${JSON.stringify(call.parameters)}`.slice(0, 1000)),
    outputPaths: [call.outputPath],
  };
  const read = new cr.AwsCustomResource(scope, id, {
    onCreate: sdkCall,
    onUpdate: sdkCall,
    policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources }),
    installLatestAwsSdk: false,
  });
  if (resources.includes('*')) acknowledge(read, 'AwsSolutions-IAM5[Resource::*]', `${call.action} ${why}`);
  const provider = Stack.of(scope).node.tryFindChild(PROVIDER_ID);
  if (provider) {
    const reason = 'aws-cdk-lib\'s AwsCustomResource function, which runs only while CloudFormation deploys the stack, to read '
      + 'values of AWS APIs (in other Regions too) that a template cannot reference.';
    acknowledge(provider, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason);
    acknowledge(provider, 'AwsSolutions-L1', reason);
    acknowledgeControl(provider, 'CT.LAMBDA.PR.3', 'lambda_inside_vpc_check', `${reason} It calls public AWS APIs only and reaches no resource in a VPC.`);
  }
  return read.getResponseField(call.outputPath);
}
