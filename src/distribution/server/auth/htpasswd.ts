/**
 * Apache htpasswd files with bcrypt entries (`$2y$`, `$2a$`, `$2b$`), the only
 * kind the reference registry accepts. Checking a password against them is
 * password-check.ts's job.
 */
import { readFile } from 'node:fs/promises';
import { invalidArgument } from '../../../errdefs/index.js';
import { logger } from '../../../util/logger.js';

const log = logger('registry-auth');
const BCRYPT_RE = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

export class Htpasswd {
  private constructor(private readonly entries: ReadonlyMap<string, string>) {}

  static parse(text: string, source = 'htpasswd'): Htpasswd {
    const entries = new Map<string, string>();
    for (const [i, raw] of text.split('\n').entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const colon = line.indexOf(':');
      if (colon <= 0) throw invalidArgument(`${source}:${i + 1}: expected user:hash`);
      const user = line.slice(0, colon);
      const hash = line.slice(colon + 1);
      if (!BCRYPT_RE.test(hash)) {
        log.warn('ignoring entry without a bcrypt hash', { file: source, line: i + 1, user });
        continue;
      }
      entries.set(user, hash);
    }
    return new Htpasswd(entries);
  }

  static async load(path: string): Promise<Htpasswd> {
    return Htpasswd.parse(await readFile(path, 'utf8'), path);
  }

  /** The user's bcrypt hash, undefined for a user the file does not list. */
  hashOf(user: string): string | undefined {
    return this.entries.get(user);
  }
}

/** The user and password of an `Authorization: Basic …` header, undefined for any other header. */
export function basicCredentials(header: string | undefined): { user: string; password: string } | undefined {
  const m = header?.match(/^Basic\s+([A-Za-z0-9+/=]+)\s*$/i);
  if (!m?.[1]) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
