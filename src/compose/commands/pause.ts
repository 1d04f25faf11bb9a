/** `compose pause`. */
import { transitionCommand, running } from './lifecycle-commands.js';

export const command = transitionCommand('pause', 'Pause services', 'pause', running, []);
