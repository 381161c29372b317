import autocannon from 'autocannon'

export type Load = { rps: number; p50: number; p99: number }

const seconds = (): number => Number(process.env.BENCH_DURATION ?? 10)

/** Warms up for 2 s, then measures `url` with 50 connections for BENCH_DURATION seconds (default 10). */
export async function measure(url: string, headers: Record<string, string> = {}): Promise<Load> {
  await autocannon({ url, headers, connections: 50, duration: 2 })
  const r = await autocannon({ url, headers, connections: 50, duration: seconds() })
  if (r.non2xx || r.errors || r.timeouts)
    throw new Error(`${url}: ${r.non2xx} non-2xx responses, ${r.errors} errors, ${r.timeouts} timeouts`)
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99 }
}
