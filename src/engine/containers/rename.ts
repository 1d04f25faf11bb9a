/** `POST /containers/{id}/rename`. */
import { conflict, invalidArgument } from '../../errdefs/index.js';
import type { EngineContext } from '../context.js';
import type { Container } from './container.js';
import { normalizeName } from './names.js';
import { followRenamedTarget } from '../networks/links.js';

export async function renameContainer(ctx: EngineContext, c: Container, newName: string): Promise<void> {
  if (!newName) throw invalidArgument('Neither old nor new names may be empty');
  const name = normalizeName(newName);
  if (name === c.name) throw invalidArgument('Renaming a container with the same name as its current name');
  if (c.removing) throw conflict(`removal of container ${c.id} is already in progress`);
  try {
    ctx.store.names.reserve(name, c.id);
  } catch (err) {
    throw conflict(`Error when allocating new name: ${(err as Error).message}`);
  }
  const oldName = c.name;
  c.record.Name = name;
  try {
    await ctx.store.save(c);
  } catch (err) {
    c.record.Name = oldName;
    ctx.store.names.release(name);
    throw err;
  }
  ctx.store.names.release(oldName);
  await followRenamedTarget(ctx, oldName, name);
  await ctx.deps.network?.renameEndpoints(c.id, name.slice(1));
  ctx.emit(c, 'rename', { oldName });
}
