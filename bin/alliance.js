#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx: one source of truth, no build step for the server.
import { register } from 'tsx/esm/api'
register()
await import('../src/cli/main.ts')
