/**
 * Who may do what. Requests and tokens speak Docker's scope language
 * (`repository:<name>:pull,push`, `registry:catalog:*`); the policy maps an
 * account to repository-name patterns and the actions allowed there.
 *
 * Access config (JSON):
 *   {
 *     "anonymous": { "public/**": ["pull"] },
 *     "users": {
 *       "alice": { "alice/**": ["*"], "_catalog": ["*"] },
 *       "*":     { "**": ["pull"] }
 *   } }
 * Patterns: `*` matches within one path component, `**` across them; the key
 * `_catalog` stands for `registry:catalog`. Actions: pull, push, delete, or `*`
 * for all. "*" under users applies to every authenticated user. Without a
 * config every authenticated user may do everything and anonymous users nothing.
 */
import { readFile } from 'node:fs/promises';
import { invalidArgument } from '../../../errdefs/index.js';

/** One entry of a request's needs or a token's grants (the token claim's shape). */
export interface Access {
  type: string;
  name: string;
  actions: string[];
}

export type Rules = Record<string, string[]>;

export interface AccessConfig {
  anonymous?: Rules;
  users?: Record<string, Rules>;
}

const ALL_ACTIONS = ['pull', 'push', 'delete', '*'];
const CATALOG_KEY = '_catalog';

interface CompiledRule {
  pattern: RegExp;
  actions: string[];
}

function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((lit) => lit.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${body}$`);
}

function compile(rules: Rules | undefined): CompiledRule[] {
  return Object.entries(rules ?? {}).map(([glob, actions]) => {
    if (!Array.isArray(actions) || actions.some((a) => !ALL_ACTIONS.includes(a))) {
      throw invalidArgument(`access config: actions for ${JSON.stringify(glob)} must be a list of pull, push, delete or *`);
    }
    return { pattern: glob === CATALOG_KEY ? /^$/ : globToRegExp(glob), actions: actions.includes('*') ? ALL_ACTIONS : actions };
  });
}

export class AccessPolicy {
  private readonly anonymous: CompiledRule[];
  private readonly users = new Map<string, CompiledRule[]>();
  private readonly catalog = new Map<string | undefined, string[]>();

  constructor(private readonly config?: AccessConfig) {
    this.anonymous = compile(config?.anonymous);
    this.catalog.set(undefined, config?.anonymous?.[CATALOG_KEY] ?? []);
    for (const [user, rules] of Object.entries(config?.users ?? {})) {
      this.users.set(user, compile(rules));
      this.catalog.set(user, rules[CATALOG_KEY] ?? []);
    }
  }

  static async load(path: string): Promise<AccessPolicy> {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'));
    } catch (err) {
      throw invalidArgument(`access config ${path}: ${(err as Error).message}`, err);
    }
    if (typeof parsed !== 'object' || parsed === null) throw invalidArgument(`access config ${path}: expected a JSON object`);
    return new AccessPolicy(parsed as AccessConfig);
  }

  /** The actions `account` (undefined: anonymous) may take on a resource. */
  allowed(account: string | undefined, type: string, name: string): Set<string> {
    if (!this.config) return new Set(account === undefined ? [] : ALL_ACTIONS);
    if (type === 'registry' && name === 'catalog') {
      const lists = [this.catalog.get(account) ?? [], account === undefined ? [] : (this.catalog.get('*') ?? [])];
      return new Set(lists.flat().length > 0 ? ['*'] : []);
    }
    if (type !== 'repository') return new Set();
    const rules = account === undefined ? this.anonymous : [...(this.users.get(account) ?? []), ...(this.users.get('*') ?? [])];
    const out = new Set<string>();
    for (const rule of rules) if (rule.pattern.test(name)) for (const a of rule.actions) out.add(a);
    return out;
  }

  /** The part of `requested` the account may have: what a token endpoint grants. */
  grant(account: string | undefined, requested: Access[]): Access[] {
    return requested
      .map((r) => {
        const allowed = this.allowed(account, r.type, r.name);
        return { type: r.type, name: r.name, actions: r.actions.filter((a) => allowed.has(a)) };
      })
      .filter((r) => r.actions.length > 0);
  }
}

/** `repository:foo/bar:pull,push` (several per value, space separated); a resource class `repository(plugin)` is dropped. */
export function parseScopes(values: string[]): Access[] {
  const out: Access[] = [];
  for (const scope of values.flatMap((v) => v.split(' ')).filter(Boolean)) {
    const first = scope.indexOf(':');
    const last = scope.lastIndexOf(':');
    if (first <= 0 || last === first) continue;
    out.push({ type: scope.slice(0, first).replace(/\(.*\)$/, ''), name: scope.slice(first + 1, last), actions: scope.slice(last + 1).split(',').filter(Boolean) });
  }
  return out;
}

export function formatScope(needed: Access[]): string {
  return needed.map((a) => `${a.type}:${a.name}:${a.actions.join(',')}`).join(' ');
}

export function covers(granted: Access[], needed: Access[]): boolean {
  return needed.every((n) => n.actions.every((a) => granted.some((g) => g.type === n.type && g.name === n.name && (g.actions.includes(a) || g.actions.includes('*')))));
}
