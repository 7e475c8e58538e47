/**
 * tf.HighlyAvailableService, the Terraform flavor: it maps its props to the core's options, plans the
 * service and hands each tier of the plan to its renderer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import { TfContext, awsReferences } from './context';
import { Annotations, ISynthesisSession, TerraformOutput, TerraformResource, TerraformStack, Token, addCustomSynthesis, dependable } from './private/cdktf';
import { AWS_PROVIDER, aws } from './private/resource';
import { HighlyAvailableServiceProps } from './props';
import { AwsProvider } from './provider';
import { TfCache, renderCache } from './tiers/cache';
import { TfDatabase, renderDatabase } from './tiers/database';
import { TfDatabaseProxy, renderDatabaseProxy } from './tiers/database-proxy';
import { renderExperiments, subnetArnsByAz } from './tiers/experiments';
import { FLEET_NOTIFICATIONS, grantInstances, renderCompute, renderFleetSecurityGroup } from './tiers/fleet';
import { renderLoadBalancing } from './tiers/load-balancing';
import { renderMonitoring } from './tiers/monitoring';
import { TfNetwork, renderNetwork } from './tiers/network';
import { renderProbes } from './tiers/probes';
import { renderOutlierShift } from './tiers/outlier-shift';
import { renderWebFirewall } from './tiers/web-firewall';
import { ReferenceInput, ReferenceKind } from '../core/aws/references';
import { PropNames, ServiceEnvironment, ServiceOptions } from '../core/options/options';
import { ResilienceReport, renderReportMarkdown } from '../core/report/report';
import { ServiceWarning, planService } from '../core/service/plan';
import { CACHE_TAG } from '../core/tiers/cache';
import { ContractEntry, ContractReference } from '../core/tiers/contract';
import { architectureOf } from '../core/tiers/fleet';
import { PolicyStatementJson } from '../core/tiers/keys';
import { ENVIRONMENT_FILE } from '../core/tiers/user-data';

/**
 * The Terraform flavor of the highly available service: the same plan as the CloudFormation
 * construct (defaults, validation, capacity, alarms, report), rendered as Terraform resources of
 * the hashicorp/aws provider through cdktf, without provider bindings.
 *
 * It uses the AWS provider of its stack: declare one at the root (this library's `AwsProvider`,
 * or your bindings' provider). The configuration pins `required_providers.aws` to the range the
 * service was checked against.
 */
export class HighlyAvailableService extends Construct {
  /** URL of the service. */
  public readonly url: string;
  /** The VPC's id (the service's or yours). */
  public readonly vpcId: string;
  /** The public subnets' ids, in the order of the service's AZs. */
  public readonly publicSubnetIds: string[];
  /** The private subnets' ids (the fleet's), in the order of the service's AZs. */
  public readonly privateSubnetIds: string[];
  /** The isolated subnets' ids (the database's and cache's), in the order of the service's AZs. */
  public readonly isolatedSubnetIds: string[];
  public readonly loadBalancer: TerraformResource;
  public readonly loadBalancerArn: string;
  public readonly loadBalancerDnsName: string;
  public readonly targetGroupArn: string;
  public readonly autoScalingGroup: TerraformResource;
  public readonly autoScalingGroupName: string;
  public readonly launchTemplate: TerraformResource;
  /** The instances' IAM role name. */
  public readonly instanceRoleName: string;
  /** The fleet's security group id. */
  public readonly securityGroupId: string;
  /** The topic alarms and fleet events notify. */
  public readonly alarmTopicArn: string;
  /** The names of the service's alarms, by alarm id. */
  public readonly alarmNames: { [alarmId: string]: string };
  /** The composite alarm that fires when any critical alarm fires, if the service has one. */
  public readonly serviceHealthAlarmName?: string;
  /** The database's writer endpoint (host name), if the service has a database. */
  public readonly databaseEndpoint?: string;
  /** Aurora's reader endpoint, if any. */
  public readonly databaseReaderEndpoint?: string;
  /** The ARN of the master user secret RDS manages. */
  public readonly databaseSecretArn?: string;
  /** The RDS Proxy's endpoint, if any. */
  public readonly databaseProxyEndpoint?: string;
  /** The cache's primary endpoint (host name), if any. */
  public readonly cacheEndpoint?: string;
  /** The web ACL in front of the load balancer, if any. */
  public readonly webAclArn?: string;
  /** The FIS experiment templates' ids, by experiment id. */
  public readonly experimentTemplateIds: { [experimentId: string]: string };
  /** The outside-in canary, with `probes`. */
  public readonly canary?: TerraformResource;
  /** The outside-in canary's name, with `probes` (its metrics' `CanaryName`). */
  public readonly canaryName?: string;
  /** The name of the function that shifts traffic away from an outlier AZ, with `outlierShift`. */
  public readonly outlierShiftFunctionName?: string;
  /** The figures of the service's resilience, also written beside the configuration. */
  public readonly resilienceReport: ResilienceReport;

