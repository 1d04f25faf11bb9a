/**
 * Extended attributes without following symlinks (l*xattr), through the
 * prebuilt @napi-rs/xattr binding: Node has no xattr API, and overlay opaque
 * directories and file capabilities cannot be handled without one.
 */
import { getAttribute, setAttribute } from '@napi-rs/xattr';

export const OVERLAY_OPAQUE = 'trusted.overlay.opaque';
export const SECURITY_CAPABILITY = 'security.capability';

/** The binding reports errno only inside the message: "... (os error 95)". */
function osErrno(err: unknown): number | undefined {
  const m = err instanceof Error ? /\(os error (\d+)\)/.exec(err.message) : null;
  return m ? Number(m[1]) : undefined;
}

const ENOTSUP = 95;
const EPERM = 1;
const ENODATA = 61;

export async function getXattr(path: string, name: string): Promise<Buffer | undefined> {
  try {
    return (await getAttribute(path, name)) ?? undefined;
  } catch (err) {
    const errno = osErrno(err);
    if (errno === ENOTSUP || errno === ENODATA) return undefined;
    throw err;
  }
}

/**
 * Set an xattr; as Docker does, a filesystem without xattr support (ENOTSUP) or a
 * namespace we may not write (EPERM, e.g. trusted.* in a user namespace) is not fatal.
 */
export async function setXattrBestEffort(path: string, name: string, value: Buffer): Promise<void> {
  try {
    await setAttribute(path, name, value);
  } catch (err) {
    const errno = osErrno(err);
    if (errno === ENOTSUP || errno === EPERM) return;
    throw err;
  }
}

export async function setXattr(path: string, name: string, value: Buffer | string): Promise<void> {
  await setAttribute(path, name, value);
}
