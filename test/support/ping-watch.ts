/**
 * `/_ping` round trips against a daemon, timed from a process of their own so
 * that the test process's own work (building bodies, parsing answers) never
 * counts as the daemon's delay. Run as `node ping-watch.js <socket>`: pings one
 * after another with a short pause until stdin closes; prints `ready` after the
 * first answer and, at the end, the longest round trip in milliseconds.
 */
import { Agent, request } from 'node:http';

const socketPath = process.argv[2] as string;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
let stopped = false;
process.stdin.on('end', () => (stopped = true)).resume();

let longest = 0;
let count = 0;
while (!stopped) {
  const start = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request({ socketPath, path: '/_ping', agent }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end();
  });
  longest = Math.max(longest, performance.now() - start);
  if (count++ === 0) process.stdout.write('ready\n');
  await new Promise((r) => setTimeout(r, 5));
}
agent.destroy();
process.stdout.write(JSON.stringify({ longest, count }) + '\n');
