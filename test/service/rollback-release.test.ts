// The release on rollback's handler (the Python that CloudFormation's custom resources call), run
// against moto's AWS API server: moto serves CloudFormation's DescribeStacks, RDS, Elastic Load
// Balancing and Auto Scaling. The server runs inside the one Python process that drives the
// scenario (moto's ThreadedMotoServer), because only that process can put moto's stack in the
// statuses under test: moto completes every stack operation at once, so no API call leaves a
// stack ROLLBACK_IN_PROGRESS or DELETE_IN_PROGRESS. moto 5.2 has no ModifyGlobalCluster: the
// scenario adds one to it that sets the global cluster's DeletionProtection moto keeps (and
// answers the global cluster, as RDS does). Nothing is written to disk.
import { spawn } from 'child_process';
import { ROLLBACK_RELEASE_FUNCTION } from '../../src/core/tiers/rollback-release';

type Json = any;

const SCENARIO = String.raw`
import http.server, json, logging, os, sys, threading, types
from moto.server import ThreadedMotoServer
from moto.autoscaling.responses import AutoScalingResponse
from moto.cloudformation.models import cloudformation_backends

logging.disable(logging.CRITICAL)
server = ThreadedMotoServer(ip_address='127.0.0.1', port=0, verbose=False)
server.start()
host, port = server.get_host_and_port()
os.environ['AWS_ENDPOINT_URL'] = 'http://%s:%d' % (host, port)
import boto3

# moto keeps no DeletionProtection of a group: what UpdateAutoScalingGroup was asked to set is recorded.
group_protection = {}
update_group = AutoScalingResponse.update_auto_scaling_group
def recording(self):
    if self._get_param('DeletionProtection') is not None:
        group_protection[self._get_param('AutoScalingGroupName')] = self._get_param('DeletionProtection')
    return update_group(self)
AutoScalingResponse.update_auto_scaling_group = recording

from moto.core.responses import ActionResult
from moto.rds.responses import RDSResponse
def modify_global_cluster(self):
    cluster = self.global_backend.global_clusters[self.params['GlobalClusterIdentifier']]
    if 'DeletionProtection' in self.params:
        cluster.deletion_protection = self.params['DeletionProtection'] in (True, 'true')
    return ActionResult({'GlobalCluster': cluster})
RDSResponse.modify_global_cluster = modify_global_cluster

# The custom resource's ResponseURL: what the handler answers CloudFormation.
answers = []
class Answers(http.server.BaseHTTPRequestHandler):
    def do_PUT(self):
        answers.append(json.loads(self.rfile.read(int(self.headers['Content-Length']))))
        self.send_response(200)
        self.end_headers()
    def log_message(self, *args):
        pass
answer_server = http.server.HTTPServer(('127.0.0.1', 0), Answers)
threading.Thread(target=answer_server.serve_forever, daemon=True).start()

ec2 = boto3.client('ec2')
vpc = ec2.create_vpc(CidrBlock='10.0.0.0/16')['Vpc']['VpcId']
subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock='10.0.%d.0/24' % i, AvailabilityZone='eu-west-1' + z)['Subnet']['SubnetId'] for i, z in enumerate('ab')]
elb = boto3.client('elbv2')
rds = boto3.client('rds')
autoscaling = boto3.client('autoscaling')
cfn = boto3.client('cloudformation')

def protected_service():
    lb = elb.create_load_balancer(Name='web', Subnets=subnets, Type='application')['LoadBalancers'][0]['LoadBalancerArn']
    elb.modify_load_balancer_attributes(LoadBalancerArn=lb, Attributes=[{'Key': 'deletion_protection.enabled', 'Value': 'true'}])
    rds.create_db_cluster(DBClusterIdentifier='aurora', Engine='aurora-postgresql', MasterUsername='service', MasterUserPassword='password-123', DeletionProtection=True)
    rds.create_db_instance(DBInstanceIdentifier='postgres', Engine='postgres', DBInstanceClass='db.m7g.large', AllocatedStorage=20, MultiAZ=True,
                           MasterUsername='service', MasterUserPassword='password-123', DeletionProtection=True)
    autoscaling.create_launch_configuration(LaunchConfigurationName='web', ImageId='ami-12c6146b', InstanceType='t3.micro')
    autoscaling.create_auto_scaling_group(AutoScalingGroupName='web', LaunchConfigurationName='web', MinSize=0, MaxSize=1, VPCZoneIdentifier=','.join(subnets))
    # A MultiRegionService's global database: created without protection, which its release sets.
    rds.create_global_cluster(GlobalClusterIdentifier='shop-global', Engine='aurora-postgresql', StorageEncrypted=True)
    return {'loadBalancer': lb, 'databaseCluster': 'aurora', 'databaseInstance': 'postgres', 'autoScalingGroup': 'web', 'globalCluster': 'shop-global'}

def state(names):
    attrs = elb.describe_load_balancer_attributes(LoadBalancerArn=names['loadBalancer'])['Attributes']
    return {
        'loadBalancer': next(a['Value'] for a in attrs if a['Key'] == 'deletion_protection.enabled'),
        'databaseCluster': rds.describe_db_clusters(DBClusterIdentifier='aurora')['DBClusters'][0]['DeletionProtection'],
        'databaseInstance': rds.describe_db_instances(DBInstanceIdentifier='postgres')['DBInstances'][0]['DeletionProtection'],
        'autoScalingGroup': group_protection.get('web'),
        'globalCluster': rds.describe_global_clusters(GlobalClusterIdentifier='shop-global')['GlobalClusters'][0]['DeletionProtection'],
    }

def refused_deletes(names):
    refused = []
    for name, call in [('databaseCluster', lambda: rds.delete_db_cluster(DBClusterIdentifier='aurora', SkipFinalSnapshot=True)),
                       ('databaseInstance', lambda: rds.delete_db_instance(DBInstanceIdentifier='postgres', SkipFinalSnapshot=True))]:
        try:
            call()
        except Exception as e:
            refused.append(name + ': ' + e.response['Error']['Code'])
    return refused

stack = cfn.create_stack(StackName='service', TemplateBody=json.dumps({'Resources': {'Handle': {'Type': 'AWS::CloudFormation::WaitConditionHandle'}}}))['StackId']
def set_stack_status(status):
    for backend in cloudformation_backends.values():
        for region in backend.values():
            if stack in region.stacks:
                region.stacks[stack].status = status

given = json.load(sys.stdin)
index = types.ModuleType('index')
exec(given['code'], index.__dict__)

def invoke(request, target, resource, sets=None, physical=True):
    props = {'ServiceToken': 'arn:aws:lambda:eu-west-1:123456789012:function:release', 'Target': target, 'Resource': resource}
    if sets:
        props['DeletionProtection'] = sets
    event = {
        'RequestType': request, 'ServiceToken': props['ServiceToken'], 'StackId': stack, 'RequestId': 'r-' + str(len(answers)),
        'ResponseURL': 'http://127.0.0.1:%d/answer' % answer_server.server_port, 'LogicalResourceId': 'WebRollbackRelease' + target,
        'ResourceType': 'Custom::DeletionProtectionRelease', 'ResourceProperties': props,
    }
    if physical and request != 'Create':
        event['PhysicalResourceId'] = 'WebRollbackRelease' + target
    before = len(answers)
    index.handler(event, None)
    return [(a['Status'], a['Reason'], a['PhysicalResourceId'], a['StackId'] == stack) for a in answers[before:]]

out = {}
names = protected_service()
# A first create, or an update that adds the releases: the group's release sets its protection, the others change nothing.
set_stack_status('CREATE_IN_PROGRESS')
SETS = {'autoScalingGroup': 'prevent-all-deletion', 'globalCluster': 'true'}
out['create'] = {t: invoke('Create', t, n, SETS.get(t)) for t, n in names.items()}
out['afterCreate'] = state(names)
set_stack_status('UPDATE_IN_PROGRESS')
out['update'] = invoke('Update', 'autoScalingGroup', 'web', 'prevent-all-deletion')
# Every other status a release is deleted in changes nothing.
out['kept'] = {}
for status in given['keeping']:
    set_stack_status(status)
    out['kept'][status] = {'answers': {t: invoke('Delete', t, n) for t, n in names.items()}, 'state': state(names)}
out['refusedWhileProtected'] = refused_deletes(names)
# The rollback of a failed first create releases each resource.
set_stack_status('ROLLBACK_IN_PROGRESS')
out['released'] = {t: invoke('Delete', t, n) for t, n in names.items()}
out['afterRelease'] = state(names)
out['refusedAfterRelease'] = refused_deletes(names)
elb.delete_load_balancer(LoadBalancerArn=names['loadBalancer'])
# Failures: a Delete answers SUCCESS whatever happens (a release whose create failed, a resource gone); a Create that cannot protect the group fails.
out['deleteOfMissing'] = invoke('Delete', 'databaseCluster', 'no-such-cluster', physical=False)
set_stack_status('CREATE_IN_PROGRESS')
out['createOfMissing'] = invoke('Create', 'autoScalingGroup', 'no-such-group', 'prevent-all-deletion')
os.environ['AWS_ENDPOINT_URL_CLOUDFORMATION'] = 'http://127.0.0.1:9'
out['describeFails'] = invoke('Delete', 'loadBalancer', names['loadBalancer'])
answer_server.shutdown()
server.stop()
print(json.dumps(out))
`;