  constructor(scope: Construct, id: string, props: HighlyAvailableServiceProps = {}) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    // Whatever provider the stack has (ours, the user's bindings, or none yet), the configuration
    // asks for the provider versions the resources were checked against.
    stack.addOverride('terraform.required_providers.aws', { source: AWS_PROVIDER.source, version: AWS_PROVIDER.version });
    const regionName = regionNameOf(stack, props);
    const context = awsReferences(this, regionName);
    // 1. Decide everything, and reject bad input, before creating anything.
    const zoneLookup = props.availabilityZones === undefined && props.vpcId === undefined;
    const plan = planService(toOptions(props), environmentOf(this, stack, props, regionName ?? context.region, zoneLookup));
    const c: TfContext = { ...context, namePrefix: plan.namePrefix, namePrefixes: plan.namePrefixes, access: plan.access, regionName };

    // 2. Render each tier from its slice of the plan.
    const network: TfNetwork = props.vpcId !== undefined
      ? {
        vpcId: props.vpcId,
        // An internal load balancer admits the VPC's own range by default: read it.
        vpcCidr: plan.loadBalancing.allowVpcCidr ? aws.existingVpc(this, 'Vpc', { id: props.vpcId }).attr('cidr_block') : undefined,
        subnetIds: { public: props.publicSubnetIds ?? [], private: props.privateSubnetIds ?? [], isolated: props.isolatedSubnetIds ?? [] },
        natGateways: [],
      }
      : renderNetwork(this, plan.network, context);
    const lb = renderLoadBalancing(this, plan.loadBalancing, plan.zonalShift, network, {
      ...c,
      accessLogsBucketPrefix: plan.namePrefixes.accessLogsBucket,
      certificateArn: props.certificateArn,
      hostedZoneId: props.hostedZoneId,
      accessLogsBucketName: props.accessLogsBucket,
    });
    const loadBalancerArn = lb.loadBalancer.attr('arn');
    const firewall = plan.webFirewall && renderWebFirewall(this, plan.webFirewall, { ...c, loadBalancerArn });
    this.webAclArn = firewall?.webAclArn;

    const fleetSecurityGroup = renderFleetSecurityGroup(this, plan.fleet, {
      namePrefixes: plan.namePrefixes, access: plan.access, vpcId: network.vpcId, loadBalancerSecurityGroupId: lb.securityGroup.attr('id'),
    });
    const fleetSg = fleetSecurityGroup.attr('id');
    const grants: PolicyStatementJson[] = [];
    // The cache before the fleet: its endpoint goes into the instances' environment file.
    let cache: TfCache | undefined;
    if (plan.cache) {
      cache = renderCache(this, plan.cache, network, { ...c, clientSecurityGroupId: fleetSg, availabilityZones: plan.network.availabilityZones });
      grants.push(...cache.instancePolicyStatements);
    }
    let database: TfDatabase | undefined;
    let proxy: TfDatabaseProxy | undefined;
    if (plan.database) {
      // With a proxy, the fleet reaches the database only through it, with IAM: it needs no password.
      database = renderDatabase(this, plan.database, network, {
        ...c,
        clientSecurityGroupId: plan.databaseProxy ? undefined : fleetSg,
        availabilityZones: plan.network.availabilityZones,
        names: plan.databaseNames!,
      });
      if (plan.databaseProxy) {
        proxy = renderDatabaseProxy(this, plan.databaseProxy, network, {
          ...c,
          clientSecurityGroupId: fleetSg,
          database: {
            aurora: database.aurora,
            identifier: database.identifier,
            securityGroupId: database.securityGroup.attr('id'),
            port: database.port,
            secretArn: database.secretArn,
          },
        });
        grants.push(...proxy.connectPolicyStatements);
      } else {
        grants.push({ Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: database.secretArn });
      }
    }

