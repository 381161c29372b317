const tasks: (() => Promise<void>)[] = []
let done: Promise<void> = Promise.resolve()

/** Registers something to undo when a benchmark ends, fails or is interrupted (undone last in, first out). */
export function defer(task: () => Promise<void>): void {
  tasks.push(task)
}

/** Runs the registered tasks; a call made while another runs (Ctrl-C during cleanup) waits for it. */
export function cleanup(): Promise<void> {
  done = done.then(async () => {
    for (let task = tasks.pop(); task; task = tasks.pop()) await task().catch((e) => console.error('cleanup failed:', e))
  })
  return done
}
