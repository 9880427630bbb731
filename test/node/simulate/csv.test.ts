import { describe, expect, it } from 'vitest';
import { CsvParser, csvLine, csvRecordToInput, CellError } from '../../../src/node/simulate/csv';
import type { InputDecl } from '../../../src/ruleset/schema';

function parseAll(text: string, chunk = Infinity): { line: number; cells: string[] }[] {
  const p = new CsvParser();
  const out: { line: number; cells: string[] }[] = [];
  for (let i = 0; i < text.length; i += chunk === Infinity ? text.length : chunk) out.push(...p.push(text.slice(i, i + (chunk === Infinity ? text.length : chunk))));
  const end = p.end();
  if (end.record) out.push(end.record);
  return out;
}

describe('CsvParser', () => {
  const text = 'a,b,c\r\n1,"x, ""quoted""",3\n2,"two\nlines",4\n\n5,,6';

  it('reads quoted fields, escaped quotes, CRLF and multi-line fields, with the line each record starts on', () => {
    expect(parseAll(text)).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, "quoted"', '3'] },
      { line: 3, cells: ['2', 'two\nlines', '4'] },
      { line: 5, cells: [''] },
      { line: 6, cells: ['5', '', '6'] },
    ]);
  });

  it('gives the same records whatever the chunk boundaries (one character at a time)', () => {
    for (const size of [1, 2, 3, 7]) expect(parseAll(text, size)).toEqual(parseAll(text));
  });

  it('reports a quote left open at the end of the file', () => {
    const p = new CsvParser();
    p.push('a\n"open');
    expect(p.end().error).toEqual({ line: 2, message: 'a quoted field is not closed before the end of the file' });
  });
});

describe('csvLine', () => {
  it('quotes cells with commas, quotes, newlines or edge spaces', () => {
    expect(csvLine([1, 'a,b', 'say "hi"', 'x\ny', ' pad', null, true])).toBe('1,"a,b","say ""hi""","x\ny"," pad",,true\n');
  });
});

describe('csvRecordToInput', () => {
  const decls: Record<string, InputDecl> = {
    cost: { type: 'money' },
    flag: { type: 'boolean' },
    n: { type: 'integer' },
    ytd: { type: 'record', fields: { paid: { type: 'money' } } },
    items: { type: 'list', items: { type: 'money' } },
  };

  it('keeps numbers as exact strings, reads booleans, fills records from dotted columns and lists from JSON', () => {
    expect(csvRecordToInput(['cost', 'flag', 'n', 'ytd.paid', 'items'], ['0.10', '是', '3', '12.5', '[1, 2]'], decls)).toEqual({
      cost: '0.10',
      flag: true,
      n: '3',
      ytd: { paid: '12.5' },
      items: [1, 2],
    });
  });

  it('leaves empty cells out', () => {
    expect(csvRecordToInput(['cost', 'flag'], ['', ' '], decls)).toEqual({});
  });

  it('names the column of a bad cell, and rejects a wrong cell count and unsafe column names', () => {
    expect(() => csvRecordToInput(['flag'], ['maybe'], decls)).toThrow(new CellError('flag', 'flag: expected true or false, found "maybe"'));
    expect(() => csvRecordToInput(['cost', 'flag'], ['1'], decls)).toThrow('expected 2 cells (as in the header), found 1');
    expect(() => csvRecordToInput(['__proto__.x'], ['1'], decls)).toThrow('unsafe column name');
  });
});
