import { matrix } from './deals.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
