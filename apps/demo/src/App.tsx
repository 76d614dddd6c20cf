import type { Locale } from '@chatgate/protocol'
import { ChatProvider, LoginGate, useChat } from '@chatgate/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { ConnectionBanner } from './ConnectionBanner.js'
import { DemoHeader } from './DemoHeader.js'
import type { DemoClientConfig } from './demoApi.js'
import { EventLog } from './EventLog.js'
import { HomePage } from './HomePage.js'
import { LoginPage } from './LoginPage.js'
import { useLastUserID } from './useLastUserID.js'
import { createUserSigSource, type UserSigSettings } from './userSigSource.js'

export interface AppProps {
  config: DemoClientConfig
  userSigs: UserSigSettings
}

export function App({ config, userSigs }: AppProps) {
  const [queryClient] = useState(() => new QueryClient())
  const [locale, setLocale] = useState<Locale>('en')
  return (
    <QueryClientProvider client={queryClient}>
      <ChatProvider
        locale={locale}
        options={{
          SDKAppID: config.SDKAppID,
          url: config.url,
          // Short-lived demo sigs renew halfway through their life instead of a minute ahead.
          ...(userSigs.sigSeconds ? { renewBeforeMs: userSigs.sigSeconds * 500 } : {}),
        }}
      >
        <DemoHeader
          config={config}
          userSigs={userSigs}
          locale={locale}
          onLocaleChange={setLocale}
        />
        <ConnectionBanner />
        <div className="demo-layout">
          <Pages userSigs={userSigs} />
          <aside>
            <EventLog />
          </aside>
        </div>
      </ChatProvider>
    </QueryClientProvider>
  )
}

function Pages({ userSigs }: { userSigs: UserSigSettings }) {
  const chat = useChat()
  const [getUserSig] = useState(() => createUserSigSource(chat, userSigs))
  const lastUserID = useLastUserID()
  return (
    <LoginGate fallback={<LoginPage getUserSig={getUserSig} defaultUserID={lastUserID} />}>
      <HomePage getUserSig={getUserSig} />
    </LoginGate>
  )
}
