/**
 * Docker-style (spf13/pflag) flag parsing: `--name=x` and `--name x`, short
 * flags and clusters (`-it`, `-eFOO=1`, `-e=FOO`), repeatable list flags,
 * `--` to end flags, and for `run IMAGE CMD…`-like commands, flags stop at
 * the first positional argument. Error texts are pflag's.
 */
export type FlagType = 'bool' | 'string' | 'int' | 'list';

export interface FlagDef {
  name: string;
  short?: string;
  type: FlagType;
  description: string;
  /** Shown in help as `(default …)`; also the value when the flag is absent. */
  default?: string | number | boolean;
  /** Other long names for the same flag (`--net` for `--network`). */
  aliases?: readonly string[];
  hidden?: boolean;
}

export type FlagValue = string | number | boolean | string[];

export class FlagError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlagError';
  }
}

/** Parsed flag values with pflag's notion of "changed" (given on the command line). */
export class Flags {
  private readonly values = new Map<string, FlagValue>();
  private readonly given = new Set<string>();

  constructor(private readonly defs: readonly FlagDef[]) {}

  set(def: FlagDef, value: FlagValue): void {
    this.given.add(def.name);
    if (def.type === 'list') {
      const list = (this.values.get(def.name) as string[] | undefined) ?? [];
      list.push(value as string);
      this.values.set(def.name, list);
    } else {
      this.values.set(def.name, value);
    }
  }

  changed(name: string): boolean {
    this.def(name);
    return this.given.has(name);
  }

  private def(name: string): FlagDef {
    const d = this.defs.find((f) => f.name === name);
    if (!d) throw new Error(`flag --${name} is not defined for this command`);
    return d;
  }

  bool(name: string): boolean {
    const d = this.def(name);
    return (this.values.get(name) as boolean | undefined) ?? d.default === true;
  }

  string(name: string): string {
    const d = this.def(name);
    return (this.values.get(name) as string | undefined) ?? (d.default === undefined ? '' : String(d.default));
  }

  int(name: string): number {
    const d = this.def(name);
    return (this.values.get(name) as number | undefined) ?? (typeof d.default === 'number' ? d.default : 0);
  }

  list(name: string): string[] {
    this.def(name);
    return [...((this.values.get(name) as string[] | undefined) ?? [])];
  }
}

export interface ParseOptions {
  /** false: everything from the first positional argument on is an argument (`run IMAGE CMD…`). */
  interspersed?: boolean;
}

export interface ParseResult {
  flags: Flags;
  args: string[];
  /** `--help` was given. */
  help: boolean;
}

const HELP: FlagDef = { name: 'help', type: 'bool', description: 'Print usage' };

function parseValue(def: FlagDef, raw: string, shown: string): FlagValue {
  switch (def.type) {
    case 'bool':
      if (/^(1|t|T|TRUE|true|True)$/.test(raw)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(raw)) return false;
      throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`);
    case 'int': {
      if (!/^[-+]?\d+$/.test(raw)) throw new FlagError(`invalid argument "${raw}" for "${shown}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`);
      return Number(raw);
    }
    default:
      return raw;
  }
}

function flagDisplay(def: FlagDef): string {
  return def.short ? `-${def.short}, --${def.name}` : `--${def.name}`;
}

export function parseFlags(argv: readonly string[], defs: readonly FlagDef[], opts: ParseOptions = {}): ParseResult {
  const interspersed = opts.interspersed ?? true;
  const flags = new Flags(defs);
  const args: string[] = [];
  let help = false;
  const byLong = new Map<string, FlagDef>();
  for (const d of defs) for (const n of [d.name, ...(d.aliases ?? [])]) byLong.set(n, d);
  const byShort = new Map(defs.filter((d) => d.short).map((d) => [d.short!, d]));
  if (!byLong.has('help')) byLong.set('help', HELP);
  if (!byShort.has('h')) byShort.set('h', HELP);

  const apply = (def: FlagDef, value: FlagValue): void => {
    if (def === HELP) help = value === true;
    else flags.set(def, value);
  };

  let i = 0;
  while (i < argv.length) {
    const a = argv[i++]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const def = byLong.get(name);
      if (!def) throw new FlagError(`unknown flag: --${name}`);
      if (eq >= 0) apply(def, parseValue(def, a.slice(eq + 1), flagDisplay(def)));
      else if (def.type === 'bool') apply(def, true);
      else if (i < argv.length) apply(def, parseValue(def, argv[i++]!, flagDisplay(def)));
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1) {
      const cluster = a.slice(1);
      for (let j = 0; j < cluster.length; j++) {
        const c = cluster[j]!;
        const def = byShort.get(c);
        if (!def) throw new FlagError(`unknown shorthand flag: '${c}' in -${cluster.slice(j)}`);
        const rest = cluster.slice(j + 1);
        if (rest.startsWith('=')) {
          apply(def, parseValue(def, rest.slice(1), flagDisplay(def)));
          break;
        }
        if (def.type === 'bool') {
          apply(def, true);
          continue;
        }
        if (rest !== '') apply(def, parseValue(def, rest, flagDisplay(def)));
        else if (i < argv.length) apply(def, parseValue(def, argv[i++]!, flagDisplay(def)));
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    args.push(a);
    if (!interspersed) {
      args.push(...argv.slice(i));
      break;
    }
  }
  return { flags, args, help };
}

/** The OPTIONS section of `--help`, aligned like cobra prints it. */
export function flagUsages(defs: readonly FlagDef[]): string {
  const rows = defs
    .filter((d) => !d.hidden)
    .map((d) => {
      const head = d.short ? `-${d.short}, --${d.name}` : `    --${d.name}`;
      const typeName = d.type === 'bool' ? '' : ` ${d.type}`;
      const def = d.default !== undefined && d.default !== '' && d.default !== false && !(d.type === 'int' && d.default === 0) ? ` (default ${typeof d.default === 'string' ? `"${d.default}"` : d.default})` : '';
      return { left: `  ${head}${typeName}`, right: d.description + def };
    })
    .sort((a, b) => a.left.trim().replace(/^-., /, '').localeCompare(b.left.trim().replace(/^-., /, '')));
  const width = Math.max(0, ...rows.map((r) => r.left.length));
  return rows.map((r) => `${r.left.padEnd(width)}   ${r.right}`).join('\n');
}
