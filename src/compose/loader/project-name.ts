/** Compose's project name rules: what `-p`, COMPOSE_PROJECT_NAME and `name:` may say, and how a directory name becomes one. */
import { invalidArgument } from '../../errdefs/index.js';

const VALID = /^[a-z0-9][a-z0-9_-]*$/;

/** A directory's basename as a project name: lower-cased, other characters dropped, starting with a letter or digit. */
export function projectNameFromDirectory(base: string): string {
  return base.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[^a-z0-9]+/, '');
}

/** A name the user gave (`-p`, COMPOSE_PROJECT_NAME, `name:`): refused unless already normalized, as v2 does. */
export function checkProjectName(name: string): string {
  if (name === '') throw invalidArgument('project name must not be empty');
  if (!VALID.test(name)) throw invalidArgument(`invalid project name "${name}": must consist only of lowercase alphanumeric characters, hyphens, and underscores as well as start with a letter or number`);
  return name;
}
