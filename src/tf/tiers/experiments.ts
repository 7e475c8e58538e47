/**
 * Renders the fault injection tier as Terraform resources (AWS FIS experiment templates, role, logs).
 */
import { Construct } from 'constructs';
import { retainKey, serviceKey, TfContext } from '../context';
import { TfNetwork } from './network';
import {
  actionParameters, EXPERIMENT_TARGETS, EXPERIMENT_TEMPLATE, experimentStatements, experimentTrustConditions, FaultInjectionPlan, patternRefs,
  resolveExperimentTarget, ResourceRef,
} from '../../core/tiers/experiments';
import { cloudWatchLogsUse, KeyPolicyContext } from '../../core/tiers/keys';
import { NetworkPlan, SubnetTier } from '../../core/tiers/network';
import { TerraformOutput } from '../private/cdktf';
import { AwsResource, aws } from '../private/resource';

type Tags = Record<string, string>;

interface KeyValue { readonly key: string; readonly value: string }

// Argument interfaces of the resources this tier writes, named and typed as the provider's schema has them.
/** One `action` block: its target is named by `{ key: <kind's key>, value: <target block's name> }`. */
export interface FisActionArgs {
  readonly name: string;
  readonly action_id: string;
  readonly description?: string;
  readonly parameter?: KeyValue[];
  readonly target?: KeyValue;
}
/** One `target` block: by ARNs or by tags, narrowed by filters. */
export interface FisTargetArgs {
  readonly name: string;
  readonly resource_type: string;
  readonly selection_mode: string;
  readonly resource_arns?: string[];
  readonly resource_tag?: KeyValue[];
  readonly filter?: Array<{ readonly path: string; readonly values: string[] }>;
  readonly parameters?: Record<string, string>;
}
export interface FisExperimentTemplateArgs {
  readonly description: string;
  readonly role_arn: string;
  readonly stop_condition: Array<{ readonly source: string; readonly value?: string }>;
  readonly action: FisActionArgs[];
  readonly target?: FisTargetArgs[];
  readonly log_configuration?: {
    readonly log_schema_version: number;
    readonly cloudwatch_logs_configuration: { readonly log_group_arn: string };
  };
  readonly experiment_options?: { readonly account_targeting?: string; readonly empty_target_resolution_mode?: string };
  readonly tags?: Tags;
}
/** The gray-failure experiment's Command document; content is JSON text. */
export interface SsmDocumentArgs {
  readonly name: string;
  readonly document_type: string;
  readonly document_format: string;
  readonly content: string;
  readonly tags?: Tags;
}
/** The log group, kept on destroy (`skip_destroy`) as the CloudFormation flavor retains it. */
export interface RetainedLogGroupArgs {
  readonly retention_in_days: number; readonly kms_key_id: string; readonly skip_destroy: boolean; readonly tags?: Tags;
}

/**
 * This service's resources the experiments name, as Terraform references (or literals) from the
 * tiers that made them. Only what the plan's experiments use is required: a missing one is an error.
 */
export interface TfExperimentRefs {
  /** The VPC's ARN (`aws_vpc.arn`): FIS creates its network ACLs in it. */
  readonly vpcArn: string;
  /** ARNs of the service's subnets (every tier), by AZ in the order of the service's AZs. */
  readonly subnetArnsByAz: string[][];
  /** The Auto Scaling group's name: FIS finds its instances by the tag AWS sets. */
  readonly fleetName: string;
  readonly fleetArn: string;
  readonly loadBalancerArn: string;
  /** The Aurora cluster's ARN, when the plan has one. */
  readonly databaseClusterArn?: string;
  /** The Multi-AZ DB instance's ARN, when the plan has one. */
  readonly databaseInstanceArn?: string;
  /** The cache's replication group ARN, when the plan has one. */
  readonly cacheReplicationGroupArn?: string;
  /** The value of the cache's tag by which FIS finds it (the plan's `cache.tags`), when the plan has a cache. */
  readonly cacheTagValue?: string;
  /** The service-health alarm's ARN: the stop condition of every experiment. */
  readonly stopAlarmArn: string;
}

export interface TfExperiments {
  readonly templates: Record<string, AwsResource<object>>;
  readonly role: AwsResource<object>;
  readonly logGroup: AwsResource<object>;
  /** The Command document the gray-failure experiment runs, with it. */
  readonly latencyDocument?: AwsResource<object>;
}

/**
 * The ARNs of the network's subnets by AZ, for {@link TfExperimentRefs.subnetArnsByAz}: each
 * tier lists one subnet per AZ in the plan's order (the service's or the user's), written into
 * ARNs as the CloudFormation flavor does.
 */
export function subnetArnsByAz(plan: NetworkPlan, network: TfNetwork, c: KeyPolicyContext): string[][] {
  const tiers: SubnetTier[] = ['public', 'private', 'isolated'];
  return plan.availabilityZones.map((_, i) => tiers
    .map((tier) => network.subnetIds[tier][i])
    .filter((id) => id !== undefined)
    .map((id) => `arn:${c.partition}:ec2:${c.region}:${c.account}:subnet/${id}`));
}

/**
 * The AWS FIS experiment templates of the plan in Terraform, as the CloudFormation flavor writes
 * them: one role whose statements reach only this service's resources (the core's permissions, refs
 * resolved), each template stopped by the service-health alarm and logged to an encrypted log
 * group that outlives the configuration. Template ids are outputs.
 */
