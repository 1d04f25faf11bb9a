/**
 * Files a container was given (Compose's `configs:` and `secrets:`) as the
 * ConfigMaps and Secrets of the generated file, each mounted with `subPath` at
 * the path it had, so the file is self-contained and nothing else in that
 * directory is hidden.
 */
type Obj = Record<string, unknown>;

/** One file as read from the container. */
export interface GenFile {
  kind: 'ConfigMap' | 'Secret';
  /** The Compose config's or secret's name. */
  source: string;
  /** Absolute in the container. */
  path: string;
  content: Buffer;
  mode: number;
}

/** The ConfigMaps and Secrets of a generated file, by `kind/name`. */
export type FileObjects = Map<string, Obj>;

/** A ConfigMap or Secret key: letters, digits, `-`, `_` and `.`. */
const key = (source: string): string => source.replace(/[^-._a-zA-Z0-9]+/g, '-') || 'file';

function isUtf8(b: Buffer): boolean {
  return Buffer.from(b.toString('utf8'), 'utf8').equals(b);
}

function object(f: GenFile, name: string): Obj {
  const k = key(f.source);
  // A Secret's data is base64; a ConfigMap's text stays readable, anything else goes to binaryData.
  const data = f.kind === 'Secret' ? { data: { [k]: f.content.toString('base64') } } : isUtf8(f.content) ? { data: { [k]: f.content.toString('utf8') } } : { binaryData: { [k]: f.content.toString('base64') } };
  return { apiVersion: 'v1', kind: f.kind, metadata: { name }, ...(f.kind === 'Secret' ? { type: 'Opaque' } : {}), ...data };
}

/**
 * The pod volume and the volumeMount of `f`, its object added to `objects`. `name` is the
 * object's (a DNS subdomain), `volume` the pod volume's (a DNS label).
 */
export function fileMount(f: GenFile, name: string, volume: string, objects: FileObjects, warnings: string[]): { volume: Obj; mount: Obj } {
  const id = `${f.kind}/${name}`;
  const obj = object(f, name);
  const seen = objects.get(id);
  if (seen && JSON.stringify(seen) !== JSON.stringify(obj)) warnings.push(`${f.kind} "${name}" differs between containers: the first one's content is written`);
  if (!seen) objects.set(id, obj);
  const k = key(f.source);
  const items = [{ key: k, path: k }];
  const source = f.kind === 'Secret' ? { secret: { secretName: name, items, defaultMode: f.mode } } : { configMap: { name, items, defaultMode: f.mode } };
  return { volume: { name: volume, ...source }, mount: { name: volume, mountPath: f.path, subPath: k, readOnly: true } };
}
