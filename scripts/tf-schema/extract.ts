// Extracts the slice of the hashicorp/aws provider schema that a future Terraform flavor needs, from the generated
// sources of an installed @cdktf/provider-aws bindings package, and writes it to test/tf/aws-provider-schema.json.
// No terraform binary is needed: each generated lib/<dir>/index.js has, per block, a `...ToHclTerraform` function
// (and `synthesizeHclAttributes()` for the top level) that lists every argument's snake_case name with
// `isBlock`, `type` (simple | list | set | map | struct) and `storageClassType` (string, number, boolean, any,
// stringList, stringMap, ..., or the struct class for blocks); index.d.ts marks required arguments (no `?`).
//
//   npm install --prefix /tmp/provider-aws @cdktf/provider-aws@21.22.1 --no-save --ignore-scripts --no-audit --no-fund
//   npx ts-node --project scripts/tsconfig.json scripts/tf-schema/extract.ts /tmp/provider-aws/node_modules/@cdktf/provider-aws
//   rm -rf /tmp/provider-aws
//
// An optional second argument overrides the output file. Types that the bindings do not have are listed under "missing".
import * as fs from 'fs';
import * as path from 'path';

/** The resource types the flavor renders (or may render). */
const RESOURCE_TYPES = [
  'aws_vpc', 'aws_subnet', 'aws_internet_gateway', 'aws_nat_gateway', 'aws_eip', 'aws_route_table', 'aws_route',
  'aws_route_table_association', 'aws_flow_log', 'aws_cloudwatch_log_group', 'aws_kms_key', 'aws_kms_key_policy',
  'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment', 'aws_iam_instance_profile',
  'aws_security_group', 'aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule',
  'aws_lb', 'aws_lb_listener', 'aws_lb_target_group',
  'aws_s3_bucket', 'aws_s3_bucket_policy', 'aws_s3_bucket_versioning', 'aws_s3_bucket_lifecycle_configuration',
  'aws_s3_bucket_public_access_block', 'aws_s3_bucket_server_side_encryption_configuration',
  'aws_s3_bucket_ownership_controls', 'aws_s3_bucket_notification',
  'aws_launch_template', 'aws_autoscaling_group', 'aws_autoscaling_policy', 'aws_autoscaling_schedule',
  'aws_autoscaling_lifecycle_hook', 'aws_autoscaling_notification',
  'aws_rds_cluster', 'aws_rds_cluster_instance', 'aws_rds_cluster_parameter_group', 'aws_db_instance',
  'aws_db_subnet_group', 'aws_db_parameter_group', 'aws_db_option_group',
  'aws_sns_topic', 'aws_sns_topic_policy', 'aws_sns_topic_subscription',
  'aws_cloudwatch_metric_alarm', 'aws_cloudwatch_composite_alarm', 'aws_cloudwatch_dashboard',
  'aws_acm_certificate', 'aws_acm_certificate_validation', 'aws_route53_record', 'aws_fis_experiment_template',
  'aws_wafv2_web_acl', 'aws_wafv2_web_acl_association', 'aws_wafv2_web_acl_logging_configuration',
  'aws_elasticache_replication_group', 'aws_elasticache_subnet_group', 'aws_elasticache_user', 'aws_elasticache_user_group',
  'aws_db_proxy', 'aws_db_proxy_default_target_group', 'aws_db_proxy_target', 'aws_db_proxy_endpoint',
  'aws_appautoscaling_target', 'aws_appautoscaling_policy', 'aws_secretsmanager_secret',
  'aws_synthetics_canary',
  // The automatic zonal shift (outlierShift) and the gray-failure experiment's document.
  'aws_lambda_function', 'aws_lambda_permission', 'aws_cloudwatch_event_rule', 'aws_cloudwatch_event_target', 'aws_ssm_document',
];

/**
 * The types only the multi-Region flavor adds to each Region's configuration (pinned like the
 * single-Region one, so extracted from the same 6.25 bindings into aws-provider-schema-multi-region.json):
 *
 *   npx ts-node --project scripts/tsconfig.json scripts/tf-schema/extract.ts /tmp/provider-aws/node_modules/@cdktf/provider-aws \
 *     test/tf/aws-provider-schema-multi-region.json multi-region
 */
