import { CfnElement, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HighlyAvailableService, LoadBalancingAlgorithm } from '../../src';
import { ROLLBACK_RELEASE_FUNCTION } from '../../src/core/tiers/rollback-release';
import { synthService, testStack } from '../util';

const NO_HTTPS_WARNING = 'cdk-highly-available-service:noHttps';

function lbAttributes(template: Template): Record<string, string> {
  const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any;
  return Object.fromEntries(lb.Properties.LoadBalancerAttributes.map((a: any) => [a.Key, a.Value]));
}

function tgAttributes(template: Template): Record<string, string> {
  const tg = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup'))[0] as any;
  return Object.fromEntries(tg.Properties.TargetGroupAttributes.map((a: any) => [a.Key, a.Value]));
}

describe('load balancer, default (no certificate)', () => {
  const { template, stack, service } = synthService({ database: false });

  test('internet-facing in the public subnet of every AZ', () => {
    const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any;
    expect(lb.Properties.Scheme).toBe('internet-facing');
    expect(lb.Properties.Subnets).toHaveLength(3);
    expect(lb.Properties.Subnets.map((s: any) => s.Ref).every((id: string) => /PublicSubnet/.test(id))).toBe(true);
  });

  test('drops invalid headers, is deletion protected and logs access to its bucket', () => {
    const attrs = lbAttributes(template);
    expect(attrs['routing.http.drop_invalid_header_fields.enabled']).toBe('true');
    expect(attrs['deletion_protection.enabled']).toBe('true');
    expect(attrs['access_logs.s3.enabled']).toBe('true');
    expect(attrs['access_logs.s3.prefix']).toBe('alb');
  });

  test('the access-log bucket is SSE-S3, SSL-only, private, retained, versioned, announced, with a lifecycle', () => {
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        VersioningConfiguration: { Status: 'Enabled' },
        NotificationConfiguration: { EventBridgeConfiguration: { EventBridgeEnabled: true } },
        LifecycleConfiguration: {
          Rules: [
            Match.objectLike({ ExpirationInDays: 365, Status: 'Enabled' }),
            Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 30 }, ExpiredObjectDeleteMarker: true, Status: 'Enabled' }),
          ],
        },
      },
    });
    // No custom resource (Lambda) behind the notifications: the one function is the release on rollback's.
    expect(Object.values<any>(template.findResources('AWS::Lambda::Function')).map((f) => f.Properties.Code.ZipFile)).toEqual([ROLLBACK_RELEASE_FUNCTION.code]);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('plain HTTP on port 80 forwards to the fleet, with a stable warning', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, Protocol: 'HTTP', DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    Annotations.fromStack(stack).hasWarning('/Test/Web', Match.stringLikeRegexp('plain HTTP'));
    const warnings = Annotations.fromStack(stack).findWarning('/Test/Web', Match.anyValue());
    expect(JSON.stringify(warnings)).toContain(NO_HTTPS_WARNING);
    expect(service.url).toMatch(/^http:\/\//);
  });

  test('the security group opens only the listener port, to the world by default', () => {
    const ingress = template.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Load balancer') } });
    const sg = Object.values(ingress)[0] as any;
    expect(sg.Properties.SecurityGroupIngress).toEqual([
      expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80, IpProtocol: 'tcp' }),
    ]);
    // Egress only to the fleet on the app port.
    template.hasResourceProperties('AWS::EC2::SecurityGroupEgress', { FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp' });
  });

  test('target group: /health every 10 s, timeout 5 s, 2 healthy / 2 unhealthy, 30 s deregistration', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 8080,
      Protocol: 'HTTP',
      TargetType: 'instance',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
    });
    const attrs = tgAttributes(template);
    expect(attrs['deregistration_delay.timeout_seconds']).toBe('30');
    expect(attrs['load_balancing.algorithm.type']).toBe('round_robin');
    expect(attrs['slow_start.duration_seconds']).toBeUndefined();
    expect(service.resilienceReport.detectionSeconds).toBe(20);
  });

  test('the service URL is a stack output', () => {
    template.hasOutput('*', { Value: { 'Fn::Join': ['', ['http://', { 'Fn::GetAtt': [Match.stringLikeRegexp('LoadBalancer'), 'DNSName'] }]] } });
  });
});

