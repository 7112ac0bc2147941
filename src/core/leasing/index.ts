/** The leasing domain's decisions, pure: see README.md. */
export * from './types.js';
export { parseProfile, profileToSpec, PROFILE_DEFAULTS, type ProfileSpec } from './profile-spec.js';
export { demoCatalogue, DEMO_PROFILE_SPECS } from './demo-catalogue.js';
export { planLeaseRequest, leaseDuration, MAX_LEASE_COUNT, MAX_PURPOSE_LENGTH, type LeaseRequestInput, type LeaseRequestPlan } from './lease-request.js';
export { planRenewal, type RenewableLease, type RenewalPlan } from './renewal.js';
export { checkQuota, quotaViolations, requestedUsage, type QuotaLimits, type QuotaResource, type QuotaScope, type QuotaViolation, type Usage } from './quota.js';
export { leaseDue, isImportant, type ExpiringLease, type ExpiryAction } from './expiry.js';
export { nextRecoveryStep, isHeld, type ObservedServer, type RecoveryAction, type RecoveryOptions, type RecoveryStep } from './recovery.js';
export { isStale, pickReplacements, type Freshness, type FreshnessInstance, type ResolvedBuildIds, type StaleReason } from './freshness.js';
export { generatePassword, PASSWORD_ALPHABET, MIN_PASSWORD_LENGTH, MAX_PASSWORD_LENGTH } from './password.js';
export {
  renderUserData,
  checkUserDataTemplate,
  userDataPlaceholders,
  USER_DATA_VARIABLES,
  MAX_USER_DATA_BYTES,
  type UserDataVariable,
  type UserDataVars,
} from './user-data.js';
