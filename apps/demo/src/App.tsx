import { ChatProvider, LoginGate } from '@chatgate/react'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { ConnectionBanner } from './ConnectionBanner.js'
import { type DemoClientConfig, fetchUserSig } from './demoApi.js'
import { HomePage } from './HomePage.js'
import { LoginPage } from './LoginPage.js'

export interface AppProps {
  config: DemoClientConfig
  /** Lifetime asked for each UserSig; the server's default when undefined. */
  sigSeconds?: number
}

export function App({ config, sigSeconds }: AppProps) {
  const [queryClient] = useState(() => new QueryClient())
  const [getUserSig] = useState(() => (userID: string) => fetchUserSig(userID, sigSeconds))
  return (
    <QueryClientProvider client={queryClient}>
      <ChatProvider options={{ SDKAppID: config.SDKAppID, url: config.url }}>
        <header className="demo-header">
          <h1>Chatgate demo</h1>
          <p>
            SDKAppID <code>{config.SDKAppID}</code> · login server <code>{config.url}</code>
          </p>
        </header>
        <ConnectionBanner />
        <LoginGate fallback={<LoginPage getUserSig={getUserSig} />}>
          <HomePage getUserSig={getUserSig} />
        </LoginGate>
      </ChatProvider>
    </QueryClientProvider>
  )
}
