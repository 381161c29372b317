// The partner program's surface for other features, beyond its services and contracts: the tier rules
// (pure functions over guidelines and figures) and the loaders that tier reviews run inside their own
// transaction. Other features import these from here, never from the files below.
export { planOf, tierOf, type Guidelines, type Plan } from './evaluation.ts'
export { evaluatePartner } from './evaluation.batch.ts'
export { findYear, loadGuidelines } from './guidelines.queries.ts'
export { figuresOfRow, quartersText, yearFiguresInBatches, type FiguresRow, type YearFigures } from './metrics.aggregate.ts'
