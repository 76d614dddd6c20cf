/**
 * Runs `attempt` until it resolves, again every 10 ms while it rejects (at most 200 times):
 * for a socket the server refuses until it has let an earlier one go (a connection cap),
 * which the test cannot see from outside. Rejects with the last error.
 */
export async function untilAccepted<T>(attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries++) {
    try {
      return await attempt()
    } catch (error) {
      if (tries === 200) throw error
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
}
