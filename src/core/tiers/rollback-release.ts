/**
 * The release on rollback (CloudFormation): one custom resource per protected resource, each
 * depending only on its resource, that turns the deletion protection of the load balancer, the
 * database and the Auto Scaling group off when, and only when, a failed first create rolls back.
 *
 * Why: CloudFormation rolls a failed create back by deleting what it made (stack status
 * ROLLBACK_IN_PROGRESS), and a protected load balancer (DeleteLoadBalancer: OperationNotPermitted),
 * database (RDS refuses a protected cluster or instance) or group (`prevent-all-deletion`) stops
 * that delete: the stack ends ROLLBACK_FAILED ("unsuccessful removal of one or more stacks after a
 * failed stack creation", CloudFormation stack status codes). The load balancer's and the
 * database's protection must be in the template from the first create: Control Tower's proactive
 * controls are CloudFormation hooks that refuse a template without them (CT.ELASTICLOADBALANCING.PR.5,
 * CT.RDS.PR.3, CT.RDS.PR.13). So each of them gets a release: a custom resource whose only
 * dependency besides its one function is its resource, so CloudFormation creates it seconds after the
 * resource and, in a rollback (the reverse of the dependency order), deletes it before the
 * resource. And the protected resource itself depends on the release's function (and, through it,
 * the function's permissions and its way out of the VPC), so whatever fails after the protected
 * resource exists, the function is there for the release's delete.
 *
 * The group is different: it is the resource whose own create fails most (its CreationPolicy
 * waits for healthy instances; when they never are, the group is CREATE_FAILED and the rollback
 * deletes it), and a release that depends on it does not exist then. No Control Tower control
 * requires the group's protection (the bundled rules of @cdklabs/cdk-validator-cfnguard name none
 * for AWS::AutoScaling::AutoScalingGroup DeletionProtection), so the template leaves it out and
 * the group's release sets it when it is created (and on each update, to what the plan says),
 * and clears it in the rollback like the others.
 *
 * The Aurora global database of a MultiRegionService is the same: no control requires its
 * protection at create, so its release sets it (planned with the global cluster, in
 * src/core/region/switch.ts).
 *
 * Terraform does not roll a failed apply back (what it made stays, the next apply goes on): it
 * needs none, and the Terraform plan has none.
 */
import { RELEASE_RESOURCE_TYPE } from '../aws/lifecycle';
import { DatabaseEngine, isAurora } from '../options/options';

export { RELEASE_RESOURCE_TYPE };

/** The kinds of protected resources a release may act on. */
export type ReleaseTarget = 'loadBalancer' | 'databaseCluster' | 'databaseInstance' | 'autoScalingGroup' | 'globalCluster';

/** The group's deletion protection, as Auto Scaling names it. */
export type GroupDeletionProtection = 'prevent-all-deletion' | 'none';

/** One release: the resource it may change, and for the group and the global cluster the protection it sets. */
export interface RollbackRelease {
  readonly target: ReleaseTarget;
  /**
   * What its create and its updates set, for a resource whose protection is not in the template:
   * the group's mode, or the global cluster's `true` or `false` (a custom resource's properties
   * reach its function as strings). Undefined: its create and updates change nothing (the
   * protection is in the template).
   */
  readonly sets?: GroupDeletionProtection | 'true' | 'false';
}

/** The releases of one service; undefined in the plan when there is none. */
export interface RollbackReleasePlan {
  readonly releases: readonly RollbackRelease[];
  /**
   * The tag each released resource carries, valued with its stack's id and its logical id: the
   * function's permissions name the resources by it, because a policy naming their ARNs would
   * depend on them and so exist only after them (see {@link ROLLBACK_RELEASE_FUNCTION}).
   */
  readonly tagKey: string;
}

/**
 * The only stack status in which a release turns protection off. CloudFormation stack status codes:
 * ROLLBACK_IN_PROGRESS is the "ongoing removal of one or more stacks after a failed stack creation
 * or after an explicitly canceled stack creation": it happens only to a stack's first create. A
 * stack delete is DELETE_IN_PROGRESS, an update's rollback UPDATE_ROLLBACK_IN_PROGRESS (and its
 * clean-up UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS, where a release an update added is
 * deleted), an update's clean-up UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: in all of them a release
 * changes nothing, so a deployed service stays protected and a `cdk destroy` still stops at it.
 */
export const RELEASING_STACK_STATUS = 'ROLLBACK_IN_PROGRESS';

/** The tag the released resources carry (see {@link RollbackReleasePlan.tagKey}). */
export const RELEASE_TAG_KEY = 'highly-available-service:rollback-release';

/**
 * The function all of a service's releases share: Python (boto3 ships with Lambda's Python
 * runtimes), inline, so it has no asset. A release's properties name its `Target` (a
 * {@link ReleaseTarget}), its `Resource` (the load balancer's ARN, the cluster's, instance's or
 * group's name) and, for the group, the `DeletionProtection` to set. A Delete always answers
 * SUCCESS: a failure to release is logged, never a reason to stop the rollback (the protected
 * resource then stops it, as without the release). A Create or an Update that cannot set the
 * group's protection answers FAILED: the group would otherwise stay unprotected unseen.
 */
