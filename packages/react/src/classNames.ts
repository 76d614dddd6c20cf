/** The kit's class name plus the app's, or only the app's when the provider is unstyled. */
export function classNames(unstyled: boolean, own: string, extra?: string): string | undefined {
  if (unstyled) return extra
  return extra ? `${own} ${extra}` : own
}
