/** One bundled ruleset file, carried as text. */
export interface BundledFile {
  /** Path under `rulesets/`, e.g. `cn/medical/nanchang.yaml`. */
  readonly path: string;
  readonly id: string;
  readonly version: string;
  readonly extends?: string;
  readonly text: string;
}
