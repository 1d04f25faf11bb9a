import { podStopCommand } from '../lib/pod-stop-command.js';

export const command = podStopCommand('restart', 'Restart one or more pods');
