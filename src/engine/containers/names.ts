/**
 * Container names: unique, stored with Docker's leading '/', validated with
 * Docker's pattern, generated as `adjective_surname` when the user gave none.
 */
import { conflict, invalidArgument } from '../../errdefs/index.js';
import { shortId } from '../../util/ids.js';
import { ADJECTIVES, SURNAMES } from './name-words.js';

const NAME_CHARS = '[a-zA-Z0-9][a-zA-Z0-9_.-]';
const NAME_RE = new RegExp(`^${NAME_CHARS}+$`);

/** `x` or `/x` → `/x`, after checking Docker's pattern. */
export function normalizeName(name: string): string {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (!NAME_RE.test(bare)) throw invalidArgument(`Invalid container name (${name}), only ${NAME_CHARS} are allowed`);
  return '/' + bare;
}

function pick(words: readonly string[]): string {
  return words[Math.floor(Math.random() * words.length)] as string;
}

/** `adjective_surname`, plus a digit on retries, as Docker's name generator does. */
export function randomName(retry: number): string {
  let name: string;
  do name = `${pick(ADJECTIVES)}_${pick(SURNAMES)}`;
  while (name === 'boring_wozniak'); // Steve Wozniak is not boring
  return retry > 0 ? name + String(Math.floor(Math.random() * 10)) : name;
}

export function nameConflict(name: string, holder: string): Error {
  return conflict(
    `Conflict. The container name "${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
  );
}

/** Name → container id; every name held by exactly one container. */
export class NameRegistry {
  private readonly byName = new Map<string, string>();

  /** Takes a normalised name (`/x`); conflict when another container holds it. */
  reserve(name: string, id: string): void {
    const holder = this.byName.get(name);
    if (holder !== undefined && holder !== id) throw nameConflict(name, holder);
    this.byName.set(name, id);
  }

  release(name: string): void {
    this.byName.delete(name);
  }

  lookup(name: string): string | undefined {
    return this.byName.get(name.startsWith('/') ? name : '/' + name);
  }

  /** Reserve a generated name; after a few collisions fall back to the short id, as Docker does. */
  reserveGenerated(id: string): string {
    for (let i = 0; i < 6; i++) {
      const name = '/' + randomName(i);
      if (!this.byName.has(name)) {
        this.byName.set(name, id);
        return name;
      }
    }
    const name = '/' + shortId(id);
    this.reserve(name, id);
    return name;
  }
}
