/**
 * Route matching as moby's gorilla/mux setup does it: every route also answers
 * under a `/v{version}` prefix, `{param}` matches greedily and may contain
 * slashes (`/images/localhost:5000/a/b:tag/json`), routes are tried in order,
 * and a wrong method is simply no match (404).
 */
import type { Handler } from './exchange.js';

export interface Route {
  method: string;
  pattern: string;
  handler: Handler;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
}

interface CompiledRoute {
  method: string;
  re: RegExp;
  names: string[];
  handler: Handler;
}

export const route = (method: string, pattern: string, handler: Handler): Route => ({ method, pattern, handler });

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(r: Route): CompiledRoute {
  const names: string[] = [];
  let source = '';
  let last = 0;
  for (const m of r.pattern.matchAll(/\{(\w+)\}/g)) {
    source += escapeRe(r.pattern.slice(last, m.index)) + '(.*)';
    names.push(m[1]);
    last = m.index + m[0].length;
  }
  source += escapeRe(r.pattern.slice(last));
  return { method: r.method, re: new RegExp(`^${source}$`, 's'), names, handler: r.handler };
}

const VERSION_PREFIX = /^\/v([0-9.]+)(\/.*)$/s;

/** Split `/v1.43/containers/json` into the version and the route path. */
export function splitVersion(path: string): { version?: string; path: string } {
  const m = VERSION_PREFIX.exec(path);
  return m ? { version: m[1], path: m[2] } : { path };
}

export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: Route[]) {
    this.routes = routes.map(compile);
  }

  /** `path` is percent-decoded and without the version prefix. */
  match(method: string, path: string): RouteMatch | undefined {
    for (const r of this.routes) {
      if (r.method !== method) continue;
      const m = r.re.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => (params[name] = m[i + 1]));
      return { handler: r.handler, params };
    }
    return undefined;
  }
}