    // The application contract's values, from the parts just created.
    const references: Record<ContractReference, string | undefined> = {
      region: regionName ?? context.region,
      databaseWriterEndpoint: database?.endpoint,
      databaseReaderEndpoint: database?.readerEndpoint,
      databaseSecretArn: database?.secretArn,
      databaseProxyEndpoint: proxy?.endpoint,
      databaseProxyReadOnlyEndpoint: proxy?.readOnlyEndpoint,
      cachePrimaryEndpoint: cache?.primaryEndpoint,
      cacheReaderEndpoint: cache?.readerEndpoint,
    };
    const contractValue = (e: ContractEntry): string => (typeof e.value === 'string' ? e.value : references[e.value.ref] ?? '');
    const fleet = renderCompute(this, plan.fleet, {
      ...c,
      vpcId: network.vpcId,
      privateSubnetIds: network.subnetIds.private,
      loadBalancerSecurityGroupId: lb.securityGroup.attr('id'),
      securityGroupId: fleetSg,
      targetGroupArn: lb.targetGroup.attr('arn'),
      loadBalancerArnSuffix: lb.loadBalancer.attr('arn_suffix'),
      targetGroupArnSuffix: lb.targetGroup.attr('arn_suffix'),
      healthCheckPath: plan.loadBalancing.healthCheck.path,
      imageId: props.machineImageId,
      imageParameter: props.machineImageParameter,
      userData: props.userData,
      environment: Object.fromEntries(plan.contract.map((e) => [e.key, contractValue(e)])),
      schedules: (props.scheduledDemand ?? []).map((d) => ({ recurrence: d.schedule, timeZone: d.timeZone })),
      forwardListeners: lb.forwardListeners,
      rolloutAlarmNames: plan.monitoring.alarms.filter((a) => plan.monitoring.rolloutAlarmIds.includes(a.id)).map((a) => a.name),
    });
    grantInstances(this, fleet.role, grants);
    const groupName = fleet.autoScalingGroup.attr('name');

    const monitoring = renderMonitoring(this, plan.monitoring, {
      loadBalancerArnSuffix: lb.loadBalancer.attr('arn_suffix'),
      targetGroupArnSuffix: lb.targetGroup.attr('arn_suffix'),
      autoScalingGroupName: groupName,
      databaseIdentifier: database?.identifier,
      aurora: database?.aurora,
      webAclName: firewall?.webAclName,
      databaseProxyName: proxy?.name,
      region: context.region,
    }, { ...c, alarmTopicArn: props.alarmTopicArn });
    aws.autoScalingNotification(this, 'FleetNotifications', { group_names: [groupName], notifications: FLEET_NOTIFICATIONS, topic_arn: monitoring.topicArn });
    // The refresh names its alarms: they must exist before the group changes.
    const rolloutAlarms = plan.monitoring.rolloutAlarmIds.map((alarmId) => dependable(monitoring.alarms[alarmId]));
    if (rolloutAlarms.length > 0) fleet.autoScalingGroup.dependsOn = [...(fleet.autoScalingGroup.dependsOn ?? []), ...rolloutAlarms];

    if (plan.probes) {
      this.canary = renderProbes(this, stack, plan.probes, lb.loadBalancer.attr('dns_name'), c).canary;
      this.canaryName = plan.probes.canaryName;
    }

