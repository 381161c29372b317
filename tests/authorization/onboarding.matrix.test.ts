import { matrix } from './onboarding.matrix.ts'
import { runMatrix } from './harness.ts'

runMatrix(matrix)
