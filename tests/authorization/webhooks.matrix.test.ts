import { matrix } from './webhooks.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
