/**
 * The conversation layer, between intake and tickets, channel-blind: what a message is
 * before any ticket exists (turn.ts), the commands (commands.ts), small talk, urgent danger
 * (safety.ts), answers from the union's knowledge base (knowledge.ts), the facts a case needs
 * and how they are asked for (facts/, gather.ts), and what the desk waits for (state.ts).
 */
export { readTurn, tooUnclearToOpen, UNSURE_CONFIDENCE, type Turn, type TurnContext } from './turn.ts'
export { parseCommand, type Command } from './commands.ts'
export { answerStatus } from './status.ts'
export { categoryChoices, readSmallTalk, readCategoryChoice, readConsent, type SmallTalk } from './small-talk.ts'
export { assessSafety, type SafetyAssessment, type Danger } from './safety.ts'
export { idle, loadConversation, saveConversation, type ConversationState } from './state.ts'
export { keepable, nextStep, readTicketFacts, storeFacts, type Consent } from './gather.ts'
export { askForPerson, recordSensitiveConsent, requestErasure, thanksAsSatisfaction } from './records.ts'
export { extractFacts, describeFacts, factSpecs, Facts, FactKey, type FactSpec } from './facts/index.ts'
export { liveKnowledge, type LiveKnowledge } from './knowledge-base.ts'
export { currentKnowledge, refreshKnowledge, resetKnowledge, saveKnowledge, type KnowledgeView } from './knowledge-admin.ts'
export { llmFactExtractor, mergeFacts, type LlmFactExtractor } from './facts-llm.ts'
export { type KnowledgeEntry } from './knowledge.ts'
