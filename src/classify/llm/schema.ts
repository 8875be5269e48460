import { z } from 'zod'
import { Category } from '../types.ts'

/**
 * What the LLM must answer. Validated with safeParse after every call: an answer that
 * does not fit (unknown label, missing field, confidence out of range) is a failure and
 * the cascade falls back to the embedded model.
 */
export const LlmAnswer = z.object({
  category: Category.describe('诉求类别，只能是 wage_arrears、legal_aid、job_seeking、hardship、other 之一'),
  urgent: z.boolean().describe('是否紧急：事故或急病刚刚发生、有生命危险、自伤自杀念头、正在发生的群体聚集'),
  confidence: z.number().min(0).max(1).describe('对类别判断的把握，0 到 1'),
  reason: z.string().min(1).max(120).describe('给工会干部看的简短中文理由，不超过 40 字，不要复述原文'),
})
export type LlmAnswer = z.infer<typeof LlmAnswer>
