import { matrix } from './reviews.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
