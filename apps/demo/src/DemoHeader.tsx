import type { Locale } from '@chatgate/protocol'
import type { DemoClientConfig } from './demoApi.js'
import type { UserSigSettings } from './userSigSource.js'

export interface DemoHeaderProps {
  config: DemoClientConfig
  userSigs: UserSigSettings
  locale: Locale
  onLocaleChange: (locale: Locale) => void
}

/** Which app and server the page talks to, the UserSig mode, and the kit's language. */
export function DemoHeader({ config, userSigs, locale, onLocaleChange }: DemoHeaderProps) {
  return (
    <header className="demo-header">
      <div>
        <h1>Chatgate demo</h1>
        <p>
          SDKAppID <code>{config.SDKAppID}</code> · login server <code>{config.url}</code>
          {userSigs.sigSeconds
            ? ` · UserSigs live ${userSigs.sigSeconds} s, renewal ${userSigs.renew ? 'on' : 'off'}`
            : null}
        </p>
      </div>
      <label>
        Language{' '}
        <select value={locale} onChange={(event) => onLocaleChange(event.target.value as Locale)}>
          <option value="en">English</option>
          <option value="zh-CN">中文</option>
        </select>
      </label>
    </header>
  )
}
