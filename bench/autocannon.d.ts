// The few parts of autocannon's programmatic API the benchmarks use (it ships no types).
declare module 'autocannon' {
  type Stat = { average: number; mean: number; p50: number; p99: number; max: number }
  export type Result = { requests: Stat; latency: Stat; non2xx: number; errors: number; timeouts: number; '2xx': number }
  export type Options = { url: string; connections?: number; duration?: number; headers?: Record<string, string> }
  export default function autocannon(opts: Options): Promise<Result>
}
