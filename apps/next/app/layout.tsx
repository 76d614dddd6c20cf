import '@chatgate/react/styles.css'
import './globals.css'
import { ChatProvider } from '@chatgate/react'
import type { Metadata } from 'next'
import { connection } from 'next/server'
import type { ReactNode } from 'react'
import { chatServerConfig } from '../lib/chatConfig'

export const metadata: Metadata = {
  title: 'Chatgate on Next.js',
  description: 'The Chatgate React kit in a Next.js App Router app.',
}

/**
 * The root layout is a Server Component: it renders `ChatProvider` directly. It reads the
 * login server's address from the environment on each request (not at build time), and
 * hands the browser only the SDKAppID and that URL.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection()
  const { SDKAppID, url } = chatServerConfig()
  return (
    <html lang="en">
      <body>
        <ChatProvider options={{ SDKAppID, url }}>{children}</ChatProvider>
      </body>
    </html>
  )
}