    if (plan.outlierShift) {
      const fn = renderOutlierShift(this, plan.outlierShift, {
        namePrefix: plan.namePrefix,
        vpcId: network.vpcId,
        privateSubnetIds: network.subnetIds.private,
        loadBalancerArn,
        fleetArn: fleet.autoScalingGroup.attr('arn'),
        fleetName: groupName,
        targetGroupArn: lb.targetGroup.attr('arn'),
        topicArn: monitoring.topicArn,
        topicKeyArn: monitoring.topicKey?.attr('arn'),
        alarmArns: Object.fromEntries(Object.entries(monitoring.alarms).map(([alarmId, a]) => [alarmId, a.attr('arn')])),
      }, c);
      this.outlierShiftFunctionName = fn.attr('function_name');
    }
    this.experimentTemplateIds = {};
    if (plan.faultInjection) {
      // The plan has experiments only with the service-health alarm as their stop condition.
      const experiments = renderExperiments(this, plan.faultInjection, {
        vpcArn: `arn:${c.partition}:ec2:${c.region}:${c.account}:vpc/${network.vpcId}`,
        subnetArnsByAz: subnetArnsByAz(plan.network, network, c),
        fleetName: groupName,
        fleetArn: fleet.autoScalingGroup.attr('arn'),
        loadBalancerArn,
        databaseClusterArn: database?.aurora ? database.arn : undefined,
        databaseInstanceArn: database && !database.aurora ? database.arn : undefined,
        cacheReplicationGroupArn: cache?.replicationGroup.attr('arn'),
        cacheTagValue: plan.cache?.tags[CACHE_TAG],
        stopAlarmArn: monitoring.serviceHealth!.attr('arn'),
      }, c);
      for (const [experimentId, template] of Object.entries(experiments.templates)) this.experimentTemplateIds[experimentId] = template.attr('id');
    }

    this.url = lb.url;
    this.vpcId = network.vpcId;
    this.publicSubnetIds = network.subnetIds.public;
    this.privateSubnetIds = network.subnetIds.private;
    this.isolatedSubnetIds = network.subnetIds.isolated;
    this.loadBalancer = lb.loadBalancer;
    this.loadBalancerArn = loadBalancerArn;
    this.loadBalancerDnsName = lb.loadBalancer.attr('dns_name');
    this.targetGroupArn = lb.targetGroup.attr('arn');
    this.autoScalingGroup = fleet.autoScalingGroup;
    this.autoScalingGroupName = groupName;
    this.launchTemplate = fleet.launchTemplate;
    this.instanceRoleName = fleet.role.attr('name');
    this.securityGroupId = fleetSg;
    this.alarmTopicArn = monitoring.topicArn;
    this.alarmNames = Object.fromEntries(plan.monitoring.alarms.map((a) => [a.id, a.name]));
    this.serviceHealthAlarmName = plan.monitoring.serviceHealth?.name;
    this.databaseEndpoint = database?.endpoint;
    this.databaseReaderEndpoint = database?.readerEndpoint;
    this.databaseSecretArn = database?.secretArn;
    this.databaseProxyEndpoint = proxy?.endpoint;
    this.cacheEndpoint = cache?.primaryEndpoint;

    // 3. Report: warnings, outputs, and the resilience report beside the configuration.
    this.resilienceReport = plan.report;
    for (const w of plan.warnings) Annotations.of(this).addWarning(`${w.message} [${w.id}]`);
    for (const i of plan.infos) Annotations.of(this).addInfo(`${i.message} [${i.id}]`);
    const output = (outputId: string, value: string | undefined, description: string) => {
      if (value !== undefined) new TerraformOutput(this, outputId, { value, description });
    };
    output('ServiceUrl', this.url, 'URL of the service');
    output('LoadBalancerArn', this.loadBalancerArn, 'The load balancer');
    output('AutoScalingGroupName', this.autoScalingGroupName, 'The fleet');
    output('AlarmTopicArn', this.alarmTopicArn, 'Where alarms and fleet events go');
    output('DatabaseEndpoint', this.databaseEndpoint, 'Database writer endpoint (IAM authentication or the managed secret)');
    output('DatabaseReaderEndpoint', this.databaseReaderEndpoint, 'Database reader endpoint');
    output('DatabaseSecretArn', this.databaseSecretArn, 'The master user secret RDS manages');
    output('CacheEndpoint', cache && `${cache.primaryEndpoint}:${cache.port}`, 'Cache primary endpoint (TLS, IAM authentication)');
    // The application contract, as outputs of the same names in both flavors.
    const contract = new Construct(this, 'Contract');
    for (const e of plan.contract) new TerraformOutput(contract, e.output, { value: contractValue(e), description: `${e.description} (${e.key} in ${ENVIRONMENT_FILE})` });
    writeReport(this, stack, plan.reportFileName, plan.report, plan.diagram, plan.warnings);
  }
}

