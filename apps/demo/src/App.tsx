import { ChatProvider, LoginGate, useChat } from '@chatgate/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { ConnectionBanner } from './ConnectionBanner.js'
import type { DemoClientConfig } from './demoApi.js'
import { HomePage } from './HomePage.js'
import { LoginPage } from './LoginPage.js'
import { createUserSigSource, type UserSigSettings } from './userSigSource.js'

export interface AppProps {
  config: DemoClientConfig
  userSigs: UserSigSettings
}

export function App({ config, userSigs }: AppProps) {
  const [queryClient] = useState(() => new QueryClient())
  return (
    <QueryClientProvider client={queryClient}>
      <ChatProvider
        options={{
          SDKAppID: config.SDKAppID,
          url: config.url,
          // Short-lived demo sigs renew halfway through their life instead of a minute ahead.
          ...(userSigs.sigSeconds ? { renewBeforeMs: userSigs.sigSeconds * 500 } : {}),
        }}
      >
        <header className="demo-header">
          <h1>Chatgate demo</h1>
          <p>
            SDKAppID <code>{config.SDKAppID}</code> · login server <code>{config.url}</code>
          </p>
        </header>
        <ConnectionBanner />
        <Pages userSigs={userSigs} />
      </ChatProvider>
    </QueryClientProvider>
  )
}

function Pages({ userSigs }: { userSigs: UserSigSettings }) {
  const chat = useChat()
  const [getUserSig] = useState(() => createUserSigSource(chat, userSigs))
  return (
    <LoginGate fallback={<LoginPage getUserSig={getUserSig} />}>
      <HomePage getUserSig={getUserSig} />
    </LoginGate>
  )
}
