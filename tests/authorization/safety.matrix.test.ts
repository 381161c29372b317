import { matrix } from './safety.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