/** The region's name when known at synth: the stack's `AwsProvider`, or the given AZs' region. */
function regionNameOf(stack: TerraformStack, props: HighlyAvailableServiceProps): string | undefined {
  const provider = stack.node.findAll().find((c): c is AwsProvider => c instanceof AwsProvider);
  if (provider?.region !== undefined && !Token.isUnresolved(provider.region)) return provider.region;
  const az = props.availabilityZones?.[0];
  // An AZ's name is its region's and a letter (eu-west-1a).
  if (az !== undefined && !Token.isUnresolved(az) && /^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(az)) return az.slice(0, -1);
  return undefined;
}

/**
 * Every prop of {@link HighlyAvailableServiceProps}, so that a prop the construct does not know is
 * rejected at synth (JavaScript and tsx do not type-check): tsc keeps this list exact.
 */
const KNOWN_PROPS: Record<keyof HighlyAvailableServiceProps, true> = {
  availabilityZones: true,
  maxAzs: true,
  vpcId: true,
  publicSubnetIds: true,
  privateSubnetIds: true,
  isolatedSubnetIds: true,
  internetFacing: true,
  certificateArn: true,
  domainName: true,
  hostedZoneId: true,
  hostedZoneName: true,
  allowedCidrs: true,
  accessLogsBucket: true,
  cache: true,
  cacheNodeType: true,
  cacheNodes: true,
  webAcl: true,
  webAclArn: true,
  webAclRateLimit: true,
  healthCheckPath: true,
  healthCheckInterval: true,
  healthCheckTimeout: true,
  healthyThresholdCount: true,
  unhealthyThresholdCount: true,
  deregistrationDelay: true,
  loadBalancingAlgorithm: true,
  slowStart: true,
  instanceType: true,
  instanceTypes: true,
  machineImageId: true,
  machineImageParameter: true,
  userData: true,
  appPort: true,
  minCapacity: true,
  maxCapacity: true,
  capacity: true,
  scheduledDemand: true,
  predictiveScaling: true,
  healthCheckGracePeriod: true,
  cpuTargetUtilizationPercent: true,
  rootVolumeSizeGiB: true,
  rootDeviceName: true,
  signalOnHealthy: true,
  loadBalancerCapacityUnits: true,
  capacityDistributionStrategy: true,
  capacityReservations: true,
  warmPool: true,
  zonalShift: true,
  faultInjection: true,
  faultInjectionAvailabilityZone: true,
  faultInjectionDuration: true,
  database: true,
  databaseEngine: true,
  databaseReaders: true,
  databaseMaxReaders: true,
  databaseProxy: true,
  databaseReaderCpuTarget: true,
  databaseInstanceType: true,
  databaseBackupRetention: true,
  databaseName: true,
  globalDatabase: true,
  deletionProtection: true,
  alarmTopicArn: true,
  alarms: true,
  alarmOverrides: true,
  dashboard: true,
  alarmEmails: true,
  slo: true,
  crossZoneLoadBalancing: true,
  probes: true,
  probeRecords: true,
  outlierShift: true,
  outlierShiftDuration: true,
};