const MULTI_REGION_RESOURCE_TYPES = [
  'aws_rds_global_cluster', 'aws_route53_health_check', 'aws_lambda_function', 'aws_secretsmanager_secret_version',
  'aws_vpc_security_group_egress_rule', 'aws_fis_experiment_template', 'aws_cloudwatch_metric_alarm', 'aws_route53_record',
  'aws_acm_certificate', 'aws_acm_certificate_validation', 'aws_secretsmanager_secret',
];
const MULTI_REGION_DATA_SOURCE_TYPES = ['aws_secretsmanager_random_password', 'aws_secretsmanager_secret', 'aws_rds_global_cluster'];

/**
 * The Region switch configuration's types. `aws_arcregionswitch_plan` arrived in hashicorp/aws 6.29,
 * after the @cdktf bindings froze at 6.25: extracted from the @cdktn/provider-aws bindings (the
 * cdktf fork's, generated the same way) into aws-provider-schema-switch.json:
 *
 *   npm install --prefix /tmp/provider-aws-new @cdktn/provider-aws@25.7.0 --no-save --ignore-scripts --no-audit --no-fund --legacy-peer-deps
 *   npx ts-node --project scripts/tsconfig.json scripts/tf-schema/extract.ts /tmp/provider-aws-new/node_modules/@cdktn/provider-aws \
 *     test/tf/aws-provider-schema-switch.json switch
 */
const SWITCH_RESOURCE_TYPES = ['aws_arcregionswitch_plan', 'aws_iam_role', 'aws_iam_role_policy', 'aws_iam_role_policy_attachment'];
/** The switch configuration reads each Region's group ARN (EC2 Auto Scaling block) by its fleet tag. */
const SWITCH_DATA_SOURCE_TYPES = ['aws_autoscaling_groups'];

/** The type lists by the name the third argument gives. */
const TYPE_LISTS: Record<string, { resources: string[]; dataSources: string[] }> = {
  'single-region': { resources: RESOURCE_TYPES, dataSources: [] },
  'multi-region': { resources: MULTI_REGION_RESOURCE_TYPES, dataSources: MULTI_REGION_DATA_SOURCE_TYPES },
  'switch': { resources: SWITCH_RESOURCE_TYPES, dataSources: SWITCH_DATA_SOURCE_TYPES },
};

/** The data source types the flavor reads. */
const DATA_SOURCE_TYPES = [
  'aws_availability_zones', 'aws_ssm_parameter', 'aws_region', 'aws_caller_identity', 'aws_partition', 'aws_elb_service_account', 'aws_vpc',
];

/** A plain argument: `type` is a Terraform type expression: string, number, bool, any, list(T), set(T), map(T). */
interface AttributeSchema {
  type: string;
  required?: true;
}

/**
 * A nested block. `nesting` list/set may hold several blocks (max_items 1 when the bindings serialize it as a single
 * object), single takes one object, map takes an object of labelled blocks. `as_attribute` marks the legacy
 * "attributes as blocks" (e.g. aws_security_group ingress): given as a list of objects in which every nested argument
 * must be present (null where unset), which is what cdktf writes.
 */
interface BlockSchema {
  nesting: 'list' | 'set' | 'single' | 'map';
  min_items?: number;
  max_items?: number;
  as_attribute?: true;
  arguments: Record<string, ArgumentSchema>;
}

type ArgumentSchema = AttributeSchema | BlockSchema;

interface HclEntry {
  name: string;
  value: string;
  isBlock: boolean;
  type: string;
  storageClassType: string;
}

const CDKTF_SERIALIZERS = new Set(['string', 'number', 'boolean', 'any']);

/** One bindings directory (lib/<dir>/): its JS with source maps stripped, and its declarations. */
class BindingsModule {
  public readonly js: string;
  public readonly dts: string;

