import { fork, type ChildProcess } from 'node:child_process'
import { defer } from './cleanup.ts'

/**
 * Starts `entry` (a bench/servers/*.ts file) in a child process, so the server does not share an event loop
 * with the load generator. The child listens on an ephemeral port and reports it over IPC; cleanup stops it.
 */
export function startServer(entry: string, env: Record<string, string>): Promise<string> {
  const child: ChildProcess = fork('bin/run-ts.js', [entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'], // request logs go nowhere; crashes show on stderr
  })
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve()
      child.once('exit', () => resolve())
      child.kill('SIGTERM')
    })
  defer(stop)
  return new Promise((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(`http://127.0.0.1:${m.port}`))
    child.once('exit', (code) => reject(new Error(`${entry} exited with code ${code} before listening`)))
    child.once('error', reject)
  })
}
