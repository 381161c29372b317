import fs from 'node:fs'
import { startSmtpSink } from '../setup/smtp.ts'

/** Runs the SMTP server the app sends to during the browser tests; each message becomes a line of the mailbox file. */
export default async function globalSetup() {
  const file = process.env.ALLIANCE_E2E_MAILBOX!
  const sink = await startSmtpSink({
    port: Number(process.env.ALLIANCE_E2E_SMTP_PORT),
    onMessage: (m) => fs.appendFileSync(file, JSON.stringify({ to: m.to, subject: m.subject, text: m.text, calendar: m.calendar }) + '\n'),
  })
  return () => sink.close()
}
