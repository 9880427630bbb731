/**
 * Terminal colours for the CLI: ANSI styles for explanations, on only for a TTY without NO_COLOR (or with
 * FORCE_COLOR). The library's text output is plain; colour is the terminal's business.
 */
import type { ExplainStyle } from '../present/explain';

/** ANSI styles: bold headings and values, cyan names, dim notes. */
export const ANSI_STYLE: ExplainStyle = {
  heading: (s) => `\u001b[1m${s}\u001b[22m`,
  name: (s) => `\u001b[36m${s}\u001b[39m`,
  value: (s) => `\u001b[1m${s}\u001b[22m`,
  dim: (s) => `\u001b[2m${s}\u001b[22m`,
};

/** The style for `stream`: colours for an interactive terminal, none when piped or when NO_COLOR is set. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ExplainStyle | undefined {
  if (env['FORCE_COLOR'] && env['FORCE_COLOR'] !== '0') return ANSI_STYLE;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return undefined;
  return stream.isTTY ? ANSI_STYLE : undefined;
}
