/**
 * What each of the service's own Lambda functions stands on: a security group that lets it reach
 * only the AWS APIs over HTTPS (it runs in the private subnets, Control Tower CT.LAMBDA.PR.3), its
 * log group encrypted with its own key and kept on delete, and its role.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { logsKey } from './keys';

export interface FunctionScaffoldProps {
  readonly vpc: ec2.IVpc;
  /** The function as its descriptions name it: `Outlier shift function`. */
  readonly title: string;
  readonly logRetentionDays: number;
  readonly logsKeyDescription: string;
  readonly roleDescription: string;
}

export interface FunctionScaffold {
  readonly securityGroup: ec2.SecurityGroup;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;
}

/** The parts, with the ids `<id>SecurityGroup`, `<id>Logs`, `<id>LogsKey` and `<id>Role`. */
export function functionScaffold(scope: Construct, id: string, p: FunctionScaffoldProps): FunctionScaffold {
  const securityGroup = new ec2.SecurityGroup(scope, `${id}SecurityGroup`, {
    vpc: p.vpc,
    description: `${p.title}: HTTPS to the AWS APIs only`,
    allowAllOutbound: false,
  });
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'AWS APIs over HTTPS');
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
    retention: p.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.RETAIN,
    encryptionKey: logsKey(scope, `${id}LogsKey`, p.logsKeyDescription),
  });
  const role = new iam.Role(scope, `${id}Role`, {
    description: p.roleDescription,
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  return { securityGroup, logGroup, role };
}