describe('load balancer, configured', () => {
  test('HTTPS with a DNS-validated certificate, HTTP redirecting, an alias record, narrowed CIDRs', () => {
    const { stack } = testStack();
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    const svc = new HighlyAvailableService(stack, 'Web', {
      database: false, domainName: 'api.example.com', hostedZone, allowedCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443, Protocol: 'HTTPS', SslPolicy: Match.stringLikeRegexp('TLS'), Certificates: [{ CertificateArn: { Ref: Match.anyValue() } }],
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' } }],
    });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', HostedZoneId: 'Z123' });
    const sg = Object.values(t.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('^Load balancer') } }))[0] as any;
    const rules = sg.Properties.SecurityGroupIngress.map((r: any) => `${r.CidrIp}:${r.FromPort}`).sort();
    expect(rules).toEqual(['198.51.100.0/24:443', '198.51.100.0/24:80', '203.0.113.0/24:443', '203.0.113.0/24:80']);
    expect(svc.url).toBe('https://api.example.com');
    expect(Annotations.fromStack(stack).findWarning('/Test/Web', Match.stringLikeRegexp('plain HTTP'))).toHaveLength(0);
  });

  test('a given certificate is used without creating one', () => {
    const { stack } = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:eu-west-1:111111111111:certificate/abc');
    new HighlyAvailableService(stack, 'Web', { database: false, certificate });
    const t = Template.fromStack(stack);
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Certificates: [{ CertificateArn: certificate.certificateArn }] });
  });

  test('internal load balancer in the private subnets, open by default to the VPC\'s own range only', () => {
    const { template, service } = synthService({ database: false, internetFacing: false });
    const lb = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'))[0] as any;
    expect(lb.Properties.Scheme).toBe('internal');
    expect(lb.Properties.Subnets.map((s: any) => s.Ref).every((id: string) => /PrivateSubnet/.test(id))).toBe(true);
    const group = template.toJSON().Resources[Stack.of(service).getLogicalId(service.loadBalancerSecurityGroup.node.defaultChild as CfnElement)];
    // The range of the VPC it creates is known at synth.
    expect(group.Properties.SecurityGroupIngress).toEqual([
      { CidrIp: '10.0.0.0/16', Description: 'Listener 80 from 10.0.0.0/16', FromPort: 80, IpProtocol: 'tcp', ToPort: 80 },
    ]);
    // Nothing is open to the internet, so there is no AwsSolutions-EC23 to acknowledge.
    expect(JSON.stringify(service.loadBalancerSecurityGroup.node.metadata)).not.toContain('EC23');
  });

  test('in the user\'s VPC, an internal load balancer admits that VPC\'s range, which cdk-nag can only read at deploy time', () => {
    const { stack } = testStack();
    const vpc = new ec2.Vpc(stack, 'Shared', { maxAzs: 3 });
    const service = new HighlyAvailableService(stack, 'Web', { vpc, database: false, internetFacing: false });
    const group = Template.fromStack(stack).toJSON().Resources[stack.getLogicalId(service.loadBalancerSecurityGroup.node.defaultChild as CfnElement)];
    expect(group.Properties.SecurityGroupIngress).toEqual([
      { CidrIp: { 'Fn::GetAtt': [stack.getLogicalId(vpc.node.defaultChild as CfnElement), 'CidrBlock'] }, Description: 'Listener 80 from the VPC', FromPort: 80, IpProtocol: 'tcp', ToPort: 80 },
    ]);
    // cdk-nag fails a range it cannot resolve: the acknowledgement says why it does not apply, and is needed.
    const acks = service.loadBalancerSecurityGroup.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    expect(acks.map((m) => Object.keys(m.data as object))).toEqual([['AwsSolutions::AwsSolutions-EC23']]);
    const bare = new AwsSolutionsChecks().validateScope(service.loadBalancerSecurityGroup);
    expect(bare.violations.map((v) => v.ruleName)).toEqual(['AwsSolutions-EC23']);
  });

  test('health-check settings, algorithm and slow start are props', () => {
    const { template, service } = synthService({
      database: false,
      healthCheckPath: '/ready',
      healthCheckInterval: Duration.seconds(15),
      healthCheckTimeout: Duration.seconds(6),
      healthyThresholdCount: 3,
      unhealthyThresholdCount: 4,
      deregistrationDelay: Duration.seconds(120),
      loadBalancingAlgorithm: LoadBalancingAlgorithm.LEAST_OUTSTANDING_REQUESTS,
      slowStart: Duration.seconds(60),
      appPort: 3000,
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      Port: 3000,
      HealthCheckPath: '/ready',
      HealthCheckIntervalSeconds: 15,
      HealthCheckTimeoutSeconds: 6,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
    });
    const attrs = tgAttributes(template);
    expect(attrs['deregistration_delay.timeout_seconds']).toBe('120');
    expect(attrs['load_balancing.algorithm.type']).toBe('least_outstanding_requests');
    expect(attrs['slow_start.duration_seconds']).toBe('60');
    expect(service.resilienceReport.detectionSeconds).toBe(60);
  });

  test('weighted random turns on anomaly mitigation', () => {
    const { template } = synthService({ database: false, loadBalancingAlgorithm: LoadBalancingAlgorithm.WEIGHTED_RANDOM });
    const attrs = tgAttributes(template);
    expect(attrs['load_balancing.algorithm.type']).toBe('weighted_random');
    expect(attrs['load_balancing.algorithm.anomaly_mitigation']).toBe('on');
  });

  test('access logs work in an environment-agnostic stack through a region mapping', () => {
    const { template } = synthService({ database: false }, { envAgnostic: true });
    expect(lbAttributes(template)['access_logs.s3.enabled']).toBe('true');
    const policy = Object.values(template.findResources('AWS::S3::BucketPolicy'))[0] as any;
    const principals = JSON.stringify(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Principal));
    expect(principals).toContain('Fn::FindInMap');
    expect(principals).toContain('logdelivery.elasticloadbalancing.amazonaws.com');
  });
});
