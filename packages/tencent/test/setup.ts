// The kit's own test setup (Testing Library cleanup, jest-dom matchers, a cleared
// localStorage, jsdom's missing modal dialog methods): these tests render that kit.
import '../../react/test/setup.ts'
