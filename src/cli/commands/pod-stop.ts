import { podStopCommand } from '../lib/pod-stop-command.js';

export const command = podStopCommand('stop', 'Stop one or more pods: their containers, then the infra container');
