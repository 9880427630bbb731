/**
 * minsheng-rules — China's people's-livelihood (民生) policies as versioned, citable, executable rulesets.
 *
 * The Node entry: everything of `minsheng-rules/browser` plus loading rulesets from files and folders.
 * Everything not exported here is internal and may change without notice.
 *
 * - Load and compile: {@link loadRuleset} (a file or an id), {@link bundledRuleset} (synchronous, no file
 *   system), {@link parseRuleset} (text) → {@link compile} → `program.evaluate`.
 * - Domains: {@link settleClaim}, {@link settleYear}, {@link openYearLedger} and {@link settleIntoLedger}
 *   (medical), {@link assessHousehold} (social assistance), {@link listEntitlements} (services and cash benefits).
 * - Explain and test: {@link explain}, {@link runCases}; interop with json-rules-engine.
 * @packageDocumentation
 */
export { loadRuleset, addRulesetDirectory } from './node/load';
export type { LoadOptions, AddDirectoryOptions } from './node/load';

// Everything of the browser entry, listed once there (src/browser.ts): the two entries cannot drift apart.
export * from './browser';
