/**
 * The one thing the `react-native` entry reads from React Native, typed here so that this
 * package needs neither react-native nor its types to build. Not part of the published
 * typings: the built declarations never name react-native.
 */
declare module 'react-native' {
  export const Platform: import('./devicePlatform.js').ReactNativePlatform
}
