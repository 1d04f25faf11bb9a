/** `compose unpause`. */
import { transitionCommand } from './lifecycle-commands.js';

export const command = transitionCommand('unpause', 'Unpause services', 'unpause', (c) => c.state === 'paused', []);
