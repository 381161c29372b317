import { matrix } from './notifications.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
