import { matrix } from './identity.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
