export { UserSigError, type UserSigRejection, type UserSigRejectionCode } from './errors.js'
export {
  isUsableSecretKey,
  MAX_SECRET_KEY_LENGTH,
  MIN_SECRET_KEY_LENGTH,
  SECRET_KEY_RULE,
} from './secretKeyRule.js'
export { DEFAULT_EXPIRE_SECONDS, type SignOptions, signUserSig } from './sign.js'
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  type VerifiedUserSig,
  type VerifyOptions,
  type VerifyResult,
  verifyUserSig,
} from './verify.js'
