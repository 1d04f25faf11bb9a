/** `POST /containers/{name}/exec`, `/exec/{id}/start|resize|json`. */
import type { ExecCreateRequest, ExecStartRequest } from '../apitypes/containers.js';
import { internal, invalidArgument } from '../errdefs/index.js';
import { checkExecBody, checkExecStartBody } from './create-body.js';
import type { Handler } from './exchange.js';
import { type HijackedConn, hijack, serveHijacked } from './hijack.js';
import { parseIntStrict, readJson } from './request.js';
import { sendEmpty, sendJson } from './response.js';
import { type Route, route } from './router.js';
import { versionAtLeast } from '../util/versions.js';

const create: Handler = async (ex) => {
  const body = await readJson<ExecCreateRequest>(ex, { optional: true });
  if (body) checkExecBody(body);
  if (!body || !Array.isArray(body.Cmd) || body.Cmd.length === 0) throw invalidArgument('No exec command specified');
  sendJson(ex.res, 201, await ex.services.exec.create(ex.params.name, body));
};

/**
 * Detached: 200 with no body. Otherwise the connection is hijacked for the process's
 * stdio, its head sent before the process is launched (see ExecService.start).
 */
const start: Handler = async (ex) => {
  const body: ExecStartRequest = (await readJson<ExecStartRequest>(ex, { optional: true })) ?? {};
  checkExecStartBody(body);
  const tty = body.Tty === true;
  // A console size needs a TTY, and Linux daemons ignored it before 1.42.
  const consoleSize = tty && versionAtLeast(ex.version, '1.42') ? (body.ConsoleSize ?? null) : null;
  // Declared wide: TS cannot see the callback assign it.
  let conn = undefined as HijackedConn | undefined;
  const session = await ex.services.exec.start(ex.params.id, { detach: body.Detach === true, tty, consoleSize }, (sessionTty) => {
    conn = hijack(ex, { multiplexed: !sessionTty });
  });
  if (!session) {
    sendEmpty(ex.res, 200);
    return;
  }
  if (!conn) throw internal('exec session started without its connection');
  await serveHijacked(ex, conn, session);
};

const resize: Handler = async ({ res, query, params, services }) => {
  await services.exec.resize(params.id, parseIntStrict(query.get('h') ?? ''), parseIntStrict(query.get('w') ?? ''));
  sendEmpty(res, 200);
};

const inspect: Handler = async ({ res, params, services }) => sendJson(res, 200, await services.exec.inspect(params.id));

export const execRoutes: Route[] = [
  route('POST', '/containers/{name}/exec', create),
  route('POST', '/exec/{id}/start', start),
  route('POST', '/exec/{id}/resize', resize),
  route('GET', '/exec/{id}/json', inspect),
];
