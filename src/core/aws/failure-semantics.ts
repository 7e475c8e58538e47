// What AWS and Terraform do in a failure, as documented: the table every runbook walk reads.
// One row per behaviour, each with its source; rows the walk applies carry machine-readable effects.

/** One documented behaviour a runbook relies on. */
export interface FailureSemantic {
  /** The key the walk looks a row up by, e.g. `arc.EC2AutoScaling.ungraceful`. */
  readonly id: string;
  /** What AWS or Terraform does, in words. */
  readonly behaviour: string;
  /** The ARC execution mode the row is about, when it is about one. */
  readonly mode?: 'graceful' | 'ungraceful';
  /** The condition under which the row holds, when it is not about an execution mode. */
  readonly condition?: string;
  /** Where it is written: the page and section, the API shape, or the provider file. */
  readonly source: string;
  /**
   * False when AWS leaves the behaviour open and the row states the library's assumption; the
   * README names each such question with the command that settles it on a real account.
   */
  readonly documented: boolean;
  /** What the walk applies (absent on rows that only explain). */
  readonly effect?: { readonly [key: string]: string | number | boolean };
}

const ARC_BLOCKS = 'ARC API reference (arc-region-switch 2022-07-26, ExecutionBlockConfiguration and each block\'s configuration shape) and ARC Developer Guide, "Add execution blocks"';

