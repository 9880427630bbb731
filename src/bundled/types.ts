/** One bundled ruleset file, carried as text and as its resolved form (see `hydrate.ts`). */
export interface BundledFile {
  /** Path under `rulesets/`, e.g. `cn/medical/nanchang.yaml`. */
  readonly path: string;
  readonly id: string;
  readonly version: string;
  readonly extends?: string;
  /** The file's text (Node's loader compares it with the file on disk before using `resolved`). */
  readonly text: string;
  /** The resolved ruleset (its `extends` chain applied, with its hash), as the JSON `hydrate.ts` reads. */
  readonly resolved: string;
  /** The sibling cases file: its path under `rulesets/`, `textFingerprint` of its text, and its validated cases as JSON. */
  readonly cases?: { readonly path: string; readonly fingerprint: string; readonly tests: string };
}
