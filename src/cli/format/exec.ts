/**
 * Executes a parsed template against data with Go's text/template semantics:
 * dot, `$`, variables scoped to their control structure, pipelines passing
 * the previous command's value as the last argument, fields of maps and
 * struct contexts, methods with arguments (`{{.Label "k"}}`), if/with/range.
 */
import { FUNCTION_NAMES, FUNCTIONS, type FuncMap } from './funcs.js';
import { formatValue } from './go-print.js';
import { TemplateExecError } from './errors.js';
import { parse, type Command, type Node, type Operand, type Pipeline } from './parser.js';
import { goTypeName, isMap, isStruct, isTrue } from './value.js';

/** Marks "no value from a previous pipeline command" (distinct from undefined, Go's invalid value). */
const NONE: unique symbol = Symbol('none');
type Final = unknown | typeof NONE;

type Signal = 'break' | 'continue' | undefined;

interface Variable {
  name: string;
  value: unknown;
}

class Execution {
  readonly out: string[] = [];
  private readonly vars: Variable[];

  constructor(
    private readonly src: string,
    private readonly funcs: FuncMap,
    root: unknown,
  ) {
    this.vars = [{ name: '$', value: root }];
  }

  private fail(message: string, at: { pos: number; text: string }): never {
    throw new TemplateExecError(message, this.src, at.pos, at.text);
  }

