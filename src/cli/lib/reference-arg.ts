/** A `REPOSITORY[:TAG]` argument (tag, commit, import) as the repo/tag query parameters docker sends. */
import { invalidArgument } from '../../errdefs/index.js';
import { familiarName, parseNormalizedNamed } from '../../oci/reference.js';

export function repoTag(ref: string): { repo: string; tag?: string } {
  let parsed;
  try {
    parsed = parseNormalizedNamed(ref);
  } catch (err) {
    throw invalidArgument(`Error parsing reference: "${ref}" is not a valid repository/tag: ${(err as Error).message}`);
  }
  if (parsed.digest !== undefined) throw invalidArgument('refusing to create a tag with a digest reference');
  return { repo: familiarName(parsed), tag: parsed.tag };
}
