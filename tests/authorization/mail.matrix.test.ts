import { matrix } from './mail.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
