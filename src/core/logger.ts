import pino from 'pino'
import type { Config } from './config.ts'

/** JSON logs in production and when piped; readable lines in a terminal. */
export function createLogger(config: Pick<Config, 'logLevel' | 'production'>) {
  const pretty = !config.production && process.stdout.isTTY
  return pino({
    level: config.logLevel,
    ...(pretty ? { transport: { target: 'pino-pretty', options: { colorize: true, ignore: 'pid,hostname' } } } : {}),
  })
}
