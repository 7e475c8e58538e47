import * as ec2 from 'aws-cdk-lib/aws-ec2';

/**
 * User data for the small HTTP app the fleet runs when the user brings none: it answers `/`
 * with the instance and its AZ and `/health` with 200, so a zero-config deploy serves traffic
 * and its load balancer health checks pass. Python 3 ships with Amazon Linux 2023.
 */
export function builtinAppUserData(port: number, healthCheckPath: string, environment: Record<string, string> = {}): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  // The service's connection settings are written first, so the app starts with them.
  userData.addCommands(...environmentCommands(environment));
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
  userData.addCommands(
    'set -euo pipefail',
    'mkdir -p /opt/builtin-app',
    `cat > /opt/builtin-app/server.py <<'PY'\n${server.join('\n')}\nPY`,
    `cat > /etc/systemd/system/builtin-app.service <<'UNIT'\n${unit.join('\n')}\nUNIT`,
    'systemctl daemon-reload',
    'systemctl enable --now builtin-app.service',
  );
  return userData;
}

/** Where the instances find the service's connection settings (e.g. the cache's), as KEY=value lines. */
export const ENVIRONMENT_FILE = '/etc/cdk-highly-available-service/service.env';

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
