import { matrix } from './agreements.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
