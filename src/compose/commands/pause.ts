/** `compose pause`. */
import { transitionCommand, running } from '../project/transition-command.js';

export const command = transitionCommand('pause', 'Pause services', 'pause', running, []);
