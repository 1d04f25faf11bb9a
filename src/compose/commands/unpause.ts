/** `compose unpause`. */
import { transitionCommand } from '../project/transition-command.js';

export const command = transitionCommand('unpause', 'Unpause services', 'unpause', (c) => c.state === 'paused', []);
