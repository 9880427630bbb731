/**
 * Entitlements: public services and cash benefits a person can claim where they live, with reasons.
 */
export { listEntitlements, listOptionsSchema, personSchema } from './list';
export type { Entitlement, EntitlementKind, EntitlementList, EntitlementReason, ListOptions, Person } from './list';