/** The rows about the Region switch: ARC blocks, Route 53, the Aurora global database, Secrets Manager, Terraform drift. */
const REGION_SWITCH: FailureSemantic[] = [
  // ARC Region switch execution blocks, each in both modes.
  {
    id: 'arc.CustomActionLambda.graceful',
    mode: 'graceful',
    behaviour: 'Runs the function of the Region named by regionToRun; while the function has not succeeded ARC runs it again after retryIntervalMinutes, until the step\'s timeoutMinutes.',
    source: `${ARC_BLOCKS}: CustomActionLambdaConfiguration; ARC Developer Guide, "Custom action Lambda execution block"`,
    documented: true,
    effect: { runs: true },
  },
  {
    id: 'arc.CustomActionLambda.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Skipped: LambdaUngraceful.behavior accepts only "skip", so nothing the function would do happens in an unplanned failover.',
    source: 'ARC API reference, LambdaUngraceful ("must be set to skip"); botocore model LambdaUngracefulBehavior = [skip]',
    documented: true,
    effect: { runs: false },
  },
  {
    id: 'arc.EC2AutoScaling.graceful',
    mode: 'graceful',
    behaviour: 'Raises the activating Region\'s Auto Scaling group to targetPercent (default 100) of the deactivating Region\'s running capacity, measured by capacityMonitoringApproach (the maximum sampled over 24 hours), and waits for it until timeoutMinutes; ARC "does not guarantee that the desired compute capacity will be attained".',
    source: `${ARC_BLOCKS}: Ec2AsgCapacityIncreaseConfiguration; ARC Developer Guide, "Amazon EC2 Auto Scaling group execution block"`,
    documented: true,
    effect: { runs: true, succeedsAtPercent: 100 },
  },
  {
    id: 'arc.EC2AutoScaling.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Runs as in a graceful execution, from the capacity sampled before the deactivating Region was lost, and counts as done once ungraceful.minimumSuccessPercentage (0-99) of the target is running.',
    source: `${ARC_BLOCKS}: Ec2Ungraceful.minimumSuccessPercentage; ARC Developer Guide, "Add execution blocks" (ungraceful configuration column)`,
    documented: true,
    effect: { runs: true, succeedsAtPercent: 'minimumSuccessPercentage' },
  },
  {
    id: 'arc.AuroraGlobalDatabase.graceful',
    mode: 'graceful',
    behaviour: 'Switchover (SwitchoverGlobalCluster): Aurora synchronizes the secondary first, so nothing is lost (RPO 0); the activating Region\'s cluster becomes the writer and the other a secondary.',
    source: `${ARC_BLOCKS}: GlobalAuroraConfiguration.behavior; ARC Developer Guide, "Amazon Aurora Global Database execution block"`,
    documented: true,
    effect: { runs: true, operation: 'switchover', rpoSeconds: 0 },
  },
  {
    id: 'arc.AuroraGlobalDatabase.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Failover (FailoverGlobalCluster with data loss allowed): the activating Region\'s cluster becomes the writer without waiting for the other; writes not yet replicated are lost (RPO "typically measured in seconds").',
    source: `${ARC_BLOCKS}: GlobalAuroraUngraceful.ungraceful = [failover]; Aurora User Guide, "Using switchover or failover in Amazon Aurora Global Database"`,
    documented: true,
    effect: { runs: true, operation: 'failover' },
  },
  {
    id: 'arc.ECSServiceScaling.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Runs; done once ungraceful.minimumSuccessPercentage of the target is reached (as the EC2 Auto Scaling block).',
    source: `${ARC_BLOCKS}: EcsUngraceful`,
    documented: true,
    effect: { runs: true },
  },
  {
    id: 'arc.EKSResourceScaling.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Runs; done once ungraceful.minimumSuccessPercentage of the target is reached.',
    source: `${ARC_BLOCKS}: EksResourceScalingUngraceful`,
    documented: true,
    effect: { runs: true },
  },
  {
    id: 'arc.DocumentDb.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Fails the DocumentDB global cluster over (ungraceful.ungraceful = failover).',
    source: `${ARC_BLOCKS}: DocumentDbUngraceful`,
    documented: true,
    effect: { runs: true },
  },
  {
    id: 'arc.LambdaEventSourceMapping.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Skipped (ungraceful.behavior accepts only "skip").',
    source: `${ARC_BLOCKS}: LambdaEventSourceMappingConfiguration.ungraceful`,
    documented: true,
    effect: { runs: false },
  },
  {
    id: 'arc.ARCRegionSwitchPlan.ungraceful',
    mode: 'ungraceful',
    behaviour: 'Starts each child plan with the child\'s own ungraceful configuration.',
    source: 'ARC Developer Guide, "ARC Region switch plan execution block" ("This block supports both graceful and ungraceful execution modes")',
    documented: true,
    effect: { runs: true },
  },
  {
    id: 'arc.ungraceful.noSetting',
    mode: 'ungraceful',
    behaviour: 'ManualApproval, ARCRoutingControl, Parallel, Route53HealthCheck, RdsPromoteReadReplica and RdsCreateCrossRegionReplica have no ungraceful setting in the API; what each does in an ungraceful execution is not stated per block. The library uses none of them.',
    source: `${ARC_BLOCKS}: their configuration shapes have no "ungraceful" member`,
    documented: false,
  },
  {
    id: 'arc.evaluation',
    behaviour: 'ARC evaluates a plan (permissions, resources, capacity) right after it is created or changed and then every 30 minutes; the evaluation runs with the execution role.',
    condition: 'steady state',
    source: 'ARC Developer Guide, "Add execution blocks" and "About Region switch"',
    documented: true,
  },
  {
    id: 'arc.executionRole.managedPolicy',
    behaviour: 'AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy grants arc-region-switch:GetPlan/GetPlanExecution/ListPlanExecutions, iam:SimulatePrincipalPolicy on roles and cloudwatch:DescribeAlarms/DescribeAlarmHistory/GetMetricStatistics on *; each block\'s own actions come from its sample policy.',
    condition: 'plan evaluation and execution',
    source: 'AWS Managed Policy reference, AmazonApplicationRecoveryControllerRegionSwitchPlanExecutionPolicy (v1, 2025-11-03); ARC Developer Guide, execution block sample policies',
    documented: true,
  },
  {
    id: 'cloudwatch.describeAlarms.composite',
    behaviour: 'DescribeAlarms returns composite alarms only to a caller whose permission covers "*".',
    condition: 'the plan reads an associated composite alarm',
    source: 'CloudWatch API reference, DescribeAlarms',
    documented: true,
    effect: { needsWildcard: true },
  },

  // Route 53.
  {
    id: 'route53.failover',
    behaviour: 'A failover record pair answers with the PRIMARY record while its health check is healthy, else with the SECONDARY while that is healthy; when both are unhealthy it answers with the PRIMARY.',
    condition: 'failover routing with health checks on both records',
    source: 'Route 53 Developer Guide, "Active-passive failover" and "How health checks work in complex Amazon Route 53 configurations"',
    documented: true,
  },
  {
    id: 'route53.latency',
    behaviour: 'Latency records answer with the lowest-latency Region whose health check is healthy.',
    condition: 'latency routing with health checks',
    source: 'Route 53 Developer Guide, "Latency-based routing"',
    documented: true,
  },
  {
    id: 'route53.endpointCheck',
    behaviour: 'An HTTPS check is unhealthy after failureThreshold consecutive failures at requestInterval (10 or 30 s); an endpoint counts as healthy when more than 18 % of checkers see it healthy. Route 53 does not validate the certificate; with EnableSNI it sends the FullyQualifiedDomainName as SNI.',
    condition: 'HTTPS health check',
    source: 'Route 53 Developer Guide, "How Amazon Route 53 determines whether a health check is healthy"; API reference HealthCheckConfig.EnableSNI',
    documented: true,
  },
  {
    id: 'route53.calculated',
    behaviour: 'A calculated check is healthy while at least HealthThreshold of its child checks are healthy.',
    condition: 'CALCULATED health check',
    source: 'Route 53 API reference, HealthCheckConfig.HealthThreshold',
    documented: true,
  },
  {
    id: 'route53.alarmCheck',
    behaviour: 'A CLOUDWATCH_METRIC check follows the alarm\'s state: OK healthy, ALARM unhealthy, INSUFFICIENT_DATA as InsufficientDataHealthStatus says. Only standard-resolution alarms on one metric (Average, Minimum, Maximum, Sum, SampleCount; no metric math).',
    condition: 'health check on a CloudWatch alarm',
    source: 'Route 53 Developer Guide, "Monitoring a CloudWatch alarm"; API reference AlarmIdentifier, InsufficientDataHealthStatus',
    documented: true,
  },
  {
    id: 'route53.alias.ttl',
    behaviour: 'An alias record to a load balancer answers with a TTL of 60 s: resolvers may keep the old answer that long after the record changes.',
    condition: 'alias record to an ELB load balancer',
    source: 'Route 53 Developer Guide, "Choosing between alias and non-alias records"',
    documented: true,
    effect: { ttlSeconds: 60 },
  },
  {
    id: 'cloudwatch.auroraGlobalLag.shape',
    behaviour: 'AuroraGlobalDBReplicationLag is reported by secondary clusters only; AWS does not state its dimension set on the metrics page. AWS material shows it under DBClusterIdentifier and under DBClusterIdentifier with SourceRegion: an alarm on a set that is never published stays OK.',
    condition: 'a cluster is (or becomes) a secondary',
    source: 'Aurora User Guide, "Amazon CloudWatch metrics for Amazon Aurora" (cluster-level metrics); Neptune User Guide, "CloudWatch dimensions" (DBClusterIdentifier, SourceRegion)',
    documented: false,
    effect: { shapes: 'DBClusterIdentifier|DBClusterIdentifier+SourceRegion' },
  },

  // The Aurora global database and its endpoints.
  {
    id: 'aurora.globalWriterEndpoint',
    behaviour: 'The global database\'s writer endpoint is updated by Aurora to the current writer after a switchover or failover; it resolves to the writer\'s private address in the writer\'s Region.',
    condition: 'after SwitchoverGlobalCluster or FailoverGlobalCluster',
    source: 'Aurora User Guide, "Connecting to Amazon Aurora Global Database"; CloudFormation AWS::RDS::GlobalCluster GlobalEndpoint ("always points to the writer DB instance in the current primary cluster")',
    documented: true,
    effect: { followsWriter: true },
  },
  {
    id: 'aurora.clusterEndpoint',
    behaviour: 'A Region\'s cluster (writer) endpoint stays in its Region: after the writer moves it reaches a read-only secondary (or nothing, when the Region is lost).',
    condition: 'after a switchover or failover',
    source: 'Aurora User Guide, "Connecting to Amazon Aurora Global Database" (use the global writer endpoint instead of the primary cluster\'s endpoint)',
    documented: true,
    effect: { followsWriter: false },
  },
  {
    id: 'aurora.readerEndpoint',
    behaviour: 'A cluster\'s reader endpoint serves reads in its Region; with write forwarding on, the secondary forwards writes to the writer\'s Region.',
    condition: 'a secondary cluster',
    source: 'Aurora User Guide, "Connecting to Amazon Aurora Global Database" and "Using write forwarding in an Amazon Aurora global database"',
    documented: true,
  },
  {
    id: 'aurora.writeForwarding.demoted',
    behaviour: 'EnableGlobalWriteForwarding on the primary cluster "is used immediately if the primary is demoted by a global cluster API operation, but it does nothing until then"; a cluster without it cannot write once it is a secondary. Forwarding does nothing until the session read-consistency parameter is set.',
    condition: 'the writer moves to another Region',
    source: 'RDS API reference, CreateDBCluster / ModifyDBCluster EnableGlobalWriteForwarding; Aurora User Guide, write forwarding in Aurora MySQL and Aurora PostgreSQL',
    documented: true,
    effect: { needsForwardingOnEveryCluster: true },
  },
  {
    id: 'aurora.engineVersion.members',
    behaviour: 'A managed cross-Region switchover or failover needs the members on the same major, minor and (for most minors) patch level; a major alone lets each Region resolve its own default minor on the day it is created.',
    condition: 'switchover or failover',
    source: 'Aurora User Guide, "Upgrading an Amazon Aurora global database" (patch level compatibility for managed cross-Region switchovers and failovers)',
    documented: true,
  },

  // Secrets Manager.
  {
    id: 'aurora.globalWriterEndpoint.lookup',
    behaviour: 'DescribeGlobalClusters returns the global writer endpoint (GlobalCluster.Endpoint), in the Regions of the global database\'s members; no CloudFormation attribute gives it as a string, and its name holds a generated part.',
    condition: 'reading the address at deploy time',
    source: 'RDS API reference, DescribeGlobalClusters and GlobalCluster.Endpoint; CloudFormation AWS::RDS::GlobalCluster (GlobalEndpoint is an object)',
    documented: false,
  },
  {
    id: 'secretsmanager.replica',
    behaviour: 'A replica holds the primary\'s secret value and metadata and cannot be updated on its own (only its KMS key); rotation runs on the primary, in its Region. Promoting the replica (StopReplicationToReplica, called in the replica\'s Region) makes it a standalone secret that can rotate.',
    condition: 'a secret replicated to other Regions',
    source: 'Secrets Manager User Guide, "Promote a replica secret to a standalone secret"; API reference, StopReplicationToReplica',
    documented: true,
  },
  {
    id: 'secretsmanager.deletedName',
    behaviour: 'A deleted secret keeps its name for the recovery window (7-30 days, 30 by default) unless deleted without recovery; a replica is deleted at once.',
    condition: 'the secret is deleted',
    source: 'Secrets Manager API reference, DeleteSecret',
    documented: true,
  },

  // Terraform and CloudFormation on the next change.
  {
    id: 'terraform.drift',
    behaviour: 'terraform apply sets every configured argument back to the configuration, changes made outside Terraform included, except the arguments listed in lifecycle.ignore_changes.',
    condition: 'the next apply after a switch changed a resource',
    source: 'Terraform language documentation, "The lifecycle Meta-Argument" (ignore_changes)',
    documented: true,
    effect: { resetsUnlessIgnored: true },
  },
  {
    id: 'cloudformation.drift',
    behaviour: 'A stack update changes only the properties whose template value changed; a property changed outside CloudFormation keeps its live value while its template value stays the same.',
    condition: 'the next deploy after a switch changed a resource',
    source: 'CloudFormation User Guide, "Detect unmanaged configuration changes to stacks and resources with drift detection"',
    documented: true,
    effect: { resetsUnlessIgnored: false },
  },
  {
    id: 'terraform.dependsOn',
    behaviour: 'In .tf.json a depends_on entry must be a bare static reference ("aws_x.y"); a "${...}" template is rejected ("A single static variable reference is required").',
    condition: 'terraform validate / plan',
    source: 'HCL v2 JSON syntax; Terraform configs decoding depends_on with hcl.AbsTraversalForExpr',
    documented: true,
  },
  {
    id: 'terraform.globalClusterEngineVersion',
    behaviour: 'aws_rds_global_cluster keeps a configured engine_version only in the API\'s full form; a major alone shows a change on every plan.',
    condition: 'engine_version given as a major',
    source: 'terraform-provider-aws internal/service/rds/global_cluster.go, resourceGlobalClusterRead',
    documented: true,
  },
  {
    id: 'acm.validationRecord',
    behaviour: 'ACM issues the same DNS validation record for a domain in every Region of an account; whichever configuration owns it deletes it on destroy, which stops the others\' renewals.',
    condition: 'one certificate per Region for one name',
    source: 'ACM User Guide, "DNS validation"; terraform-provider-aws #13653',
    documented: true,
  },
];

/** Every row, the Region switch's and the AZ / rollout runbooks'. */
export const FAILURE_SEMANTICS: readonly FailureSemantic[] = [
  ...REGION_SWITCH,
];

/** The row with this id; throws for an id the table lacks (a walk must not guess). */
export function failureSemantic(id: string): FailureSemantic {
  const row = FAILURE_SEMANTICS.find((r) => r.id === id);
  if (!row) throw new Error(`no documented behaviour '${id}' in the failure semantics table`);
  return row;
}