/** The props as engine-neutral options. */
export function toOptions(props: HighlyAvailableServiceProps): ServiceOptions {
  const instanceType = (name: string) => ({ name, architecture: architectureOf(name) ?? 'unknown' });
  return {
    ...props,
    certificate: props.certificateArn !== undefined,
    hostedZone: props.hostedZoneId !== undefined,
    hostedZoneName: props.hostedZoneName,
    accessLogsBucket: props.accessLogsBucket !== undefined,
    healthCheckIntervalSeconds: props.healthCheckInterval,
    healthCheckTimeoutSeconds: props.healthCheckTimeout,
    deregistrationDelaySeconds: props.deregistrationDelay,
    slowStartSeconds: props.slowStart,
    healthCheckGracePeriodSeconds: props.healthCheckGracePeriod,
    faultInjectionDurationSeconds: props.faultInjectionDuration,
    outlierShiftMinutes: props.outlierShiftDuration,
    instanceType: props.instanceType === undefined ? undefined : instanceType(props.instanceType),
    instanceTypes: props.instanceTypes?.map(instanceType),
    userData: props.userData === undefined ? undefined : {
      shellScript: props.userData.startsWith('#!'),
      firstLine: props.userData.split('\n')[0].slice(0, 40),
      // References' placeholders left out: what is left is a size the deployed script has at least.
      bytes: Buffer.byteLength(props.userData.replace(/\$\{TfToken\[[^\]]*\]\}/g, ''), 'utf8'),
    },
    ownMachineImage: props.machineImageId !== undefined,
    scheduledDemand: props.scheduledDemand?.map((d) => ({
      peakRequestsPerSecond: d.peakRequestsPerSecond, schedule: d.schedule, timeZone: d.timeZone,
    })),
    databaseBackupRetentionDays: props.databaseBackupRetention,
    alarmTopic: props.alarmTopicArn !== undefined,
    slo: props.slo && { availabilityPercent: props.slo.availability, latencyP99Seconds: props.slo.latencyP99Seconds },
    references: referencesOf(props),
    propKeys: { given: Object.keys(props), known: Object.keys(KNOWN_PROPS) },
    propNames: TF_PROP_NAMES,
  };
}

/** This construct's names for the props that differ from the CloudFormation construct's, for messages. */
const TF_PROP_NAMES: PropNames = {
  certificate: 'certificateArn',
  hostedZone: 'hostedZoneId',
  alarmTopic: 'alarmTopicArn',
  vpc: 'vpcId',
  shellScript: 'text starting with #!',
  availabilityZones: 'availabilityZones',
  subnetIds: { public: 'publicSubnetIds', private: 'privateSubnetIds', isolated: 'isolatedSubnetIds' },
};

/** What the props name by id, ARN or name, each with the format it must have. */
function referencesOf(props: HighlyAvailableServiceProps): ReferenceInput[] {
  const one = (prop: keyof HighlyAvailableServiceProps, kind: ReferenceKind): ReferenceInput[] => {
    const value = props[prop];
    return typeof value === 'string' ? [{ prop, value, kind }] : [];
  };
  const each = (prop: 'publicSubnetIds' | 'privateSubnetIds' | 'isolatedSubnetIds') =>
    (props[prop] ?? []).map((value, i) => ({ prop: `${prop}[${i}]`, value, kind: ReferenceKind.SUBNET_ID }));
  return [
    ...one('vpcId', ReferenceKind.VPC_ID),
    ...each('publicSubnetIds'),
    ...each('privateSubnetIds'),
    ...each('isolatedSubnetIds'),
    ...one('certificateArn', ReferenceKind.CERTIFICATE_ARN),
    ...one('hostedZoneId', ReferenceKind.HOSTED_ZONE_ID),
    ...one('accessLogsBucket', ReferenceKind.BUCKET_NAME),
    ...one('machineImageId', ReferenceKind.AMI_ID),
    ...one('machineImageParameter', ReferenceKind.SSM_PARAMETER_NAME),
    ...one('alarmTopicArn', ReferenceKind.TOPIC_ARN),
  ];
}

/**
 * Why the group's deletion protection is not set: Auto Scaling added it in January 2026, after
 * hashicorp/aws 6.25 (the version the configuration is pinned to and checked against).
 */
const FLEET_DELETION_PROTECTION_UNAVAILABLE = `the Terraform flavor cannot set it (hashicorp/aws ${AWS_PROVIDER.version.replace('~> ', '')} has no argument for it)`;