  constructor(public readonly dir: string) {
    const files = [path.join(dir, 'index.js')];
    const structs = path.join(dir, 'index-structs');
    const dtsFiles = [path.join(dir, 'index.d.ts')];
    if (fs.existsSync(structs)) {
      for (const f of fs.readdirSync(structs).sort()) {
        if (f.endsWith('.js')) files.push(path.join(structs, f));
        if (f.endsWith('.d.ts')) dtsFiles.push(path.join(structs, f));
      }
    }
    const strip = (text: string) => text.split('\n').filter(l => !l.startsWith('//# sourceMappingURL=')).join('\n');
    this.js = files.map(f => strip(fs.readFileSync(f, 'utf8'))).join('\n');
    this.dts = dtsFiles.map(f => fs.readFileSync(f, 'utf8')).join('\n');
  }

  /**
   * The `X.tfResourceType = "aws_..."` pairs declared in this module (the @cdktn bindings declare it
   * as a static class field instead: `static tfResourceType = "aws_...";` in `class X extends ...`).
   */
  public tfTypes(): Array<{ className: string; tfType: string }> {
    const assigned = [...this.js.matchAll(/^(\w+)\.tfResourceType = "([\w-]+)";$/gm)].map(m => ({ className: m[1], tfType: m[2] }));
    const fields = [...this.js.matchAll(/^class (\w+) extends [\w.]+ \{\n(?:.*\n){0,8}?\s+static tfResourceType = "([\w-]+)";$/gm)]
      .map(m => ({ className: m[1], tfType: m[2] }));
    return [...assigned, ...fields];
  }

  /** The attrs entries of `synthesizeHclAttributes()` (top level) or of `function <fn>(struct)` (a nested block). */
  public hclEntries(fn: string | undefined): HclEntry[] {
    const start = fn === undefined ? this.js.indexOf('    synthesizeHclAttributes() {') : this.js.indexOf(`function ${fn}(struct) {`);
    if (start < 0) throw new Error(`${this.dir}: ${fn ?? 'synthesizeHclAttributes'} not found`);
    const end = this.js.indexOf(fn === undefined ? '\n    }\n' : '\n}\n', start);
    const body = this.js.slice(start, end);
    const entryRe = /^\s+"?(\w+)"?: \{\n\s+value: (.*),\n\s+isBlock: (true|false),\n\s+type: "(\w+)",\n\s+storageClassType: "(\w+)",\n\s+\},?$/gm;
    const entries = [...body.matchAll(entryRe)].map(m => ({ name: m[1], value: m[2], isBlock: m[3] === 'true', type: m[4], storageClassType: m[5] }));
    const declared = (body.match(/^\s+isBlock: /gm) ?? []).length;
    if (entries.length !== declared) throw new Error(`${this.dir}: parsed ${entries.length} of ${declared} attributes of ${fn ?? 'the top level'}`);
    return entries;
  }

  /** The config interface of a resource, data source or provider class, from its constructor's declaration. */
  public configInterface(className: string): string {
    const start = this.dts.indexOf(`export declare class ${className} extends `);
    const m = start < 0 ? null : /constructor\(scope: Construct, id: string, config\??: (\w+)\);/.exec(this.dts.slice(start));
    if (!m) throw new Error(`${this.dir}: constructor of ${className} not found`);
    return m[1];
  }

  /** Names of the struct interface behind a nested `...ToHclTerraform` function, from its declaration. */
  public structInterface(fn: string): string {
    const m = new RegExp(`export declare function ${fn}\\(struct\\?: ([^)]*)\\): any;`).exec(this.dts);
    if (!m) throw new Error(`${this.dir}: declaration of ${fn} not found`);
    const names = m[1].split('|').map(s => s.trim()).filter(s => !/^cdkt[fn]\.IResolvable$/.test(s) && !s.endsWith('OutputReference'));
    if (names.length !== 1) throw new Error(`${this.dir}: cannot tell the struct of ${fn} from "${m[1]}"`);
    return names[0];
  }

  /** camelCase property -> required, for one interface of index.d.ts. */
  public interfaceProperties(name: string): Map<string, boolean> {
    const start = this.dts.search(new RegExp(`^export interface ${name}( extends [^{]+)? \\{$`, 'm'));
    if (start < 0) throw new Error(`${this.dir}: interface ${name} not found`);
    const end = this.dts.indexOf('\n}\n', start);
    const props = new Map<string, boolean>();
    for (const m of this.dts.slice(start, end).matchAll(/^ {4}readonly (\w+)(\?)?: /gm)) props.set(m[1], m[2] !== '?');
    return props;
  }
}

/** Terraform type expression for a non-block attribute. */
function attributeType(e: HclEntry, where: string): string {
  const m = /^(string|number|boolean|any)((?:List|Map)*)$/.exec(e.storageClassType);
  if (!m) throw new Error(`${where}: unexpected storageClassType ${e.storageClassType}`);
  const base = m[1] === 'boolean' ? 'bool' : m[1];
  const wrappers = m[2].match(/List|Map/g) ?? [];
  if ((e.type === 'simple') !== (wrappers.length === 0)) throw new Error(`${where}: type ${e.type} with storageClassType ${e.storageClassType}`);
  let t = base;
  wrappers.forEach((w, i) => {
    // The outermost collection kind comes from `type` (which tells list from set); inner ones from the class name.
    const kind = i === wrappers.length - 1 ? e.type : (w === 'List' ? 'list' : 'map');
    t = `${kind}(${t})`;
  });
  return t;
}

function nestedFunction(value: string, where: string): string {
  const fns = [...value.matchAll(/(\w+)ToHclTerraform\b/g)].map(m => m[1]).filter(n => !CDKTF_SERIALIZERS.has(n));
  if (fns.length !== 1) throw new Error(`${where}: cannot find the nested serializer in "${value}"`);
  return `${fns[0]}ToHclTerraform`;
}

function camelName(value: string, where: string): string {
  const m = /(?:struct\.|this\._)(\w+)/.exec(value);
  if (!m) throw new Error(`${where}: cannot find the property in "${value}"`);
  return m[1];
}

function extractArguments(mod: BindingsModule, fn: string | undefined, iface: string, where: string): Record<string, ArgumentSchema> {
  const props = mod.interfaceProperties(iface);
  const args: Record<string, ArgumentSchema> = {};
  for (const e of mod.hclEntries(fn)) {
    const at = `${where}.${e.name}`;
    const camel = camelName(e.value, at);
    if (!props.has(camel)) throw new Error(`${at}: property ${camel} not in interface ${iface}`);
    const required = props.get(camel)!;
    if (!e.isBlock) {
      args[e.name] = required ? { type: attributeType(e, at), required: true } : { type: attributeType(e, at) };
      continue;
    }
    const child = nestedFunction(e.value, at);
    const mapped = /\blistMapperHcl\(/.test(e.value);
    const block: BlockSchema = { nesting: 'list', arguments: extractArguments(mod, child, mod.structInterface(child), at) };
    if (e.type === 'struct') {
      block.nesting = 'single';
    } else if (e.type === 'map') {
      block.nesting = 'map';
    } else if (e.type === 'list' || e.type === 'set') {
      block.nesting = e.type;
      // Without listMapper the bindings write one object: the provider schema says max_items = 1.
      if (!mapped) block.max_items = 1;
      // listMapperHcl(fn, false): an attribute given as a list of objects ("attributes as blocks").
      if (mapped && /\blistMapperHcl\([\w.]+, false\)/.test(e.value)) block.as_attribute = true;
    } else {
      throw new Error(`${at}: unexpected block type ${e.type}`);
    }
    if (required) block.min_items = 1;
    args[e.name] = block;
  }
  return args;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().map(k => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

function main(): void {
  const pkgDir = process.argv[2];
  const out = process.argv[3] ?? path.join(__dirname, '..', '..', 'test', 'tf', 'aws-provider-schema.json');
  const list = process.argv[4] ?? 'single-region';
  if (!pkgDir) throw new Error('usage: extract.ts <path to an installed @cdktf/provider-aws> [output file] [single-region|multi-region|switch]');
  const types = TYPE_LISTS[list];
  if (!types) throw new Error(`unknown type list ${list}: one of ${Object.keys(TYPE_LISTS).join(', ')}`);
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  if (pkg.name !== '@cdktf/provider-aws' && pkg.name !== '@cdktn/provider-aws') throw new Error(`${pkgDir} holds ${pkg.name}, not @cdktf/provider-aws or @cdktn/provider-aws`);
  const lib = path.join(pkgDir, 'lib');

  // The provider version, from package.json and from the generator metadata in lib/provider/index.js (they must agree).
  const providerMod = new BindingsModule(path.join(lib, 'provider'));
  const meta = /providerVersion: '([^']+)',\s*providerVersionConstraint: '([^']+)'/.exec(providerMod.js);
  const providerVersion: string | undefined = (pkg.cdktf ?? pkg.cdktn)?.provider?.version;
  if (!meta || !providerVersion || meta[1] !== providerVersion) {
    throw new Error(`provider version: package.json says ${providerVersion}, lib/provider/index.js says ${meta?.[1]}`);
  }

  // Find each type's directory: the usual name first (aws_lb_target_group -> lb-target-group, data source aws_region ->
  // data-aws-region), else scan every directory's tfResourceType (slow, only when a guess misses).
  let index: Map<string, string> | undefined;
  const locate = (tfType: string, data: boolean): { mod: BindingsModule; className: string } | undefined => {
    const guess = path.join(lib, (data ? 'data-' : '') + (data ? tfType : tfType.replace(/^aws_/, '')).replace(/_/g, '-'));
    const candidates = [guess];
    if (!fs.existsSync(path.join(guess, 'index.js'))) {
      if (!index) {
        index = new Map();
        for (const d of fs.readdirSync(lib)) {
          const f = path.join(lib, d, 'index.js');
          if (!fs.existsSync(f)) continue;
          const m = /^(?:(?:\w+)\.|\s+static )tfResourceType = "([\w-]+)";$/m.exec(fs.readFileSync(f, 'utf8'));
          if (m) index.set(`${d.startsWith('data-') ? 'data' : 'resource'}:${m[1]}`, path.join(lib, d));
        }
      }
      const found = index.get(`${data ? 'data' : 'resource'}:${tfType}`);
      if (!found) return undefined;
      candidates[0] = found;
    }
    const mod = new BindingsModule(candidates[0]);
    const hit = mod.tfTypes().find(t => t.tfType === tfType);
    return hit ? { mod, className: hit.className } : undefined;
  };

  const missing: string[] = [];
  const collect = (names: string[], data: boolean) => {
    const result: Record<string, { arguments: Record<string, ArgumentSchema> }> = {};
    for (const t of names) {
      const hit = locate(t, data);
      const label = (data ? 'data.' : '') + t;
      if (!hit) {
        missing.push(label);
        continue;
      }
      result[t] = { arguments: extractArguments(hit.mod, undefined, hit.mod.configInterface(hit.className), label) };
    }
    return result;
  };

  const schema = {
    '//': `Generated by scripts/tf-schema/extract.ts from the ${pkg.name} bindings; do not edit by hand.`,
    'format_version': 1,
    'source': {
      bindings_package: pkg.name,
      bindings_version: pkg.version,
      bindings_cdktf_peer: pkg.peerDependencies?.cdktf ?? pkg.peerDependencies?.cdktn,
      provider_source: (pkg.cdktf ?? pkg.cdktn).provider.name,
      provider_version: providerVersion,
      bindings_provider_constraint: meta[2],
    },
    'provider': { arguments: extractArguments(providerMod, undefined, providerMod.configInterface('AwsProvider'), 'provider.aws') },
    'resources': collect(types.resources, false),
    'data_sources': collect(list === 'single-region' ? DATA_SOURCE_TYPES : types.dataSources, true),
    'missing': missing,
  };
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(sortKeys(schema), undefined, 2) + '\n');
  const size = fs.statSync(out).size;
  console.log(`${out}: ${Object.keys(schema.resources).length} resources, ${Object.keys(schema.data_sources).length} data sources, `
    + `${missing.length} missing${missing.length ? ` (${missing.join(', ')})` : ''}; provider ${providerVersion}, bindings ${pkg.version}; ${size} bytes`);
}

main();
