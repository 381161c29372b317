import { matrix } from './funds.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
