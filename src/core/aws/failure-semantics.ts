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

/** The rows about an AZ, the database writer and a rollout. */
const AZ_WRITER_ROLLOUT: FailureSemantic[] = [
  // RDS and Aurora: failover placement and endpoints.
  {
    id: 'rds.multiAz.primaryAz',
    behaviour: 'RDS picks the AZ of a Multi-AZ DB instance\'s primary and of its standby; the template cannot name it, so the primary may be in any of the subnet group\'s AZs.',
    condition: 'A Multi-AZ DB instance (MultiAZ true).',
    source: 'RDS API reference, CreateDBInstance, AvailabilityZone: "The AvailabilityZone parameter can\'t be specified if the DB instance is a Multi-AZ deployment."',
    documented: true,
  },
  {
    id: 'rds.multiAz.forcedFailover',
    behaviour: 'A reboot with failover makes the standby the primary and the old primary the standby: the primary moves into the standby\'s AZ.',
    condition: 'RebootDBInstance with ForceFailover (FIS aws:rds:reboot-db-instances, forceFailover true) on a Multi-AZ DB instance.',
    source: 'RDS API reference, RebootDBInstance, ForceFailover; RDS User Guide, "Failover process for Amazon RDS".',
    documented: true,
  },
  {
    id: 'rds.multiAz.endpoint',
    behaviour: 'The instance endpoint\'s DNS record is switched to the new primary: clients reconnect to the same name.',
    condition: 'After a Multi-AZ DB instance fails over.',
    source: 'RDS User Guide, "Failover process for Amazon RDS" (the DNS record of the DB instance points at the standby).',
    documented: true,
  },
  {
    id: 'aurora.failover.promotes',
    behaviour: 'Aurora promotes the reader with the lowest promotion tier; among equal tiers the largest; among equal tiers and sizes an arbitrary one. FailoverDBCluster can name the target, the FIS action cannot.',
    condition: 'An Aurora writer fails, or a failover is forced (FailoverDBCluster, FIS aws:rds:failover-db-cluster).',
    source: 'Aurora User Guide, "Fault tolerance for an Aurora DB cluster"; RDS API reference, FailoverDBCluster, TargetDBInstanceIdentifier; FIS actions reference, aws:rds:failover-db-cluster (no parameters).',
    documented: true,
  },
  {
    id: 'aurora.failover.oldWriter',
    behaviour: 'The old writer comes back as a reader in its own AZ, keeping its promotion tier (0 for the planned writer): it is the first candidate of the next failover.',
    condition: 'After an Aurora failover.',
    source: 'Aurora User Guide, "Fault tolerance for an Aurora DB cluster" (the failed primary is rebooted as a replica); DescribeDBClusters DBClusterMembers.PromotionTier.',
    documented: true,
  },
  {
    id: 'aurora.endpoint.cluster',
    behaviour: 'The cluster (writer) endpoint follows the writer: after a failover it resolves to the promoted instance.',
    condition: 'Clients connect through the cluster endpoint.',
    source: 'Aurora User Guide, "Types of Aurora endpoints" (cluster endpoint).',
    documented: true,
  },
  {
    id: 'aurora.endpoint.reader',
    behaviour: 'The reader endpoint balances connections by DNS over the available readers. A reader whose subnet is cut by a network ACL is still available to RDS, so it stays in the answers and new connections to it time out.',
    condition: 'A reader\'s AZ is impaired in its network only (an AZ experiment\'s network disruption, a partial AZ failure).',
    source: 'Aurora User Guide, "Types of Aurora endpoints" (reader endpoint). No health-based removal is documented: check with `dig +short <reader endpoint>` while the AZ experiment runs.',
    documented: false,
  },
  {
    id: 'rdsProxy.endpoint',
    behaviour: 'The proxy endpoint resolves to the proxy\'s network interfaces in the subnets it was given, one per AZ; an interface in a cut-off subnet stays in DNS, and the proxy reconnects to the new writer itself after a failover.',
    condition: 'Clients connect through RDS Proxy.',
    source: 'RDS User Guide, "Amazon RDS Proxy" (proxy endpoints, failover). No health-based removal of an AZ\'s address is documented: check with `dig +short <proxy endpoint>` while the AZ experiment runs.',
    documented: false,
  },
  {
    id: 'rdsProxy.failoverMeasured',
    behaviour: 'In AWS\'s MySQL test workload the proxy cut client recovery after a failover by up to 79 % (Aurora MySQL) and up to 32 % (RDS for MySQL); AWS publishes no figure for this service\'s setup or for PostgreSQL.',
    condition: 'Clients connect through RDS Proxy.',
    source: 'AWS Database Blog, "Improving application availability with Amazon RDS Proxy".',
    documented: true,
  },
  {
    id: 'fis.rds.writerAz',
    behaviour: 'FIS resolves an aws:rds:cluster target to the clusters whose WRITER is in the AZs named by writerAvailabilityZoneIdentifiers, and an aws:rds:db target to the instances in the AZs named by availabilityZoneIdentifiers, when the experiment starts.',
    condition: 'A target of type aws:rds:cluster or aws:rds:db with that parameter.',
    source: 'FIS User Guide, "Targets for AWS FIS experiments", resource-type parameters; FIS User Guide, "AZ Availability: Power Interruption" (Failover-RDS).',
    documented: true,
  },
  {
    id: 'fis.emptyTarget',
    behaviour: 'A target that resolves to nothing fails the experiment (fail) or skips the actions on it (skip).',
    condition: 'experimentOptions.emptyTargetResolutionMode of the template.',
    source: 'FIS API reference, ExperimentTemplateExperimentOptions (fail | skip); FIS User Guide, "Targets" ("if the scope that you specify identifies no resources, the experiment fails").',
    documented: true,
  },
  {
    id: 'fis.network.disrupt',
    behaviour: 'aws:network:disrupt-connectivity (scope all) swaps a deny-all network ACL onto the subnets: every ENI in them (instances, load balancer node, database, proxy) is unreachable. It does not fail the database over: AWS\'s AZ scenario does that with a separate action.',
    condition: 'The AZ experiment\'s first action.',
    source: 'FIS actions reference, aws:network:disrupt-connectivity; FIS User Guide, "AZ Availability: Power Interruption".',
    documented: true,
  },
  {
    id: 'fis.arc.autoshift',
    behaviour: 'aws:arc:start-zonal-autoshift shows what AWS does for autoshift-ENABLED resources; AWS\'s scenario starts it 5 minutes into the impairment. A resource without autoshift is shifted by nobody until an operator starts a zonal shift.',
    condition: 'An AZ experiment with or without zonal autoshift on the service.',
    source: 'ARC Developer Guide, "Testing zonal autoshift with AWS FIS"; "Zonal autoshift".',
    documented: true,
  },
  // The load balancer.
  {
    id: 'elb.dnsFailover.crossZone',
    behaviour: 'With cross-zone load balancing on, a target group\'s DNS-failover threshold counts the targets of all enabled zones together: losing one AZ of three (67 % healthy) never takes a zone out of DNS at 50 %.',
    condition: 'An Application Load Balancer (cross-zone always on) with a DNS failover threshold.',
    source: 'ELB Application Load Balancers guide, "Target group health", requirements and considerations.',
    documented: true,
  },
  {
    id: 'elb.node.unreachable',
    behaviour: 'A load balancer node whose subnet is cut stays in the load balancer\'s DNS answers unless a zonal shift (or autoshift) takes its AZ out; clients that resolve to it time out. With cross-zone on, that node health-checks every target and reports none healthy.',
    condition: 'The load balancer\'s subnet in an AZ loses its network.',
    source: 'ARC Developer Guide, "Zonal shift" (a shift removes the AZ\'s load balancer IP addresses from DNS); ELB "Target group health" (cross-zone health). Which nodes feed the HealthyHostCount statistics is not documented: the walk takes the cut node\'s count as 0.',
    documented: false,
  },
  {
    id: 'elb.healthyHostCount',
    behaviour: 'HealthyHostCount: "the most useful statistics are Average, Minimum, and Maximum"; the load balancer\'s nodes report it, so Minimum follows the worst-placed node and Maximum the best.',
    condition: 'An alarm on HealthyHostCount by target group.',
    source: 'ELB Application Load Balancers guide, "CloudWatch metrics for your Application Load Balancer", HealthyHostCount.',
    documented: false,
  },
  // ARC zonal shift and autoshift on the load balancer and the group.
  {
    id: 'arc.zonalShift.start',
    behaviour: 'A zonal shift moves one resource away from one AZ, named by its AZ ID (awayFrom, e.g. euw1-az1), until it expires or is cancelled by its own zonalShiftId; the load balancer and the group each need their own.',
    condition: 'StartZonalShift / CancelZonalShift.',
    source: 'ARC zonal shift API reference, StartZonalShift (awayFrom, expiresIn), CancelZonalShift (zonalShiftId).',
    documented: true,
  },
  {
    id: 'arc.zonalShift.group',
    behaviour: 'A group under a zonal shift launches no instances in the shifted AZ; with the IgnoreUnhealthy impaired-zone health check it leaves the instances there alone.',
    condition: 'An Auto Scaling group registered with zonal shift (AvailabilityZoneImpairmentPolicy).',
    source: 'EC2 Auto Scaling User Guide, "Auto Scaling group zonal shift".',
    documented: true,
  },
  {
    id: 'arc.practiceRun',
    behaviour: 'ARC runs a practice run for each resource on its own schedule (about weekly); a practice run ends when its outcome alarm fires and does not start (or stops) while its blocking alarm is in ALARM. CloudFormation takes one outcome alarm and at most one blocking alarm. StartPracticeRun starts one on demand for a named AZ.',
    condition: 'Zonal autoshift with a practice run configuration.',
    source: 'ARC Developer Guide, "Considerations when you configure zonal autoshift"; AWS::ARCZonalShift::ZonalAutoshiftConfiguration PracticeRunConfiguration (cfn-lint schema); ARC API StartPracticeRun.',
    documented: true,
  },
  // Auto Scaling: what an update keeps, what an instance refresh and its rollback do.
  {
    id: 'asg.update.keepsDesired',
    behaviour: 'An update that does not set DesiredCapacity (or desired_capacity) leaves the group\'s current desired capacity: a deployment never shrinks a scaled-out fleet.',
    condition: 'The group\'s DesiredCapacity is not in the template or configuration.',
    source: 'CloudFormation AWS::AutoScaling::AutoScalingGroup, DesiredCapacity; Terraform aws_autoscaling_group desired_capacity (Optional, Computed).',
    documented: true,
  },
  {
    id: 'asg.refresh.batches',
    behaviour: 'A Rolling refresh keeps MinHealthyPercentage of the desired capacity in service and launches up to (MaxHealthyPercentage - MinHealthyPercentage) % of it at once; 100/200 replaces the whole fleet in one batch.',
    condition: 'An instance refresh (CloudFormation AutoScalingInstanceRefresh, Terraform instance_refresh).',
    source: 'EC2 Auto Scaling User Guide, "Instance refresh: how it works" and "Understand the default values for an instance refresh"; API RefreshPreferences.',
    documented: true,
  },
  {
    id: 'asg.refresh.checkpoints',
    behaviour: 'When the share of replaced instances reaches a checkpoint the refresh waits CheckpointDelay seconds (3600 by default) before it goes on; the last checkpoint must be 100 to replace all.',
    condition: 'CheckpointPercentages set.',
    source: 'API RefreshPreferences, CheckpointPercentages and CheckpointDelay.',
    documented: true,
  },
  {
    id: 'asg.refresh.alarms',
    behaviour: 'The refresh fails as soon as one of its AlarmSpecification alarms is in ALARM, at any point including checkpoint delays and the bake time.',
    condition: 'AlarmSpecification set.',
    source: 'API RefreshPreferences, AlarmSpecification and BakeTime; aws-cdk-lib InstanceRefreshOptions.alarms.',
    documented: true,
  },
  {
    id: 'asg.refresh.warmup',
    behaviour: 'A new instance counts as replaced once InService plus InstanceWarmup (else DefaultInstanceWarmup, else the grace period) have passed; only then does the next batch start.',
    condition: 'A Rolling refresh.',
    source: 'API RefreshPreferences, InstanceWarmup.',
    documented: true,
  },
  {
    id: 'cfn.refresh.rollback',
    behaviour: 'When the refresh fails CloudFormation rolls the stack back and starts a new instance refresh to the previous launch template version; RollbackInstanceRefresh cannot be used on a CloudFormation-started refresh.',
    condition: 'UpdatePolicy AutoScalingInstanceRefresh.',
    source: 'CloudFormation Template Reference, UpdatePolicy attribute, AutoScalingInstanceRefresh; AWS What\'s New, July 2026.',
    documented: true,
  },
  {
    id: 'cfn.refresh.rollbackAlarms',
    behaviour: 'OPEN: whether the rollback\'s refresh (under the previous template\'s policy, the same alarms) fails when it starts while those alarms are in ALARM is not documented; if it does, the stack ends UPDATE_ROLLBACK_FAILED.',
    condition: 'A rollout stopped by an alarm that is still in ALARM.',
    source: 'Undocumented. Settle it on a sandbox stack with a planted bad version: `aws autoscaling describe-instance-refreshes --auto-scaling-group-name <group>`; recover with `aws cloudformation continue-update-rollback --stack-name <stack>` once the alarms are OK.',
    documented: false,
  },
  {
    id: 'tf.refresh.noRollback',
    behaviour: 'The provider writes the new launch template version on the group before it starts the refresh, so auto_rollback would restore the new version: a watched alarm stops the refresh where it is, and reverting the configuration then applying rolls back.',
    condition: 'Terraform aws_autoscaling_group instance_refresh.',
    source: 'hashicorp/terraform-provider-aws#34189; provider 6.25 schema (no bake_time).',
    documented: true,
  },
  {
    id: 'asg.gracePeriod',
    behaviour: 'The health check grace period delays the group\'s use of failed health checks of a NEW instance; it does not delay replacing a failed one.',
    condition: 'ELB health checks on the group.',
    source: 'EC2 Auto Scaling User Guide, "Set the health check grace period for an Auto Scaling group".',
    documented: true,
  },
  {
    id: 'asg.balancedOnly.azLoss',
    behaviour: 'With balanced-only the group keeps launching the lost AZ\'s share into that AZ (and fails); a shifted AZ is not replaced elsewhere. Warm-pool instances start only where the group launches: the pool does not refill a lost AZ\'s share.',
    condition: 'An AZ fails or is shifted away.',
    source: 'EC2 Auto Scaling User Guide, "Auto Scaling group Availability Zone distribution"; "Auto Scaling group zonal shift"; "Warm pools".',
    documented: true,
  },
  // Images.
  {
    id: 'cfn.image.ssmEveryDeploy',
    behaviour: 'An image from an SSM parameter is resolved at every deployment: when AWS publishes a new AMI, any deployment rolls the fleet. cachedInContext keeps the id in cdk.context.json until `cdk context --reset`.',
    condition: 'ec2.MachineImage.latestAmazonLinux2023 / fromSsmParameter.',
    source: 'aws-cdk-lib aws-ec2 MachineImage.fromSsmParameter and cachedInContext documentation.',
    documented: true,
  },
  {
    id: 'tf.dataSource.everyPlan',
    behaviour: 'A data source is read at every plan; a terraform_data resource whose input ignores changes keeps the first value until it is replaced (`terraform apply -replace=<address>`).',
    condition: 'aws_ssm_parameter data source feeding image_id.',
    source: 'Terraform language, "Data sources" and "The terraform_data managed resource type"; lifecycle ignore_changes.',
    documented: true,
  },
];

/** Every row, the Region switch's and the AZ / rollout runbooks'. */
export const FAILURE_SEMANTICS: readonly FailureSemantic[] = [
  ...REGION_SWITCH,
  ...AZ_WRITER_ROLLOUT,
];

/** The row with this id; throws for an id the table lacks (a walk must not guess). */
export function failureSemantic(id: string): FailureSemantic {
  const row = FAILURE_SEMANTICS.find((r) => r.id === id);
  if (!row) throw new Error(`no documented behaviour '${id}' in the failure semantics table`);
  return row;
}
