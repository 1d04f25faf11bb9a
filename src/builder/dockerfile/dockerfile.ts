import { invalidArgument } from '../../errdefs/index.js';
import type { Directive } from './directives.js';
import { instructionError } from './errors.js';
import type { Instruction } from './instructions.js';
import { checkTrigger, parseInstruction } from './parse-instruction.js';
import { parseAst, type ParseWarning } from './parser.js';

export interface Dockerfile {
  escapeToken: string;
  /** `# syntax=` asks for a BuildKit frontend image; a classic builder notes it and carries on. */
  syntax?: string;
  directives: Directive[];
  /** Docker's parser warnings (empty continuation lines). */
  warnings: ParseWarning[];
  instructions: Instruction[];
}

/**
 * Parses a whole Dockerfile. Line-level problems (bad directive, unterminated
 * heredoc, unreadable quoting) are reported first; then each instruction is
 * checked in order. Errors are DockerfileError with the lines at fault.
 */
export function parseDockerfile(source: string): Dockerfile {
  const ast = parseAst(source);
  const instructions = ast.nodes.map((node) => {
    try {
      return parseInstruction(node);
    } catch (err) {
      throw instructionError(err, node.startLine, node.endLine);
    }
  });
  return {
    escapeToken: ast.escapeToken,
    syntax: ast.directives.find((d) => d.name === 'syntax')?.value,
    directives: ast.directives,
    warnings: ast.warnings,
    instructions,
  };
}

/** An ONBUILD trigger stored in a base image's config, parsed for running in a child build. */
export function parseOnbuildTrigger(expression: string): Instruction {
  const { nodes } = parseAst(expression);
  const node = nodes[0];
  if (nodes.length !== 1 || !node) throw invalidArgument('onbuild trigger should be a single expression');
  checkTrigger(node.keyword.toUpperCase());
  return parseInstruction(node);
}
