/**
 * The facts the desk gathers per category, the questions it asks for them, and the rules
 * that find them in a worker's free text. An LLM can add what the rules miss
 * (../facts-llm.ts); the rules run first and win.
 */
export { FactKey, Facts, HardshipCause, LegalIssue, factKeys, factValues, hardshipCauseLabels, legalIssueLabels, type FactSpec } from './schema.ts'
export { factSpecs, factsNeeded, nextQuestion } from './specs.ts'
export { extractFacts } from './extract.ts'
export { describeFacts, type DescribedFact } from './describe.ts'
export { normaliseText } from './text.ts'
