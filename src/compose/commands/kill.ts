/** `compose kill`. */
import { transitionCommand, running } from '../project/transition-command.js';

export const command = transitionCommand('kill', 'Force stop service containers', 'kill', running, [{ name: 'remove-orphans', type: 'bool', description: 'Remove containers for services not defined in the Compose file' }, { name: 'signal', short: 's', type: 'string', description: 'SIGNAL to send to the container', default: 'SIGKILL' }]);
