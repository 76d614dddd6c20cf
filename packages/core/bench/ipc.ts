// The benches' child processes and their request/answer channel are the server benches'
// own (packages/server/bench/ipc.ts): one implementation for every package's benches.
export { ask, forkScript, median, percentile, serve } from '../../server/bench/ipc.js'
