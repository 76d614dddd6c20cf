import type { Locale } from '@chatgate/protocol'
import type { DemoClientConfig } from './demoApi.js'
import { toggledShareTabsUrl } from './tabSharing.js'
import type { UserSigSettings } from './userSigSource.js'

export interface DemoHeaderProps {
  config: DemoClientConfig
  userSigs: UserSigSettings
  shareTabs: boolean
  locale: Locale
  onLocaleChange: (locale: Locale) => void
}

/** Which app and server the page talks to, the UserSig mode, tab sharing, and the kit's language. */
export function DemoHeader({
  config,
  userSigs,
  shareTabs,
  locale,
  onLocaleChange,
}: DemoHeaderProps) {
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
        <p data-testid="tab-mode" data-share-tabs={shareTabs}>
          {shareTabs ? (
            <>
              Tabs: <strong>shared</strong>, one login and one connection for every tab of this
              browser.{' '}
            </>
          ) : (
            <>
              Tabs: <strong>one instance each</strong> (<code>?shareTabs=0</code>): a second tab
              logging in the same user signs this one out.{' '}
            </>
          )}
          <a href={toggledShareTabsUrl(window.location.search, shareTabs)}>
            {shareTabs ? 'One instance per tab' : 'Share tabs'}
          </a>
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
