/**
 * Stands in for `react-native` in this package's tests (vitest.config.ts aliases it): the
 * `Platform` the React Native entry reads, which a test sets to the device it plays.
 */
export const Platform: { OS: string; isPad?: boolean } = { OS: 'ios', isPad: false }