/** Runs the scenario once: Python with boto3 and moto, no credentials or config of this machine, one attempt per call. */
function runScenario(input: Json): Promise<Json> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', SCENARIO], {
      env: {
        PATH: process.env.PATH!,
        HOME: process.env.HOME!,
        PYTHONDONTWRITEBYTECODE: '1',
        AWS_ACCESS_KEY_ID: 'testing',
        AWS_SECRET_ACCESS_KEY: 'testing',
        AWS_DEFAULT_REGION: 'eu-west-1',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_MAX_ATTEMPTS: '1',
      },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => { out += c; });
    child.stderr.on('data', (c) => { err += c; });
    child.on('error', reject);
    child.stdin.end(JSON.stringify(input));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`python3 exited ${code}: ${err}`))));
  });
}

const KEEPING = ['DELETE_IN_PROGRESS', 'UPDATE_ROLLBACK_IN_PROGRESS', 'UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS', 'UPDATE_COMPLETE_CLEANUP_IN_PROGRESS'];
const PROTECTED = { loadBalancer: 'true', databaseCluster: true, databaseInstance: true, autoScalingGroup: 'prevent-all-deletion', globalCluster: true };
let result: Json;

beforeAll(async () => {
  result = await runScenario({ code: ROLLBACK_RELEASE_FUNCTION.code, keeping: KEEPING });
}, 120_000);

