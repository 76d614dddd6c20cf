export { UserSigError, type UserSigRejection, type UserSigRejectionCode } from './errors.js'
export { DEFAULT_EXPIRE_SECONDS, type SignOptions, signUserSig } from './sign.js'
export {
  DEFAULT_CLOCK_SKEW_SECONDS,
  type VerifiedUserSig,
  type VerifyOptions,
  type VerifyResult,
  verifyUserSig,
} from './verify.js'
