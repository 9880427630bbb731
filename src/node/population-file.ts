/**
 * Reads a population of inputs for an impact analysis from a file: JSONL or CSV rows (one input each,
 * line numbers kept for reports), or a YAML/JSON cases file (`cases: [{ name, date, input }]`, a list of
 * cases, or a list of inputs).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { MinshengError } from '../errors';
import type { InputDecl } from '../ruleset/schema';
import { CellError, csvRecordToInput } from './simulate/csv';
import { checkReadableFile, formatOf, readBatches } from './simulate/read';
import type { PopulationItem } from '../compare/impact';

/** Rows that could not be read (they are left out of the population and reported). */
export interface PopulationProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * Loads a population file. Rows that cannot be read are returned as problems (left out).
 *
 * @param decls the declared inputs CSV cells are converted by
 * @throws MinshengError `io/read` when the file cannot be read (missing, a folder), `io/format` when a
 *   YAML/JSON cases file does not parse or holds no list
 */
export async function loadPopulation(path: string, decls: Readonly<Record<string, InputDecl>>): Promise<{ items: PopulationItem[]; problems: PopulationProblem[] }> {
  const items: PopulationItem[] = [];
  const problems: PopulationProblem[] = [];
  checkReadableFile(path, 'the cases file');
  const format = formatOf(path);
  if (format && !/\.json$/i.test(path)) {
    let header: string[] = [];
    for await (const batch of readBatches(path, { format, onHeader: (h) => (header = h), onProblem: (p) => problems.push(p) })) {
      for (const row of batch.rows) {
        try {
          const input = 'text' in row ? (JSON.parse(row.text) as unknown) : csvRecordToInput(header, row.cells, decls);
          items.push({ input, label: `line ${row.line}` });
        } catch (error) {
          problems.push({ line: row.line, message: error instanceof CellError || error instanceof Error ? error.message : String(error) });
        }
      }
    }
    return { items, problems };
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new MinshengError({ code: 'io/read', message: `cannot read the cases file ${path}: ${error instanceof Error ? error.message : String(error)}` });
  }
  let data: unknown;
  try {
    data = parse(text, { maxAliasCount: 100 });
  } catch (error) {
    throw new MinshengError({ code: 'io/format', message: `the cases file ${path} is not valid YAML or JSON: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}` });
  }
  const list = Array.isArray(data) ? data : data && typeof data === 'object' && Array.isArray((data as { cases?: unknown }).cases) ? (data as { cases: unknown[] }).cases : undefined;
  if (!list) throw new MinshengError({ code: 'io/format', message: `${path}: expected a list of inputs or cases, or { cases: [...] }` });
  list.forEach((entry: unknown, i) => {
    if (entry && typeof entry === 'object' && !Array.isArray(entry) && 'input' in entry) {
      const c = entry as { name?: unknown; date?: unknown; input: unknown };
      items.push({ input: c.input, ...(typeof c.date === 'string' ? { date: c.date } : {}), label: typeof c.name === 'string' ? c.name : `#${i + 1}` });
    } else items.push({ input: entry, label: `#${i + 1}` });
  });
  return { items, problems };
}
