/**
 * AWS Regions a multi-Region service may span, with their partition.
 *
 * The list is the Regions whose CloudFormation resource schemas cfn-lint 1.51 ships (the Regions
 * CloudFormation serves), less the isolated (ISO) ones. A Region missing here is rejected at synth,
 * naming the list, so a typo such as `eu-west-l` never reaches a deployment; a new Region is one
 * line to add.
 */
export const AWS_REGIONS: Readonly<Record<string, string>> = {
  'af-south-1': 'aws',
  'ap-east-1': 'aws',
  'ap-east-2': 'aws',
  'ap-northeast-1': 'aws',
  'ap-northeast-2': 'aws',
  'ap-northeast-3': 'aws',
  'ap-south-1': 'aws',
  'ap-south-2': 'aws',
  'ap-southeast-1': 'aws',
  'ap-southeast-2': 'aws',
  'ap-southeast-3': 'aws',
  'ap-southeast-4': 'aws',
  'ap-southeast-5': 'aws',
  'ap-southeast-6': 'aws',
  'ap-southeast-7': 'aws',
  'ca-central-1': 'aws',
  'ca-west-1': 'aws',
  'eu-central-1': 'aws',
  'eu-central-2': 'aws',
  'eu-north-1': 'aws',
  'eu-south-1': 'aws',
  'eu-south-2': 'aws',
  'eu-west-1': 'aws',
  'eu-west-2': 'aws',
  'eu-west-3': 'aws',
  'il-central-1': 'aws',
  'me-central-1': 'aws',
  'me-south-1': 'aws',
  'mx-central-1': 'aws',
  'sa-east-1': 'aws',
  'us-east-1': 'aws',
  'us-east-2': 'aws',
  'us-west-1': 'aws',
  'us-west-2': 'aws',
  'us-gov-east-1': 'aws-us-gov',
  'us-gov-west-1': 'aws-us-gov',
  'cn-north-1': 'aws-cn',
  'cn-northwest-1': 'aws-cn',
};

/** The partition of a known Region (undefined for an unknown one). */
export function partitionOf(region: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(AWS_REGIONS, region) ? AWS_REGIONS[region] : undefined;
}