export function renderExperiments(scope: Construct, plan: FaultInjectionPlan, refs: TfExperimentRefs, c: TfContext): TfExperiments {
  const patterns = patternRefs(c);
  const need = (value: string | undefined, field: keyof TfExperimentRefs): string[] => {
    if (value === undefined) throw new Error(`the plan's experiments name the ${field.replace(/Arn$/, '')}: give TfExperimentRefs.${field}`);
    return [value];
  };
  // The provider updates a document's content in place (a new version, made the default).
  const doc = plan.latencyDocument;
  const latencyDocument = doc && new AwsResource<SsmDocumentArgs>(scope, 'LatencyDocument', 'aws_ssm_document', {
    name: doc.name, document_type: doc.documentType, document_format: doc.documentFormat, content: JSON.stringify(doc.content),
  });
  const resolvers: Record<ResourceRef, () => string[]> = {
    any: () => patterns.any,
    anyInstance: () => patterns.anyInstance,
    anyNetworkAcl: () => patterns.anyNetworkAcl,
    vpc: () => [refs.vpcArn],
    subnetsInAz: () => {
      const arns = refs.subnetArnsByAz[plan.availabilityZoneIndex] ?? [];
      if (arns.length === 0) throw new Error(`no subnet ARNs given for ${plan.availabilityZone}, the AZ the AZ-impairment experiment impairs`);
      return arns;
    },
    fleetName: () => [refs.fleetName],
    fleet: () => [refs.fleetArn],
    loadBalancer: () => [refs.loadBalancerArn],
    databaseCluster: () => need(refs.databaseClusterArn, 'databaseClusterArn'),
    databaseInstance: () => need(refs.databaseInstanceArn, 'databaseInstanceArn'),
    cacheReplicationGroup: () => need(refs.cacheReplicationGroupArn, 'cacheReplicationGroupArn'),
    cacheTagValue: () => need(refs.cacheTagValue, 'cacheTagValue'),
    latencyDocument: () => [latencyDocument!.attr('arn')],
  };
  const resolve = (ref: ResourceRef) => resolvers[ref]();

  const role = aws.iamRole(scope, 'ExperimentRole', {
    description: EXPERIMENT_TEMPLATE.roleDescription,
    assume_role_policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{
        Effect: 'Allow', Principal: { Service: 'fis.amazonaws.com' }, Action: 'sts:AssumeRole', Condition: experimentTrustConditions(c),
      }],
    }),
  });
  aws.iamRolePolicy(scope, 'ExperimentRolePolicy', {
    role: role.attr('id'),
    policy: JSON.stringify({ Version: '2012-10-17', Statement: experimentStatements(plan.permissions, resolve) }),
  });

  const key = serviceKey(scope, 'ExperimentLogsKey', EXPERIMENT_TEMPLATE.logsKeyDescription, c, [cloudWatchLogsUse(c)]);
  if (plan.logsRetained) retainKey(key);
  const logGroup = new AwsResource<RetainedLogGroupArgs>(scope, 'ExperimentLogs', 'aws_cloudwatch_log_group', {
    retention_in_days: plan.logRetentionDays, kms_key_id: key.attr('arn'), skip_destroy: plan.logsRetained,
  });

  const templates: Record<string, AwsResource<object>> = {};
  for (const e of plan.experiments) {
    const template = new AwsResource<FisExperimentTemplateArgs>(scope, `${e.id}Experiment`, 'aws_fis_experiment_template', {
      description: e.description,
      role_arn: role.attr('arn'),
      stop_condition: [{ source: EXPERIMENT_TEMPLATE.stopConditionSource, value: refs.stopAlarmArn }],
      // Each action has a target of its own, named after it.
      action: e.actions.map((a) => {
        const parameters = Object.entries(actionParameters(a, resolve)).map(([k, value]) => ({ key: k, value }));
        return {
          name: a.name,
          action_id: a.actionId,
          description: a.description,
          parameter: parameters.length ? parameters : undefined,
          target: { key: EXPERIMENT_TARGETS[a.target].key, value: a.name },
        };
      }),
      target: e.actions.map((a) => {
        const t = resolveExperimentTarget(a, resolve);
        return {
          name: a.name,
          resource_type: t.resourceType,
          selection_mode: t.selectionMode,
          resource_arns: t.resourceArns,
          resource_tag: t.resourceTags && Object.entries(t.resourceTags).map(([k, value]) => ({ key: k, value })),
          filter: t.filters,
          parameters: t.parameters,
        };
      }),
      // FIS delivers to the log group's streams: its ARN with `:*`, which the provider's `arn` lacks.
      log_configuration: {
        log_schema_version: EXPERIMENT_TEMPLATE.logSchemaVersion, cloudwatch_logs_configuration: { log_group_arn: `${logGroup.attr('arn')}:*` },
      },
      experiment_options: {
        account_targeting: EXPERIMENT_TEMPLATE.accountTargeting, empty_target_resolution_mode: e.emptyTargetResolutionMode,
      },
      tags: { Name: e.name },
    });
    templates[e.id] = template;
    new TerraformOutput(scope, `${e.id}ExperimentId`, { value: template.attr('id'), description: `AWS FIS experiment template: ${e.description}` });
  }
  return { templates, role, logGroup, latencyDocument };
}