export const ROLLBACK_RELEASE_FUNCTION = {
  /** The newest Python runtime Lambda accepts: the Runtime enum of Lambda's API model (botocore 1.43.11) ends at python3.14. */
  runtime: 'python3.14',
  handler: 'index.handler',
  memoryMiB: 128,
  /** Seconds: one DescribeStacks and one modify call, with the SDK's retries, and the answer. */
  timeoutSeconds: 120,
  /**
   * Seconds CloudFormation waits for a release's answer (the custom resource's ServiceTimeout,
   * 1 to 3600, an hour by default): the function's timeout and a margin, so a function that never
   * answers holds a rollback for minutes, not an hour.
   */
  serviceTimeoutSeconds: 300,
  /** Log retention of the function's log group, days, as the service's other functions. */
  logRetentionDays: 365,
  code: `# Turns one resource's deletion protection off when, and only when, the stack's failed first create rolls back.
import json
import logging
import urllib.request

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)

RELEASING_STATUS = '${RELEASING_STACK_STATUS}'


def protect(target, resource, value):
    """Sets a resource's deletion protection: off for False, 'false' and 'none'; else on (a group: the mode given)."""
    on = value not in (False, 'false', 'none')
    if target == 'loadBalancer':
        boto3.client('elbv2').modify_load_balancer_attributes(
            LoadBalancerArn=resource,
            Attributes=[{'Key': 'deletion_protection.enabled', 'Value': 'true' if on else 'false'}])
    elif target == 'databaseCluster':
        boto3.client('rds').modify_db_cluster(DBClusterIdentifier=resource, DeletionProtection=on, ApplyImmediately=True)
    elif target == 'databaseInstance':
        boto3.client('rds').modify_db_instance(DBInstanceIdentifier=resource, DeletionProtection=on, ApplyImmediately=True)
    elif target == 'globalCluster':
        boto3.client('rds').modify_global_cluster(GlobalClusterIdentifier=resource, DeletionProtection=on)
    elif target == 'autoScalingGroup':
        boto3.client('autoscaling').update_auto_scaling_group(AutoScalingGroupName=resource, DeletionProtection=value if on else 'none')
    else:
        raise ValueError('unknown target ' + str(target))


def answer(event, status, reason):
    body = json.dumps({
        'Status': status,
        'Reason': reason[:1000],
        'PhysicalResourceId': event.get('PhysicalResourceId') or event['LogicalResourceId'],
        'StackId': event['StackId'],
        'RequestId': event['RequestId'],
        'LogicalResourceId': event['LogicalResourceId'],
    }).encode()
    request = urllib.request.Request(event['ResponseURL'], data=body, method='PUT',
                                     headers={'Content-Type': '', 'Content-Length': str(len(body))})
    with urllib.request.urlopen(request, timeout=30) as response:
        log.info('answered %s %s: %s', event['RequestType'], status, response.status)


def handler(event, context):
    props = event['ResourceProperties']
    target, resource, sets = props.get('Target'), props.get('Resource'), props.get('DeletionProtection')
    status, reason = 'SUCCESS', 'nothing to do: the protection is in the template'
    try:
        if event['RequestType'] in ('Create', 'Update'):
            if sets:
                protect(target, resource, sets)
                reason = target + ' ' + resource + ': deletion protection ' + sets
        else:
            stack = boto3.client('cloudformation').describe_stacks(StackName=event['StackId'])['Stacks'][0]['StackStatus']
            if stack == RELEASING_STATUS:
                protect(target, resource, False)
                reason = 'stack ' + stack + ': ' + target + ' ' + resource + ' released'
            else:
                reason = 'stack ' + stack + ': protection kept'
        log.info(json.dumps({'request': event['RequestType'], 'target': target, 'resource': resource, 'result': reason}))
    except Exception as error:  # a Delete never blocks a rollback or a delete on this function's own failure
        log.exception('%s of the release of %s %s failed', event['RequestType'], target, resource)
        if event['RequestType'] == 'Delete':
            reason = 'failed, protection unchanged: ' + str(error)
        else:
            status, reason = 'FAILED', 'could not set the deletion protection of ' + str(target) + ' ' + str(resource) + ': ' + str(error)
    answer(event, status, reason)
`,
} as const;

/** What the service protects, as its planners decided it. */
export interface Protections {
  /** The load balancer's `deletion_protection.enabled`. */
  readonly loadBalancer: boolean;
  readonly database?: { readonly engine: DatabaseEngine; readonly deletionProtection: boolean };
  /** The group's protection as planned; undefined when the renderer cannot set it. */
  readonly autoScalingGroup?: GroupDeletionProtection;
}

/**
 * The releases of a service: none for an engine that does not roll a failed create back
 * (Terraform). Otherwise one for the load balancer and one for the database when they are
 * protected, and one for the group whenever its protection can be set, protected or not: its
 * release is what sets it, so turning `deletionProtection` off for a teardown reaches the group
 * through its release's update.
 */
export function planRollbackRelease(engineRollsBack: boolean, p: Protections): RollbackReleasePlan | undefined {
  if (!engineRollsBack) return undefined;
  const releases: RollbackRelease[] = [];
  if (p.loadBalancer) releases.push({ target: 'loadBalancer' });
  if (p.database?.deletionProtection) releases.push({ target: isAurora(p.database.engine) ? 'databaseCluster' : 'databaseInstance' });
  if (p.autoScalingGroup !== undefined) releases.push({ target: 'autoScalingGroup', sets: p.autoScalingGroup });
  return releases.length > 0 ? { releases, tagKey: RELEASE_TAG_KEY } : undefined;
}
