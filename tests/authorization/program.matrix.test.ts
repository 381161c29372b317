import { matrix } from './program.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
