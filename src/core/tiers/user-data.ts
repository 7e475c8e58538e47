/**
 * The shell commands of the fleet's user data, as plain lines, so both renderers write the same
 * script: the built-in app, the service's environment file, and the launch health gate.
 */
import { LaunchHookPlan } from './fleet';

/** A string as one single-quoted shell word: nothing in it is expanded or ends the word. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, '\'\\\'\'')}'`;
}

/** Where the instances find the service's connection settings (e.g. the cache's), as KEY=value lines. */
export const ENVIRONMENT_FILE = '/etc/cdk-highly-available-service/service.env';

/**
 * The user's shell script with the settings written first, after its `#!` line, so that whatever
 * the script starts finds the file (its own commands follow, unchanged). Text without a `#!` line
 * is not a shell script and is left as it is: the file cannot be written from it.
 */
export function withEnvironmentFirst(script: string, environment: Record<string, string>): string[] {
  if (!script.startsWith('#!')) return [script];
  const newline = script.indexOf('\n');
  const shebang = newline < 0 ? script : script.slice(0, newline);
  const rest = newline < 0 ? [] : [script.slice(newline + 1)];
  return [shebang, ...environmentCommands(environment), ...rest];
}

/** Shell commands that write the settings to {@link ENVIRONMENT_FILE}, literally (a quoted here-document). */
export function environmentCommands(environment: Record<string, string>): string[] {
  const lines = Object.entries(environment).map(([key, value]) => `${key}=${value}`);
  if (lines.length === 0) return [];
  return [
    `mkdir -p ${ENVIRONMENT_FILE.replace(/\/[^/]+$/, '')}`,
    `cat > ${ENVIRONMENT_FILE} <<'ENV'\n${lines.join('\n')}\nENV`,
    `chmod 644 ${ENVIRONMENT_FILE}`,
  ];
}

/**
 * Commands that install and start the small HTTP app the fleet runs when the user brings none: it
 * answers `/` with the instance and its AZ and the health-check path with 200, so a zero-config
 * deploy serves traffic and its load balancer health checks pass. Python 3 ships with Amazon
 * Linux 2023. The service's settings are written first, so the app starts with them.
 */
