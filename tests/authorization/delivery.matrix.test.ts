import { matrix } from './delivery.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
