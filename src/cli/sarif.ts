/**
 * `minsheng validate --sarif`: the findings as SARIF 2.1.0, the format code-scanning tools read, so a
 * regional team's CI shows each finding inline on the pull request (file, line, column, code, message).
 */

/** One finding, as `validate` collects it. */
export interface SarifFinding {
  readonly code: string;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly file?: string;
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
}

/** A SARIF 2.1.0 log with one run of the `minsheng` tool. */
export function toSarif(findings: readonly SarifFinding[], version: string): object {
  const codes = [...new Set(findings.map((f) => f.code))].sort();
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'minsheng',
            version,
            informationUri: 'https://www.npmjs.com/package/minsheng-rules',
            rules: codes.map((id) => ({ id, shortDescription: { text: id } })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.code,
          ruleIndex: codes.indexOf(f.code),
          level: f.severity,
          message: { text: f.path ? `${f.message} (at ${f.path})` : f.message },
          ...(f.file
            ? {
                locations: [
                  {
                    physicalLocation: {
                      artifactLocation: { uri: f.file.split('\\').join('/') },
                      ...(f.line !== undefined ? { region: { startLine: f.line, ...(f.column !== undefined ? { startColumn: f.column } : {}) } } : {}),
                    },
                  },
                ],
              }
            : {}),
        })),
      },
    ],
  };
}