  walkList(dot: unknown, list: Node[]): Signal {
    const mark = this.vars.length;
    try {
      for (const node of list) {
        const signal = this.walk(dot, node);
        if (signal) return signal;
      }
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private walk(dot: unknown, node: Node): Signal {
    switch (node.kind) {
      case 'text':
        this.out.push(node.text);
        return undefined;
      case 'action': {
        const value = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.out.push(value === undefined ? '<no value>' : formatValue(value));
        return undefined;
      }
      case 'if':
      case 'with': {
        const mark = this.vars.length;
        try {
          const value = this.evalPipeline(dot, node.pipe);
          if (isTrue(value)) return this.walkList(node.kind === 'with' ? value : dot, node.list);
          return node.elseList ? this.walkList(dot, node.elseList) : undefined;
        } finally {
          this.vars.length = mark;
        }
      }
      case 'range':
        return this.walkRange(dot, node.pipe, node.list, node.elseList);
      case 'break':
      case 'continue':
        return node.kind;
    }
  }

  private walkRange(dot: unknown, pipe: Pipeline, list: Node[], elseList: Node[] | null): Signal {
    const mark = this.vars.length;
    try {
      // range's own variables are bound per element below, not to the pipeline's value
      const value = this.evalPipeline(dot, { ...pipe, decl: [] });
      let entries: Array<[unknown, unknown]>;
      if (Array.isArray(value)) entries = value.map((v, i) => [i, v]);
      else if (isMap(value)) entries = Object.keys(value).sort().map((k) => [k, value[k]]);
      else if (typeof value === 'number' && Number.isInteger(value)) entries = Array.from({ length: Math.max(0, value) }, (_, i) => [i, i]);
      else if (value === undefined || value === null) entries = [];
      else this.fail(`range can't iterate over ${formatValue(value)}`, pipe);
      if (entries.length === 0) return elseList ? this.walkList(dot, elseList) : undefined;
      for (const [key, elem] of entries) {
        const iterMark = this.vars.length;
        if (pipe.decl.length === 1) this.vars.push({ name: pipe.decl[0]!, value: elem });
        if (pipe.decl.length >= 2) this.vars.push({ name: pipe.decl[0]!, value: key }, { name: pipe.decl[1]!, value: elem });
        const signal = this.walkList(elem, list);
        this.vars.length = iterMark;
        if (signal === 'break') break;
      }
      return undefined;
    } finally {
      this.vars.length = mark;
    }
  }

  private evalPipeline(dot: unknown, pipe: Pipeline): unknown {
    let value: Final = NONE;
    for (const cmd of pipe.cmds) value = this.evalCommand(dot, cmd, value);
    const result = value === NONE ? undefined : value;
    if (pipe.decl.length > 0) {
      if (pipe.assign) {
        const v = this.findVar(pipe.decl[0]!, pipe);
        v.value = result;
      } else {
        this.vars.push({ name: pipe.decl[0]!, value: result });
      }
    }
    return result;
  }

  private findVar(name: string, at: { pos: number; text: string }): Variable {
    for (let i = this.vars.length - 1; i >= 0; i--) if (this.vars[i]!.name === name) return this.vars[i]!;
    this.fail(`undefined variable: ${name}`, at);
  }

  private evalCommand(dot: unknown, cmd: Command, final: Final): unknown {
    const [first, ...rest] = cmd.args as [Operand, ...Operand[]];
    const noArgs = (): void => {
      if (rest.length > 0 || final !== NONE) this.fail(`can't give argument to non-function ${first.text}`, first);
    };
    switch (first.kind) {
      case 'field':
        return this.evalChain(dot, dot, first.chain, rest, final, first);
      case 'variable': {
        const value = this.findVar(first.name, first).value;
        if (first.chain.length > 0) return this.evalChain(dot, value, first.chain, rest, final, first);
        noArgs();
        return value;
      }
      case 'pipe': {
        const value = this.evalPipeline(dot, first.pipe);
        if (first.chain.length > 0) return this.evalChain(dot, value, first.chain, rest, final, first);
        noArgs();
        return value;
      }
      case 'function':
        return this.call(first.name, this.evalArgs(dot, rest, final), first);
      case 'dot':
        noArgs();
        return dot;
      case 'literal':
        noArgs();
        return first.value;
    }
  }

  private evalArgs(dot: unknown, operands: Operand[], final: Final): unknown[] {
    const args = operands.map((op) => this.evalArg(dot, op));
    if (final !== NONE) args.push(final);
    return args;
  }

  private evalArg(dot: unknown, op: Operand): unknown {
    switch (op.kind) {
      case 'field':
        return this.evalChain(dot, dot, op.chain, [], NONE, op);
      case 'variable': {
        const value = this.findVar(op.name, op).value;
        return op.chain.length > 0 ? this.evalChain(dot, value, op.chain, [], NONE, op) : value;
      }
      case 'pipe': {
        const value = this.evalPipeline(dot, op.pipe);
        return op.chain.length > 0 ? this.evalChain(dot, value, op.chain, [], NONE, op) : value;
      }
      case 'function':
        return this.call(op.name, [], op);
      case 'dot':
        return dot;
      case 'literal':
        return op.value;
    }
  }

  private call(name: string, args: unknown[], at: Operand): unknown {
    const fn = this.funcs[name];
    if (!fn) this.fail(`function "${name}" not defined`, at);
    try {
      return fn(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.fail(message.startsWith('error calling') ? message : `error calling ${name}: ${message}`, at);
    }
  }

  private evalChain(dot: unknown, receiver: unknown, chain: string[], argOps: Operand[], final: Final, at: Operand): unknown {
    let value = receiver;
    chain.forEach((name, i) => {
      const last = i === chain.length - 1;
      value = this.evalField(dot, value, name, last ? argOps : [], last ? final : NONE, at);
    });
    return value;
  }

  private evalField(dot: unknown, receiver: unknown, name: string, argOps: Operand[], final: Final, at: Operand): unknown {
    const hasArgs = argOps.length > 0 || final !== NONE;
    if (isStruct(receiver)) {
      const method = receiver.member(name);
      if (!method) this.fail(`can't evaluate field ${name} in type ${receiver.goType}`, at);
      const args = this.evalArgs(dot, argOps, final);
      if (args.length !== method.length) this.fail(`wrong number of args for ${name}: want ${method.length} got ${args.length}`, at);
      try {
        return method.apply(receiver, args);
      } catch (err) {
        this.fail(`error calling ${name}: ${err instanceof Error ? err.message : String(err)}`, at);
      }
    }
    if (isMap(receiver)) {
      if (hasArgs) this.fail(`${name} is not a method but has arguments`, at);
      return Object.hasOwn(receiver, name) ? receiver[name] : undefined;
    }
    if (receiver === undefined || receiver === null) this.fail(`nil pointer evaluating interface {}.${name}`, at);
    this.fail(`can't evaluate field ${name} in type ${goTypeName(receiver)}`, at);
  }
}

export interface ExecResult {
  output: string;
  error?: Error;
}

/** A parsed Go template. */
export class Template {
  private constructor(
    readonly source: string,
    private readonly nodes: Node[],
  ) {}

  /** Parses with every function name known; throws TemplateError on bad syntax. */
  static parse(source: string): Template {
    return new Template(source, parse(source, FUNCTION_NAMES));
  }

  execute(data: unknown, funcs: FuncMap = FUNCTIONS): string {
    const r = this.executePartial(data, funcs);
    if (r.error) throw r.error;
    return r.output;
  }

  /** Like Go, output written before an error is kept (docker prints partial table headers). */
  executePartial(data: unknown, funcs: FuncMap = FUNCTIONS): ExecResult {
    const ex = new Execution(this.source, funcs, data);
    try {
      ex.walkList(data, this.nodes);
      return { output: ex.out.join('') };
    } catch (err) {
      return { output: ex.out.join(''), error: err instanceof Error ? err : new Error(String(err)) };
    }
  }
}
