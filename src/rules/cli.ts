#!/usr/bin/env node
import { InputError, Skipped, readInputs } from './input';
import { checkInputs, formatJson, formatSarif, formatText } from './report';

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = typeof FORMATS[number];

const USAGE = 'usage: cdk-highly-available-service check [--format text|json|sarif] <path>...';
const HELP = `${USAGE}

Checks what makes a deployment survive the loss of an instance, an AZ or a database writer:
every finding with why it matters and how to fix it.

<path> is any of:
  a cloud assembly (cdk.out)              every stack template in it, of every Region
  a cdktf output folder (cdktf.out)       every stack's cdk.tf.json
  a folder of templates                   its .json, .yaml, .yml and .template files
                                          (not its subfolders; other files are skipped)
  a CloudFormation template               JSON or YAML, short forms such as !Ref included
  a cdk.tf.json                           a cdktf or Terraform JSON configuration
  a Terraform plan as JSON                terraform show -json plan.out > plan.json
                                          (the messages of 'terraform plan -json' are not
                                          a plan: the error says which command makes one)

Files are read as UTF-8 or UTF-16 (either byte order, with a byte-order mark: what
PowerShell 5 writes with '>'); a UTF-8 byte-order mark is ignored. The templates of one
run are one app: a Route 53 failover record finds its partner in another template (the
other Region's stack of a multi-Region app), and a nested stack is named, not opened.

options:
  --format text    findings grouped by template, for a terminal (the default)
  --format json    one JSON document, for scripts
  --format sarif   SARIF 2.1.0, for GitHub code scanning and CI dashboards
  -h, --help       this help

Templates are evaluated as CloudFormation would deploy them with the default parameter
values; a finding that depends on a parameter or a condition says which. What depends on a
value known only at deploy time is not judged, and said so once per template.

exit codes: 0 no error (warnings only, or nothing found), 1 at least one error,
            2 bad input (a path missing, empty or not a template; a wrong option)`;

/** Runs the command; returns the exit code (0 clean or warnings only, 1 errors, 2 bad input). */
export function main(args: string[], out: (s: string) => void = console.log, err: (s: string) => void = console.error): number {
  if (args.includes('--help') || args.includes('-h') || (args[0] === 'help' && args.length === 1)) {
    out(HELP);
    return 0;
  }
  const [command, ...rest] = args;
  let format: Format = 'text';
  const targets: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const value = arg === '--format' ? rest[++i] : arg.startsWith('--format=') ? arg.slice('--format='.length) : undefined;
    if (arg === '--format' || arg.startsWith('--format=')) {
      if (!FORMATS.includes(value as Format)) {
        err(`error: --format takes ${FORMATS.join(', ')}${value === undefined ? '' : `, not '${value}'`}\n${USAGE}`);
        return 2;
      }
      format = value as Format;
    } else if (arg.startsWith('-')) {
      err(`error: unknown option ${arg}\n${USAGE}`);
      return 2;
    } else {targets.push(arg);}
  }
  if (command !== 'check' || targets.length === 0) {
    err(USAGE);
    return 2;
  }
  const inputs = [];
  const skipped: Skipped[] = [];
  try {
    for (const target of targets) {
      const read = readInputs(target);
      inputs.push(...read.inputs);
      skipped.push(...read.skipped);
    }
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    err(`error: ${e.message}`);
    return 2;
  }
  const result = checkInputs(inputs, skipped);
  const columns = Math.max(60, Math.min(process.stdout.columns || 100, 100));
  out(format === 'json' ? formatJson(result) : format === 'sarif' ? formatSarif(result) : formatText(result, columns));
  return result.errors > 0 ? 1 : 0;
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
