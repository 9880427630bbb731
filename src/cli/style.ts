/**
 * Terminal colours for the CLI (picocolors): on only when stdout is a TTY, NO_COLOR is unset and
 * `--no-color` is not given (FORCE_COLOR turns them on for a pipe). The library's text output is plain;
 * colour is the terminal's business.
 */
import { createColors } from 'picocolors';
import type { ExplainStyle } from '../present/explain';

const ON = createColors(true);

/** ANSI styles for explanations: bold headings and values, cyan names, dim notes. */
export const ANSI_STYLE: ExplainStyle = {
  heading: ON.bold,
  name: ON.cyan,
  value: ON.bold,
  dim: ON.dim,
};

/** Whether colours are on for a stream in an environment (before `--no-color` is considered). */
export function colorsWanted(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '' && env['FORCE_COLOR'] !== '0') return true;
  return isTTY === true && env['TERM'] !== 'dumb';
}

/** The style for `stream`: colours for an interactive terminal, none when piped or when NO_COLOR is set. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ExplainStyle | undefined {
  return colorsWanted(stream.isTTY, env) ? ANSI_STYLE : undefined;
}

/**
 * A line of CLI output with its status mark coloured: `✔`/`✓` green, `✖`/`×` red, `⚠`/`!` yellow, and an
 * issue code (`[ruleset/schema]`) after the mark in cyan. Other lines are unchanged.
 */
export function colorLine(line: string): string {
  const m = /^(\s*)([✔✓✖×⚠!])( \[[\w/.-]+\])?(?= |$)/u.exec(line);
  if (!m) return line;
  const mark = m[2]!;
  const paint = mark === '✔' || mark === '✓' ? ON.green : mark === '✖' || mark === '×' ? ON.red : ON.yellow;
  const code = m[3] ? ` ${ON.cyan(m[3].slice(1))}` : '';
  return `${m[1]}${paint(ON.bold(mark))}${code}${line.slice(m[0].length)}`;
}
