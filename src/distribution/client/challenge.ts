/**
 * `WWW-Authenticate` challenges (RFC 9110 §11.6.1), as registries send them:
 * `Bearer realm="https://auth.example/token",service="registry",scope="repository:x:pull"`
 * or `Basic realm="Registry"`. One header may carry several challenges.
 */

export interface Challenge {
  /** Lowercased: `basic`, `bearer`. */
  scheme: string;
  /** Parameter names lowercased; values unquoted. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const out: Challenge[] = [];
  for (const h of Array.isArray(header) ? header : header === undefined ? [] : [header]) out.push(...parseOne(h));
  return out;
}

function parseOne(header: string): Challenge[] {
  const out: Challenge[] = [];
  let rest = header;
  let current: Challenge | undefined;
  for (;;) {
    rest = rest.replace(/^[\s,]+/, '');
    const name = TOKEN.exec(rest)?.[0];
    if (name === undefined) return out;
    rest = rest.slice(name.length);
    const afterSpace = rest.replace(/^\s+/, '');
    if (!afterSpace.startsWith('=')) {
      current = { scheme: name.toLowerCase(), params: {} };
      out.push(current);
      continue;
    }
    rest = afterSpace.slice(1).replace(/^\s+/, '');
    let value: string;
    if (rest.startsWith('"')) {
      const m = /^"((?:[^"\\]|\\.)*)"/.exec(rest);
      if (!m) return out;
      value = (m[1] ?? '').replace(/\\(.)/g, '$1');
      rest = rest.slice(m[0].length);
    } else {
      value = TOKEN.exec(rest)?.[0] ?? '';
      rest = rest.slice(value.length);
    }
    if (current) current.params[name.toLowerCase()] = value;
  }
}

/** The challenge a client should answer: bearer over basic, as Docker prefers it. */
export function preferredChallenge(challenges: Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
}