test('Create and Update: the group\'s and the global cluster\'s releases set their protection (left out of the template); the others change nothing', () => {
  expect(result.create).toEqual({
    loadBalancer: [['SUCCESS', 'nothing to do: the protection is in the template', 'WebRollbackReleaseloadBalancer', true]],
    databaseCluster: [['SUCCESS', 'nothing to do: the protection is in the template', 'WebRollbackReleasedatabaseCluster', true]],
    databaseInstance: [['SUCCESS', 'nothing to do: the protection is in the template', 'WebRollbackReleasedatabaseInstance', true]],
    autoScalingGroup: [['SUCCESS', 'autoScalingGroup web: deletion protection prevent-all-deletion', 'WebRollbackReleaseautoScalingGroup', true]],
    globalCluster: [['SUCCESS', 'globalCluster shop-global: deletion protection true', 'WebRollbackReleaseglobalCluster', true]],
  });
  expect(result.afterCreate).toEqual(PROTECTED);
  expect(result.update).toEqual([['SUCCESS', 'autoScalingGroup web: deletion protection prevent-all-deletion', 'WebRollbackReleaseautoScalingGroup', true]]);
});

test.each(KEEPING)('a Delete while the stack is %s (a destroy, an update\'s rollback or clean-up) changes nothing and answers SUCCESS', (status) => {
  const kept = result.kept[status];
  for (const answers of Object.values<Json>(kept.answers)) expect(answers).toEqual([['SUCCESS', `stack ${status}: protection kept`, expect.any(String), true]]);
  expect(kept.state).toEqual(PROTECTED);
});

test('moto, like RDS, refuses to delete the databases while they are protected', () => {
  expect(result.refusedWhileProtected).toEqual(['databaseCluster: InvalidParameterCombination', 'databaseInstance: InvalidParameterCombination']);
});

test('a Delete while the stack is ROLLBACK_IN_PROGRESS (a failed first create) turns each kind of protection off, and the deletes go through', () => {
  for (const [target, answers] of Object.entries<Json>(result.released)) {
    expect(answers).toEqual([['SUCCESS', expect.stringMatching(new RegExp(`^stack ROLLBACK_IN_PROGRESS: ${target} .+ released$`)), expect.any(String), true]]);
  }
  expect(result.afterRelease).toEqual({ loadBalancer: 'false', databaseCluster: false, databaseInstance: false, autoScalingGroup: 'none', globalCluster: false });
  expect(result.refusedAfterRelease).toEqual([]);
});

test('failures: a Delete answers SUCCESS and says what failed; a Create that cannot protect the group answers FAILED', () => {
  // The Delete CloudFormation sends a release whose create failed carries the physical id its FAILED answer gave, or none.
  expect(result.deleteOfMissing).toEqual([['SUCCESS', expect.stringMatching(/^failed, protection unchanged: ./), 'WebRollbackReleasedatabaseCluster', true]]);
  expect(result.createOfMissing).toEqual([['FAILED', expect.stringMatching(/^could not set the deletion protection of autoScalingGroup no-such-group: /), 'WebRollbackReleaseautoScalingGroup', true]]);
  expect(result.describeFails).toEqual([['SUCCESS', expect.stringMatching(/^failed, protection unchanged: Could not connect/), 'WebRollbackReleaseloadBalancer', true]]);
});
