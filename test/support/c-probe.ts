/** Tiny static C programs that make one syscall, for what busybox has no applet for. */
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const HEADERS = '#include <unistd.h>\n#include <sys/syscall.h>\n#include <errno.h>\n#include <stdio.h>\n';

/**
 * Build `dir/name` from `call`, a C expression whose negative result means failure:
 * the probe prints `ok` or `errno N` (and exits 1). Undefined without a static C toolchain.
 */
export async function buildSyscallProbe(dir: string, name: string, call: string): Promise<string | undefined> {
  const src = join(dir, `${name}.c`);
  await writeFile(src, `${HEADERS}int main(void){ long r = ${call}; if (r < 0) { printf("errno %d\\n", errno); return 1; } printf("ok\\n"); return 0; }\n`);
  const out = join(dir, name);
  return spawnSync('gcc', ['-static', '-O', '-o', out, src]).status === 0 ? out : undefined;
}
