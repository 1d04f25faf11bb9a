/** What the loader needs to know beyond the files: the global flags and the process it runs in. */
export interface LoadOptions {
  /** `-f` in order; `-` is stdin. Empty: compose.yaml (or its older names) and its override, found from workingDir upwards. */
  configFiles: readonly string[];
  /** `-p`; else COMPOSE_PROJECT_NAME, the top-level `name:`, the project directory's basename. */
  projectName?: string;
  /** `--project-directory`; else the first file's directory. */
  projectDirectory?: string;
  /** `--env-file`, repeatable; else `.env` in the project directory. */
  envFiles: readonly string[];
  /** `--profile`; else COMPOSE_PROFILES (from the environment or `.env`). */
  profiles: readonly string[];
  /** Services named on the command line: their profiles are enabled too. */
  services?: readonly string[];
  /** The process environment: it wins over .env and --env-file. */
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths on the command line are resolved against (the process's cwd). */
  cwd: string;
  /** false: `${VAR}` stays as written (`config --no-interpolate`). */
  interpolate?: boolean;
  /** Told of what v2 warns about (an unset variable, the obsolete `version`), one message at a time. */
  onWarning?: (message: string) => void;
  /** Reads `-f -`. */
  readStdin?: () => Promise<string>;
}
