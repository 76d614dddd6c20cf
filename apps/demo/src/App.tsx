import type { Locale, Platform } from '@chatgate/protocol'
import { ChatProvider, LoginGate } from '@chatgate/react'
import { zhCN } from '@chatgate/react/zh-CN'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useEffect, useState } from 'react'
import { ConnectionBanner } from './ConnectionBanner.js'
import { DemoHeader } from './DemoHeader.js'
import type { DemoClientConfig } from './demoApi.js'
import { EventLog } from './EventLog.js'
import { HomePage } from './HomePage.js'
import { LoginPage } from './LoginPage.js'
import { createAutoLogin, followLogins } from './tabSession.js'
import { createDemoClient } from './tabSharing.js'
import { useLastUserID } from './useLastUserID.js'
import { createUserSigSource, type UserSigSettings } from './userSigSource.js'

export interface AppProps {
  config: DemoClientConfig
  userSigs: UserSigSettings
  /** One session for every tab of the browser (`?shareTabs=0` turns it off). */
  shareTabs: boolean
  /** What the page logs in as (`?platform=android`). @default 'web' */
  platform?: Platform
}

export function App({ config, userSigs, shareTabs, platform }: AppProps) {
  const [queryClient] = useState(() => new QueryClient())
  const [locale, setLocale] = useState<Locale>('en')
  // The demo makes its client itself: its UserSig source and the tab's session need it
  // before the provider renders. The page never unmounts the app, so nothing destroys it
  // (a tab that closes leaves the shared session to the others).
  const [chat] = useState(() =>
    createDemoClient(
      {
        SDKAppID: config.SDKAppID,
        url: config.url,
        ...(platform ? { platform } : {}),
        // Short-lived demo sigs renew halfway through their life instead of a minute ahead.
        ...(userSigs.sigSeconds ? { renewBeforeMs: userSigs.sigSeconds * 500 } : {}),
      },
      shareTabs,
    ),
  )
  const [getUserSig] = useState(() => createUserSigSource(chat, userSigs))
  const [autoLogin] = useState(() => createAutoLogin(getUserSig))
  useEffect(() => followLogins(chat), [chat])
  return (
    <QueryClientProvider client={queryClient}>
      <ChatProvider
        client={chat}
        SDKAppID={config.SDKAppID}
        locale={locale}
        texts={locale === 'zh-CN' ? zhCN : undefined}
        autoLogin={autoLogin}
      >
        <DemoHeader
          config={config}
          userSigs={userSigs}
          shareTabs={shareTabs}
          locale={locale}
          onLocaleChange={setLocale}
        />
        <ConnectionBanner />
        <div className="demo-layout">
          <Pages getUserSig={getUserSig} shareTabs={shareTabs} />
          <aside>
            <EventLog />
          </aside>
        </div>
      </ChatProvider>
    </QueryClientProvider>
  )
}

function Pages({
  getUserSig,
  shareTabs,
}: {
  getUserSig: (userID: string) => Promise<string>
  shareTabs: boolean
}) {
  const lastUserID = useLastUserID()
  return (
    <LoginGate fallback={<LoginPage getUserSig={getUserSig} defaultUserID={lastUserID} />}>
      <HomePage getUserSig={getUserSig} shareTabs={shareTabs} />
    </LoginGate>
  )
}
