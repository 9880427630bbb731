/**
 * Resident basic pension (城乡居民基本养老保险): what each contribution tier buys at 60, with reasons and citations.
 */
export { planResidentPension, pensionPersonSchema, pensionPlanOptionsSchema, PENSION_TIERS } from './plan';
export type { PensionHardshipGroup, PensionPerson, PensionPlan, PensionPlanOptions, PensionTier, TierPlan } from './plan';