export function builtinAppCommands(port: number, healthCheckPath: string, environment: Record<string, string> = {}): string[] {
  const server = [
    'import http.server, json, socket, urllib.request',
    'def imds(path):',
    '    try:',
    "        token = urllib.request.urlopen(urllib.request.Request('http://169.254.169.254/latest/api/token', method='PUT', headers={'X-aws-ec2-metadata-token-ttl-seconds': '60'}), timeout=2).read().decode()",
    "        return urllib.request.urlopen(urllib.request.Request('http://169.254.169.254/latest/meta-data/' + path, headers={'X-aws-ec2-metadata-token': token}), timeout=2).read().decode()",
    '    except Exception:',
    "        return 'unknown'",
    "INFO = json.dumps({'service': 'cdk-highly-available-service', 'instance': imds('instance-id'), 'zone': imds('placement/availability-zone'), 'host': socket.gethostname()}).encode()",
    'class Handler(http.server.BaseHTTPRequestHandler):',
    '    def do_GET(self):',
    `        if self.path == ${JSON.stringify(healthCheckPath)}:`,
    "            body, kind = b'ok', 'text/plain'",
    "        elif self.path == '/':",
    "            body, kind = INFO, 'application/json'",
    '        else:',
    '            self.send_error(404); return',
    '        self.send_response(200)',
    "        self.send_header('Content-Type', kind)",
    "        self.send_header('Content-Length', str(len(body)))",
    '        self.end_headers()',
    '        self.wfile.write(body)',
    '    def log_message(self, *args):',
    '        pass',
    `http.server.ThreadingHTTPServer(('', ${port}), Handler).serve_forever()`,
  ];
  const unit = [
    '[Unit]',
    'Description=cdk-highly-available-service built-in app',
    'After=network-online.target',
    '[Service]',
    // Only with settings to read: an unchanged unit keeps an upgrade from rolling the fleet.
    ...(Object.keys(environment).length ? [`EnvironmentFile=-${ENVIRONMENT_FILE}`] : []),
    'ExecStart=/usr/bin/python3 /opt/builtin-app/server.py',
    'Restart=always',
    'DynamicUser=yes',
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return [
    ...environmentCommands(environment),
    'set -euo pipefail',
    'mkdir -p /opt/builtin-app',
    `cat > /opt/builtin-app/server.py <<'PY'\n${server.join('\n')}\nPY`,
    `cat > /etc/systemd/system/builtin-app.service <<'UNIT'\n${unit.join('\n')}\nUNIT`,
    'systemctl daemon-reload',
    'systemctl enable --now builtin-app.service',
  ];
}

/** Where the instances keep the launch hook's report when it runs at every boot, and its systemd unit. */
export const LAUNCH_HOOK_SCRIPT = '/opt/cdk-highly-available-service/launch-hook.sh';
export const LAUNCH_HOOK_UNIT = 'cdk-highly-available-service-launch-hook.service';

/**
 * Commands that wait for the app to answer its health check on loopback, then complete the
 * group's launch lifecycle action: CONTINUE when it answered in time, else ABANDON (the instance
 * is terminated and replaced). The instance finds its group through Auto Scaling, because the
 * group's name is not known when the user data is written.
 *
 * With {@link LaunchHookPlan.everyBoot} (a warm pool) the same report is installed as a systemd
 * unit that runs at every boot: a warm-pool instance meets the hook when it enters the pool and
 * again when it leaves it, and user data runs only at the first boot. The first boot runs it
 * directly, as the last step of the user data.
 * @param region the region's name (or a reference a renderer resolves inside the script); without
 * it, the instance reads its region from the instance metadata
 */
export function launchHookCommands(hook: LaunchHookPlan, region?: string): string[] {
  const report = [
    'hook_result=ABANDON',
    `hook_deadline=$((SECONDS + ${hook.healthWaitSeconds}))`,
    'while [ "$SECONDS" -lt "$hook_deadline" ]; do',
    `  if curl -fsS -o /dev/null --max-time 5 ${shellQuote(hook.healthUrl)}; then hook_result=CONTINUE; break; fi`,
    '  sleep 5',
    'done',
    "imds_token=$(curl -fsS -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 300' http://169.254.169.254/latest/api/token)",
    'instance_id=$(curl -fsS -H "X-aws-ec2-metadata-token: $imds_token" http://169.254.169.254/latest/meta-data/instance-id)',
    region !== undefined
      ? `hook_region=${shellQuote(region)}`
      : 'hook_region=$(curl -fsS -H "X-aws-ec2-metadata-token: $imds_token" http://169.254.169.254/latest/meta-data/placement/region)',
    'hook_group=$(aws autoscaling describe-auto-scaling-instances --region "$hook_region" --instance-ids "$instance_id" --query \'AutoScalingInstances[0].AutoScalingGroupName\' --output text)',
    `aws autoscaling complete-lifecycle-action --region "$hook_region" --auto-scaling-group-name "$hook_group" --lifecycle-hook-name ${shellQuote(hook.name)} --instance-id "$instance_id" --lifecycle-action-result "$hook_result" || true`,
  ];
  if (!hook.everyBoot) {
    return ['# cdk-highly-available-service: enter service once the app answers its health check', ...report];
  }
  const unit = [
    '[Unit]',
    'Description=cdk-highly-available-service: complete the launch lifecycle hook once the app answers its health check',
    'Wants=network-online.target',
    'After=network-online.target',
    '[Service]',
    'Type=oneshot',
    `ExecStart=${LAUNCH_HOOK_SCRIPT}`,
    '[Install]',
    'WantedBy=multi-user.target',
  ];
  return [
    '# cdk-highly-available-service: enter service once the app answers its health check, at every boot (a warm-pool instance boots again when it leaves the pool)',
    `mkdir -p ${LAUNCH_HOOK_SCRIPT.replace(/\/[^/]+$/, '')}`,
    `cat > ${LAUNCH_HOOK_SCRIPT} <<'HOOK'\n#!/bin/bash\n${report.join('\n')}\nHOOK`,
    `chmod 755 ${LAUNCH_HOOK_SCRIPT}`,
    `cat > /etc/systemd/system/${LAUNCH_HOOK_UNIT} <<'UNIT'\n${unit.join('\n')}\nUNIT`,
    'systemctl daemon-reload',
    `systemctl enable ${LAUNCH_HOOK_UNIT}`,
    LAUNCH_HOOK_SCRIPT,
  ];
}

/** Tag on the group whose value is unique to the service; the instances' permission to complete the hook is scoped by it. */
export const FLEET_TAG = 'cdk-highly-available-service:fleet';

/**
 * The instance role's statements for the launch health gate: completing the hook on the group
 * tagged with this service's unique value (the group cannot be named: its instances launch while
 * it is created), and finding its own group (no resource-level permission exists for that).
 */
export function launchHookPermissions(c: { partition: string; region: string; account: string }, fleetTag: string): Array<Record<string, unknown>> {
  return [
    {
      Effect: 'Allow',
      Action: 'autoscaling:CompleteLifecycleAction',
      Resource: `arn:${c.partition}:autoscaling:${c.region}:${c.account}:autoScalingGroup:*:autoScalingGroupName/*`,
      Condition: { StringEquals: { [`autoscaling:ResourceTag/${FLEET_TAG}`]: fleetTag } },
    },
    { Effect: 'Allow', Action: 'autoscaling:DescribeAutoScalingInstances', Resource: '*' },
  ];
}
