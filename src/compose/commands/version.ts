/** `compose version`: v2's text (`Docker Compose version v…`), `--short` and `--format json`. */
import { VERSION } from '../../util/version.js';
import { ComposeError, type ComposeCommand } from '../command.js';

export const command: ComposeCommand = {
  name: 'version',
  usage: '[OPTIONS]',
  description: 'Show the Docker Compose version information',
  flags: [
    { name: 'format', short: 'f', type: 'string', description: 'Format the output. Values: [pretty | json]' },
    { name: 'short', type: 'bool', description: 'Shows only Compose\'s version number' },
  ],
  maxArgs: 0,
  async run(ctx) {
    const version = `v${VERSION}`;
    const format = ctx.flags.string('format');
    if (ctx.flags.bool('short')) ctx.stdout.write(`${VERSION}\n`);
    else if (format === 'json') ctx.stdout.write(`${JSON.stringify({ version })}\n`);
    else if (format === '' || format === 'pretty') ctx.stdout.write(`Docker Compose version ${version} (Wharf)\n`);
    else throw new ComposeError(`format ${format} is not supported`);
  },
};
