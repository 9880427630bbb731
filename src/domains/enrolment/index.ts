/**
 * Enrolment: which basic medical-insurance scheme a person may join where, the resident premium, 资助参保, the
 * fiscal subsidy, the waiting period and the continuous-enrolment incentive; social-insurance subsidies for
 * graduates and people with employment difficulties — with reasons and citations.
 */
export { assessEnrolment, enrolmentOptionsSchema, enrolmentPersonSchema } from './assess';
export type { Amount, Answer, EnrolmentAssessment, EnrolmentCategory, EnrolmentOptions, EnrolmentPerson, Employment } from './assess';
export type { RuleReason } from './reasons';
export { assessSocialInsuranceSubsidy, subsidyApplicantSchema, subsidyOptionsSchema } from './subsidy';
export type { SubsidyApplicant, SubsidyAssessment, SubsidyGroup, SubsidyOptions } from './subsidy';
