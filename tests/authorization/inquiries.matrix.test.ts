import { matrix } from './inquiries.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
