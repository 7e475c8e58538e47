// moto's local AWS API server on loopback, started and stopped by the tests that need it
// (moto 5.2 with Flask: `moto_server`). Nothing is written to disk.
import { ChildProcess, spawn } from 'child_process';

export interface MotoServer {
  readonly endpoint: string;
  /** Forgets every resource (moto's reset API). */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `moto_server` on a free loopback port and waits until it listens. */
export async function startMoto(): Promise<MotoServer> {
  const child: ChildProcess = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`moto_server did not start: ${seen}`)), 30_000);
    const onData = (d: Buffer) => {
      seen += d.toString();
      const m = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(seen);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
  });
  // Keep draining its request log so the pipe never fills.
  child.stdout!.resume();
  child.stderr!.resume();
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    reset: async () => { await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' }); },
    stop: () => new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill();
    }),
  };
}
