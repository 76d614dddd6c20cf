import '@chatgate/react/styles.css'
import './demo.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App.js'
import { fetchConfig } from './demoApi.js'
import { platformFromUrl } from './platformFromUrl.js'
import { shareTabsFromUrl } from './tabSharing.js'
import { userSigSettingsFromUrl } from './userSigSource.js'

const root = createRoot(document.getElementById('root')!)
fetchConfig().then(
  (config) =>
    root.render(
      <StrictMode>
        <App
          config={config}
          userSigs={userSigSettingsFromUrl(window.location.search)}
          shareTabs={shareTabsFromUrl(window.location.search)}
          platform={platformFromUrl(window.location.search)}
        />
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
