/** `compose restart`. */
import { transitionCommand, restartFlags } from './lifecycle-commands.js';

export const command = transitionCommand('restart', 'Restart service containers', 'restart', () => true, restartFlags);
