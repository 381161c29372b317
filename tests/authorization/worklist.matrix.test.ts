import { matrix } from './worklist.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
