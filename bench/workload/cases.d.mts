/** @type {ReadonlyArray<{ name: string, claim: Claim, expected: Settlement }>} */
export const WORKED_CASES: ReadonlyArray<{
    name: string;
    claim: Claim;
    expected: Settlement;
}>;
export type Claim = import("./generate.mjs").Claim;
export type Settlement = import("./generate.mjs").Settlement;
