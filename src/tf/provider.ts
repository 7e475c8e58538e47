/**
 * AwsProvider: the hashicorp/aws provider block a Terraform-flavor app adds to its stack.
 */
import { Construct } from 'constructs';
import { TerraformProvider } from './private/cdktf';
import { AWS_PROVIDER, GENERATOR } from './private/resource';
import { ServiceValidationError } from '../core/base/validation';

/** Properties of an {@link AwsProvider}. */
export interface AwsProviderProps {
  /**
   * The region to deploy to. Known at synth, it also lets the service name the AZs' region and
   * the access-log delivery account without looking them up.
   * @default - the provider's own default (AWS_REGION, the profile)
   */
  readonly region?: string;
  /**
   * Tags on every resource the provider creates.
   * @default - none
   */
  readonly defaultTags?: { [key: string]: string };
  /**
   * Alias of this provider configuration, to declare more than one.
   * @default - the default `aws` provider
   */
  readonly alias?: string;
}

/**
 * A minimal `aws` provider block (hashicorp/aws, in the range the service was checked against),
 * for configurations without provider bindings. Declare one per stack, at its root.
 */
export class AwsProvider extends TerraformProvider {
  /** The region, when given. */
  public readonly region?: string;
  private readonly props: AwsProviderProps;
  private providerAlias?: string;

  constructor(scope: Construct, id: string, props: AwsProviderProps = {}) {
    const problems = providerProblems(props);
    if (problems.length > 0) throw new ServiceValidationError(`${scope.node.path}/${id}: ${problems.join('; ')}`, problems);
    super(scope, id, {
      terraformResourceType: 'aws',
      terraformGeneratorMetadata: GENERATOR,
      terraformProviderSource: AWS_PROVIDER.source,
    });
    this.props = props;
    this.region = props.region;
    this.providerAlias = props.alias;
  }

  /** The provider's alias, if it has one. */
  public get alias(): string | undefined {
    return this.providerAlias;
  }

  public set alias(value: string | undefined) {
    this.providerAlias = value;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const tags = this.props.defaultTags;
    return Object.fromEntries(Object.entries({
      region: this.props.region,
      default_tags: tags && Object.keys(tags).length > 0 ? [{ tags }] : undefined,
    }).filter(([, v]) => v !== undefined));
  }
}

/** A region name as AWS writes them (eu-west-1, us-gov-west-1), and tags AWS accepts. */
function providerProblems(props: AwsProviderProps): string[] {
  const problems: string[] = [];
  const region = props.region;
  if (region !== undefined && !region.includes('${') && !/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(region)) {
    problems.push(`region must be an AWS region name such as eu-west-1, received ${JSON.stringify(region)}`);
  }
  for (const [key, value] of Object.entries(props.defaultTags ?? {})) {
    if (key.length < 1 || key.length > 128 || key.toLowerCase().startsWith('aws:') || value.length > 256) {
      problems.push(`defaultTags must have keys of 1 to 128 characters not starting with aws: and values of at most 256, received ${JSON.stringify(key)}: ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`);
    }
  }
  return problems;
}
