import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { describe, expect, it } from 'vitest'
import { lockDataDir } from './lock.ts'
import { openPglite } from './db.ts'

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'alliance-lock-'))

describe('data directory lock', () => {
  it('refuses a second opener, naming the holder, and frees the directory on release', () => {
    const dir = tmp()
    const release = lockDataDir(dir)
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`in use by process ${process.pid}`))
    release()
    expect(fs.existsSync(path.join(dir, 'alliance.lock'))).toBe(false)
    lockDataDir(dir)()
  })

  it('takes over a lock whose process has died', async () => {
    const dir = tmp()
    const child = spawn(process.execPath, ['-e', ''])
    await new Promise((r) => child.on('exit', r))
    fs.writeFileSync(path.join(dir, 'alliance.lock'), JSON.stringify({ pid: child.pid, host: os.hostname(), startedAt: 'earlier' }))
    const release = lockDataDir(dir)
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'alliance.lock'), 'utf8')).pid).toBe(process.pid)
    release()
  })

  it('never opens an embedded database that another process holds', async () => {
    const dir = tmp()
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'])
    fs.writeFileSync(path.join(dir, 'alliance.lock'), JSON.stringify({ pid: holder.pid, host: os.hostname(), startedAt: 'now' }))
    try {
      await expect(openPglite(dir)).rejects.toThrow(new RegExp(`in use by process ${holder.pid}`))
      expect(fs.readdirSync(dir)).toEqual(['alliance.lock']) // nothing was created in it
    } finally {
      holder.kill()
    }
  })
})
