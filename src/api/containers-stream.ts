/**
 * Container endpoints whose response is a stream: wait (headers now, body at
 * exit), attach (hijacked), logs and stats (until the client goes), export.
 */
import type { ContainerWaitResponse } from '../apitypes/containers.js';
import type { WaitCondition } from '../engine/types.js';
import { invalidArgument } from '../errdefs/index.js';
import { publicMessage } from './errors.js';
import type { Handler } from './exchange.js';
import { serveSession } from './hijack.js';
import { boolValue, boolValueOrDefault, parseTimestamp } from './request.js';
import {
  MEDIA_MULTIPLEXED_STREAM,
  MEDIA_RAW_STREAM,
  forEachUntil,
  sendJson,
  sendStream,
  startStream,
  writeChunk,
} from './response.js';
import { type Route, route } from './router.js';
import { frame, streamId } from './stdcopy.js';
import { versionAtLeast } from '../util/versions.js';

const WAIT_CONDITIONS: ReadonlySet<string> = new Set<WaitCondition>(['not-running', 'next-exit', 'removed']);

/** Until 1.30 there was no `condition` and headers came with the result. */
const wait: Handler = async ({ res, query, params, version, signal, services }) => {
  const modern = versionAtLeast(version, '1.30');
  const condition = (modern && query.get('condition')) || 'not-running';
  if (!WAIT_CONDITIONS.has(condition)) throw invalidArgument(`invalid condition: ${JSON.stringify(condition)}`);
  const { result } = await services.containers.wait(params.name, condition as WaitCondition);
  if (!modern) {
    sendJson(res, 200, await result);
    return;
  }
  startStream(res, 'application/json');
  let outcome: ContainerWaitResponse;
  try {
    outcome = await result;
  } catch (err) {
    // The condition failed (say, removal did): no exit code to report, the error says why.
    outcome = { StatusCode: -1, Error: { Message: publicMessage(err) } };
  }
  if (!signal.aborted) res.end(JSON.stringify(outcome) + '\n');
};

const attach: Handler = async (ex) => {
  const { query } = ex;
  const session = await ex.services.containers.attach(ex.params.name, {
    stream: boolValue(query, 'stream'),
    logs: boolValue(query, 'logs'),
    stdin: boolValue(query, 'stdin'),
    stdout: boolValue(query, 'stdout'),
    stderr: boolValue(query, 'stderr'),
    detachKeys: query.get('detachKeys') ?? undefined,
  });
  await serveSession(ex, session);
};

/** `all`, a count, or (like Docker) anything unparsable or negative meaning all. */
function parseTail(s: string | null): number | 'all' {
  const n = s !== null && /^\d+$/.test(s) ? Number(s) : NaN;
  return Number.isSafeInteger(n) ? n : 'all';
}

const logs: Handler = async ({ res, query, params, version, signal, services }) => {
  const stdout = boolValue(query, 'stdout');
  const stderr = boolValue(query, 'stderr');
  if (!stdout && !stderr) throw invalidArgument('Bad parameters: you must choose at least one stream');
  const { tty, output } = await services.containers.logs(params.name, {
    follow: boolValue(query, 'follow'),
    stdout,
    stderr,
    since: parseTimestamp(query, 'since') ?? 0,
    until: parseTimestamp(query, 'until') ?? 0,
    timestamps: boolValue(query, 'timestamps'),
    tail: parseTail(query.get('tail')),
  });
  startStream(res, !tty && versionAtLeast(version, '1.42') ? MEDIA_MULTIPLEXED_STREAM : MEDIA_RAW_STREAM);
  await forEachUntil(output, signal, (chunk) => writeChunk(res, tty ? chunk.data : frame(streamId(chunk.stream), chunk.data)));
  res.end();
};

/** The first sample is awaited before the headers, so a missing container is still a 404. */
const stats: Handler = async ({ res, query, params, version, signal, services }) => {
  const stream = boolValueOrDefault(query, 'stream', true);
  const oneShot = versionAtLeast(version, '1.41') && boolValueOrDefault(query, 'one-shot', false);
  const it = services.containers.stats(params.name, { stream, oneShot })[Symbol.asyncIterator]();
  const first = await it.next();
  startStream(res, 'application/json');
  const write = (sample: unknown): Promise<boolean> => writeChunk(res, JSON.stringify(sample) + '\n');
  if (first.done) {
    res.end();
    return;
  }
  // The producer sits at a yield here, so return() settles at once.
  if (await write(first.value)) await forEachUntil({ [Symbol.asyncIterator]: () => it }, signal, write);
  else await it.return?.();
  res.end();
};

const exportContainer: Handler = async ({ res, params, services }) =>
  sendStream(res, 'application/x-tar', await services.containers.export(params.name));

export const containerStreamRoutes: Route[] = [
  route('POST', '/containers/{name}/wait', wait),
  route('POST', '/containers/{name}/attach', attach),
  route('GET', '/containers/{name}/logs', logs),
  route('GET', '/containers/{name}/stats', stats),
  route('GET', '/containers/{name}/export', exportContainer),
];
