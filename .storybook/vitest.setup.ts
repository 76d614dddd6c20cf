import { afterEach } from 'vitest'
import { page } from 'vitest/browser'

/**
 * The "Default look" stories are looked at, not only asserted: each is saved as a
 * screenshot (in the story's own viewport, e.g. 360 px for `Narrow`) under
 * `.screenshots/storybook/` (git-ignored) for a person to open and judge.
 */
const LOOK_FILE = 'DefaultLook.stories.tsx'

const isLook = (file: string | undefined) => file?.endsWith(LOOK_FILE) ?? false

afterEach(async ({ task }) => {
  if (!isLook(task.file?.name)) return
  const name = task.name.replace(/\W+/g, '-').toLowerCase()
  // Relative to the story file: packages/react/src → the repository root.
  await page.screenshot({ path: `../../../.screenshots/storybook/${name}.png` })
})
