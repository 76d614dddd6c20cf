import { afterEach } from 'vitest'
import { page } from 'vitest/browser'

/**
 * The "Default look" and SessionList stories are looked at, not only asserted: each is
 * saved as a screenshot (in the story's own viewport, e.g. 360 px for `Narrow`) under
 * `.screenshots/storybook/` (git-ignored) for a person to open and judge.
 */
const LOOK_FILES = ['DefaultLook.stories.tsx', 'SessionList.stories.tsx']

const isLook = (file: string | undefined) => LOOK_FILES.some((look) => file?.endsWith(look))

afterEach(async ({ task }) => {
  if (!isLook(task.file?.name)) return
  const story = task.name.replace(/\W+/g, '-').toLowerCase()
  const name = task.file?.name.includes('SessionList') ? `session-list-${story}` : story
  // Relative to the story file: packages/react/src → the repository root.
  await page.screenshot({ path: `../../../.screenshots/storybook/${name}.png` })
})