/** At most this many AZs are looked up: the core rejects more than the limit anyway. */
const MAX_LOOKED_UP_AZS = 64;

/** What the plan needs to know of where the service is. */
function environmentOf(
  service: Construct, stack: TerraformStack, props: HighlyAvailableServiceProps, region: string, lookUp: boolean,
): ServiceEnvironment {
  let regionAvailabilityZones = props.availabilityZones ?? [];
  if (lookUp) {
    const maxAzs = props.maxAzs;
    const count = maxAzs !== undefined && Number.isInteger(maxAzs) && maxAzs >= 1 && maxAzs <= MAX_LOOKED_UP_AZS ? maxAzs : 3;
    // Every AZ of the region in any state, Local and Wavelength Zones left out: an opted-in Local
    // Zone sorts before the AZs, and an AZ that turns impaired would drop out of a state filter and
    // shift every index. The AZ is ForceNew on subnets and databases: a plan during an AZ event
    // would propose to replace them.
    const zones = aws.availabilityZones(service, 'AvailabilityZones', { filter: [{ name: 'zone-type', values: ['availability-zone'] }] });
    regionAvailabilityZones = Array.from({ length: count }, (_, i) => `\${${zones.fqn}.names[${i}]}`);
  }
  const ids = (list?: string[]) => list ?? [];
  return {
    path: service.node.path,
    stackName: stack.node.id,
    pathInStack: service.node.scopes.slice(stack.node.scopes.length).map((c) => c.node.id),
    region,
    regionAvailabilityZones,
    availabilityZonesLookedUp: lookUp,
    // hashicorp/aws 6.25 has no availability_zone_impairment_policy on the group: only the load balancer shifts.
    fleetZonalShift: false,
    fleetDeletionProtectionUnavailable: FLEET_DELETION_PROTECTION_UNAVAILABLE,
    vpc: props.vpcId === undefined ? undefined : {
      availabilityZones: props.availabilityZones ?? [],
      publicSubnets: ids(props.publicSubnetIds).length > 0,
      privateSubnets: ids(props.privateSubnetIds).length > 0,
      isolatedSubnets: ids(props.isolatedSubnetIds).length > 0,
      subnetIds: { public: ids(props.publicSubnetIds), private: ids(props.privateSubnetIds), isolated: ids(props.isolatedSubnetIds) },
    },
    isUnresolved: (value) => Token.isUnresolved(value) || (typeof value === 'string' && value.includes('${')),
  };
}

/**
 * Writes the report beside the stack's `cdk.tf.json`, as JSON and Markdown. An app run on its own
 * in a terminal (`npx tsx main.ts`: the cdktf CLI, which sets CDKTF_OUTDIR, prints warnings itself)
 * also says where the configuration and the report went, and the warnings.
 */
function writeReport(
  service: Construct, stack: TerraformStack, name: string, report: ResilienceReport, diagram: string, warnings: ServiceWarning[],
): void {
  addCustomSynthesis(service, {
    onSynthesize(session: ISynthesisSession) {
      const dir = path.join(session.outdir, session.manifest.forStack(stack).workingDirectory);
      fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(report, undefined, 2) + '\n');
      fs.writeFileSync(path.join(dir, `${name}.md`), renderReportMarkdown(service.node.path, report, diagram));
      if (process.stderr.isTTY && process.env.CDKTF_OUTDIR === undefined) {
        process.stderr.write(synthesisSummary(service.node.path, path.relative(process.cwd(), dir), name, warnings));
      }
    },
  });
}

/** What a cdktf app run on its own prints for one service: where its files went, and its warnings. */
export function synthesisSummary(servicePath: string, dir: string, reportFileName: string, warnings: ServiceWarning[]): string {
  return [
    `${servicePath}: Terraform configuration ${path.join(dir, 'cdk.tf.json')}`,
    `  resilience report and deployment diagram: ${path.join(dir, `${reportFileName}.md`)} (and .json)`,
    ...warnings.map((w) => `  warning [${w.id}]: ${w.message}`),
    '',
  ].join('\n');
}
