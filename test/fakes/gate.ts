/**
 * A point where a fake waits until the test lets it go on: an answer held back for as long
 * as the test needs, in place of a delay that races the timeout under test. `reached`
 * resolves when the fake arrives at the gate, so the test knows where the fake is.
 *
 * @example
 * const held = gate()
 * fake.script({ kind: 'json', answer, before: held })
 * const call = classifier.classify(text)
 * await held.reached   // the request is at the server, its answer held
 * held.open()
 */
export type Gate = {
  /** Resolves when the fake reaches the gate. */
  reached: Promise<void>
  /** Lets the fake go on (now, or as soon as it arrives). */
  open(): void
  /** What the fake awaits. */
  pass(): Promise<void>
}

export function gate(): Gate {
  let arrive!: () => void
  let release!: () => void
  const reached = new Promise<void>((r) => (arrive = r))
  const opened = new Promise<void>((r) => (release = r))
  return {
    reached,
    open: () => release(),
    pass: () => {
      arrive()
      return opened
    },
  }
}
