/**
 * The hashicorp/archive provider and its `archive_file` data source (a function's zip, written by
 * Terraform when it plans, none at synth), and the `aws_lambda_function` arguments the renderers write.
 */
import { Construct } from 'constructs';
import { TerraformDataSource, TerraformProvider, TerraformStack } from './cdktf';

/** hashicorp/archive, for the functions' zips. */
export const ARCHIVE_PROVIDER = { source: 'hashicorp/archive', version: '~> 2.7' } as const;

class ArchiveProvider extends TerraformProvider {
  constructor(scope: Construct, id: string) {
    super(scope, id, {
      terraformResourceType: 'archive',
      terraformGeneratorMetadata: { providerName: 'archive', providerVersionConstraint: ARCHIVE_PROVIDER.version },
      terraformProviderSource: ARCHIVE_PROVIDER.source,
    });
  }
  protected synthesizeAttributes(): Record<string, unknown> {
    return {};
  }
}

/** The stack's one archive provider (a second configuration of it would be a duplicate). */
export function archiveProvider(scope: Construct): void {
  const stack = TerraformStack.of(scope);
  if (!stack.node.tryFindChild('archive')) new ArchiveProvider(stack, 'archive');
}

/** The `archive_file` data source: a zip Terraform writes when it plans. */
export class ArchiveFile extends TerraformDataSource {
  constructor(scope: Construct, id: string, private readonly args: { type: 'zip'; output_path: string; source: Array<{ content: string; filename: string }> }) {
    super(scope, id, {
      terraformResourceType: 'archive_file',
      terraformGeneratorMetadata: { providerName: 'archive', providerVersionConstraint: ARCHIVE_PROVIDER.version },
    });
    archiveProvider(scope);
  }
  public attr(name: string): string {
    return this.getStringAttribute(name);
  }
  protected synthesizeAttributes(): Record<string, unknown> {
    return this.args;
  }
}

/** `aws_lambda_function`, as the renderers write it: in the VPC, its own log group, zip from `archive_file`. */
export interface LambdaFunctionArgs {
  readonly function_name: string;
  readonly description: string;
  readonly role: string;
  readonly runtime: string;
  readonly handler: string;
  readonly filename: string;
  readonly source_code_hash: string;
  readonly timeout: number;
  readonly memory_size: number;
  readonly vpc_config: { readonly subnet_ids: string[]; readonly security_group_ids: string[] };
  readonly logging_config: { readonly log_format: 'Text'; readonly log_group: string };
  readonly environment: { readonly variables: Record<string, string> };
}
