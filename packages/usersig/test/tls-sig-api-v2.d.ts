// Typings for the public signer used as the compatibility reference in tests and the bench.
declare module 'tls-sig-api-v2' {
  export class Api {
    constructor(sdkappid: number, key: string)
    genSig(userid: string, expire: number, userBuf?: Buffer | string | null): string
    genUserSig(userid: string, expire: number): string
  }
}
