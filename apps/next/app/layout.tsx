import '@chatgate/react/styles.css'
import './globals.css'
import { ChatProvider } from '@chatgate/react'
import type { Metadata } from 'next'
import { connection } from 'next/server'
import { type ReactNode, Suspense } from 'react'
import { chatServerConfig } from '../lib/chatConfig'
import { resumeChatSession } from './chatSession'

export const metadata: Metadata = {
  title: 'Chatgate on Next.js',
  description: 'The Chatgate React kit in a Next.js App Router app.',
}

/**
 * The root layout is a Server Component: it renders `ChatProvider` directly. With Cache
 * Components (Next.js 16's default) the part that reads the environment per request sits
 * under `<Suspense>`; the static shell around it is prerendered at build time.
 */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Suspense>
          <Chat>{children}</Chat>
        </Suspense>
      </body>
    </html>
  )
}

/**
 * Reads the login server's address from the environment on each request (not at build
 * time) and hands the browser only the SDKAppID and that URL. `autoLogin` is a function of
 * a Client module: on page load it asks the app's backend who is signed in, so a reload
 * logs the chat back in without showing the form.
 */
async function Chat({ children }: { children: ReactNode }) {
  await connection()
  const { SDKAppID, url } = chatServerConfig()
  return (
    <ChatProvider options={{ SDKAppID, url }} autoLogin={resumeChatSession}>
      {children}
    </ChatProvider>
  )
}
