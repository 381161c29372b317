import type { AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'

export type ReceivedMail = { from: string; to: string[]; subject: string; text: string; html: string; calendar: string; raw: string }

function decodePart(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16)))
    return Buffer.from(bytes, 'latin1').toString('utf8')
  }
  return body
}

/** Splits a message nodemailer wrote into its plain-text, HTML and calendar parts (decoded), nested multiparts included. */
function parse(raw: string): Pick<ReceivedMail, 'subject' | 'text' | 'html' | 'calendar'> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0] ?? ''
  const subject = /^subject:\s*(.*(?:\r?\n[ \t].*)*)/im.exec(head)?.[1]?.replace(/\r?\n[ \t]/g, ' ') ?? ''
  const out = { subject, text: '', html: '', calendar: '' }
  const walk = (headers: string, body: string) => {
    const boundary = /content-type:\s*multipart\/[^;]+;[\s\S]*?boundary="?([^";\r\n]+)"?/i.exec(headers)?.[1]
    if (boundary) {
      for (const part of body.split(`--${boundary}`).slice(1, -1)) {
        const i = part.search(/\r?\n\r?\n/)
        walk(
          part.slice(0, i),
          part
            .slice(i)
            .replace(/^\r?\n\r?\n/, '')
            .replace(/\r?\n$/, ''),
        )
      }
      return
    }
    const decoded = () => decodePart(headers, body).replace(/\r\n/g, '\n')
    if (/content-type:\s*text\/plain/i.test(headers)) out.text = decoded()
    else if (/content-type:\s*text\/html/i.test(headers)) out.html = decoded()
    else if (/content-type:\s*text\/calendar/i.test(headers) && !out.calendar) out.calendar = decoded()
  }
  const i = raw.search(/\r?\n\r?\n/)
  walk(raw.slice(0, i), raw.slice(i).replace(/^\r?\n\r?\n/, ''))
  return out
}

/**
 * A real SMTP server on loopback that keeps what it receives. With `reject`, every recipient is
 * refused with a temporary error, as a mail server that is down for maintenance answers; with `delayMs`, each
 * message is acknowledged that much later.
 */
export async function startSmtpSink(
  opts: { reject?: boolean; port?: number; onMessage?: (m: ReceivedMail) => void; delayMs?: number } = {},
) {
  const received: ReceivedMail[] = []
  const waiting: { n: number; resolve: () => void }[] = []
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!opts.reject) return callback()
      const err = Object.assign(new Error(`Mailbox ${address.address} unavailable, try again later`), { responseCode: 451 })
      callback(err)
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (c: Buffer) => chunks.push(c))
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8')
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : ''
        const mail = { from, to: session.envelope.rcptTo.map((r) => r.address), raw, ...parse(raw) }
        received.push(mail)
        opts.onMessage?.(mail)
        for (const w of waiting.filter((w) => received.length >= w.n)) w.resolve()
        // A slow mail server: the sender waits for the answer to each message.
        if (opts.delayMs) setTimeout(callback, opts.delayMs)
        else callback()
      })
    },
  })
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve))
  const { port } = server.server.address() as AddressInfo
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** Resolves once `n` messages have arrived in all. */
    waitFor: (n: number) => (received.length >= n ? Promise.resolve() : new Promise<void>((resolve) => waiting.push({ n, resolve }))),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
