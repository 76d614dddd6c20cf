import '@chatgate/react/styles.css'
import './demo.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { fetchConfig } from './demoApi.js'

/**
 * `?sigSeconds=N` asks for UserSigs that live N seconds, to watch one expire while online.
 * Anything else (or nothing) keeps the server's default lifetime.
 */
function sigSecondsFromUrl(): number | undefined {
  const value = Number(new URLSearchParams(window.location.search).get('sigSeconds'))
  return Number.isInteger(value) && value > 0 ? value : undefined
}

const root = createRoot(document.getElementById('root')!)
fetchConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App config={config} sigSeconds={sigSecondsFromUrl()} />
      </StrictMode>,
    ),
  (error: unknown) =>
    root.render(
      <p role="alert">
        Could not load the demo's config ({String(error)}). Start the demo with{' '}
        <code>pnpm dev</code>.
      </p>,
    ),
)
