/** The registry half of the fake services: an offline daemon, where every registry refuses. */
import type { DistributionService } from '../../engine/index.js';
import { notFound, unavailable } from '../../errdefs/index.js';
import type { Recorder } from './fake-images-system.js';

export function fakeDistributionService(record: Recorder): DistributionService {
  const offline = (what: string): Promise<never> => Promise.reject(unavailable(`${what}: no registry is reachable`));
  return {
    async pull(ref, opts) {
      record('distribution.pull', ref, { platform: opts.platform, allTags: opts.allTags });
      const name = ref.replace(/@.*$/, '').replace(/:[^:/]*$/, '').replace(/^docker\.io\/(library\/)?/, '');
      throw notFound(`pull access denied for ${name}, repository does not exist or may require 'docker login'`);
    },
    push: (ref) => offline(`push ${ref}`),
    login: (auth) => offline(`login ${auth.serveraddress ?? ''}`),
    inspect: (ref) => offline(`inspect ${ref}`),
    search: (term) => offline(`search ${term}`),
  };
}
