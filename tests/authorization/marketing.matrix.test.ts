import { matrix } from './marketing.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
