import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

type Holder = { pid: number; host: string; startedAt: string }

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes an exclusive lock on an embedded data directory. PGlite has no lock of its own and two
 * processes on one directory corrupt it, so a second opener is refused with the holder's identity.
 */
export function lockDataDir(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, 'alliance.lock')
  const me: Holder = { pid: process.pid, host: os.hostname(), startedAt: new Date().toISOString() }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(me), { flag: 'wx' })
      let released = false
      const release = () => {
        if (released) return
        released = true
        process.off('exit', release)
        try {
          const current = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder
          if (current.pid === me.pid) fs.unlinkSync(file)
        } catch {
          /* already gone */
        }
      }
      process.on('exit', release)
      return release
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
      let holder: Holder | undefined
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Holder
      } catch {
        holder = undefined
      }
      // An unreadable lock may be one another process is writing this instant: respect it while fresh.
      const fresh = !holder && Date.now() - fs.statSync(file).mtimeMs < 10_000
      if (fresh) throw new Error(`The data directory ${dir} is being opened by another process right now.`, { cause: e })
      const sameHost = holder?.host === me.host
      if (holder && (!sameHost || alive(holder.pid))) {
        throw new Error(
          `The data directory ${dir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.startedAt}). ` +
            'Stop that process first, or point DATA_DIR at another directory.',
          { cause: e },
        )
      }
      // The holder died without releasing: the lock is stale and safe to take over.
      fs.rmSync(file, { force: true })
    }
  }
  throw new Error(`Could not lock the data directory ${dir}`)
}
