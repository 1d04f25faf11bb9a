/** `compose restart`. */
import { transitionCommand, restartFlags } from '../project/transition-command.js';

export const command = transitionCommand('restart', 'Restart service containers', 'restart', () => true, restartFlags);
