/** The variables interpolation sees: `.env` (or each `--env-file`, in order), with the process environment winning. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { notFound } from '../../errdefs/index.js';
import { parseDotenv } from './dotenv.js';

export function definedEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Reads env files in order, later ones overriding; `base` (the process) wins over all of them. */
export function readEnvFiles(files: readonly string[], base: Record<string, string>): Record<string, string> {
  const vars: Record<string, string> = {};
  for (const file of files) Object.assign(vars, parseDotenv(readFileSync(file, 'utf8'), file, (n) => base[n] ?? vars[n]));
  return { ...vars, ...base };
}

export function projectEnvironment(envFiles: readonly string[], cwd: string, projectDir: string, processEnv: Record<string, string>): Record<string, string> {
  const files = envFiles.map((f) => resolve(cwd, f));
  for (const f of files) if (!existsSync(f)) throw notFound(`couldn't find env file: ${f}`);
  const dotEnv = join(projectDir, '.env');
  const chosen = files.length > 0 ? files : existsSync(dotEnv) && statSync(dotEnv).isFile() ? [dotEnv] : [];
  return readEnvFiles(chosen, processEnv);
}
