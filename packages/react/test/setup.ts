import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach } from 'vitest'

// Testing Library only cleans up by itself when test globals are on; they are not here.
afterEach(cleanup)
// Each test starts with nothing remembered (LoginGate keeps the last UserID in
// localStorage, the provider a tab's last kick in sessionStorage).
afterEach(() => {
  globalThis.localStorage?.clear()
  globalThis.sessionStorage?.clear()
})
// jsdom has no modal dialogs: `open` still exposes the dialog to the tests and axe. The
// stories check the real showModal (inert page, focus trap) in Chromium.
if (typeof HTMLDialogElement !== 'undefined' && !HTMLDialogElement.prototype.showModal) {
  HTMLDialogElement.prototype.showModal = function showModal(this: HTMLDialogElement) {
    this.setAttribute('open', '')
  }
  HTMLDialogElement.prototype.close = function close(this: HTMLDialogElement) {
    this.removeAttribute('open')
  }
}
