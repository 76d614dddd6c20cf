import { classNames } from './classNames.js'

/** A CSS-only spinner; hidden from assistive technology, the text beside it speaks. */
export const spinner = (unstyled: boolean) => (
  <span className={classNames(unstyled, 'chatgate-spinner')} aria-hidden="true" />
)
