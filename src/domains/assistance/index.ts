/**
 * Social assistance: 特困, 低保, 低保边缘 and 刚性支出困难 eligibility with reasons.
 */
export { assessHousehold, assessOptionsSchema } from './assess';
export type { AssessOptions, AssistanceScheme, AssessmentReason, Citation, HouseholdAssessment, ReasonComparison, SchemeAssessment, Threshold } from './assess';
export { validateHousehold, householdSchema, householdMemberSchema, incomeItemSchema, householdAssetsSchema, rigidExpensesSchema } from './household';
export type {
  DisabilityLevel,
  DisabilityType,
  Household,
  HouseholdAssets,
  HouseholdMember,
  HukouPlace,
  IncomeItem,
  IncomeKind,
  MoneyInput,
  Relation,
  Residence,
  RigidExpenses,
  SchoolEnrolment,
  WorkAbility,
} from './household';
