// npm run train [-- --feedback] [-- --no-jieba] [-- --cv-only]
// Trains the embedded model on data/classify/train.jsonl (never on heldout.jsonl) and
// writes src/classify/model/linear.json. --feedback adds cadres' corrections from the
// database (ClassificationFeedback joined with the ticket's first inbound message).
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { modelPath } from '../src/classify/embedded/embedded-classifier.ts'
import { categories } from '../src/classify/types.ts'
import { readCorpus } from '../src/classify/training/corpus.ts'
import { readFeedbackExamples } from '../src/classify/training/feedback.ts'
import { crossValidate, defaultTrainOptions, trainLinearModel, type Example } from '../src/classify/training/train-linear.ts'

const { values } = parseArgs({ options: { feedback: { type: 'boolean', default: false }, 'no-jieba': { type: 'boolean', default: false }, 'cv-only': { type: 'boolean', default: false } } })

const opts = { ...defaultTrainOptions, features: { ...defaultTrainOptions.features, jieba: !values['no-jieba'] } }
const examples: Example[] = readCorpus('train')
if (values.feedback) {
  const feedback = await readFeedbackExamples(process.env.DATABASE_URL)
  console.log(`feedback: ${feedback.length} corrected messages added (weight 2)`)
  examples.push(...feedback)
}

let t = performance.now()
const cv = crossValidate(examples, opts)
console.log(`cross-validation (${opts.folds} folds by seed group, training split only): macro-F1 ${cv.macroF1.toFixed(3)}, temperature ${cv.temperature}, urgent recall ${cv.urgentRecall.toFixed(3)} precision ${cv.urgentPrecision.toFixed(3)} at threshold ${cv.urgentThreshold.toFixed(3)} (${((performance.now() - t) / 1000).toFixed(1)} s)`)
console.log(`  per label: ${categories.map((c, i) => `${c} ${cv.perLabelF1[i]!.toFixed(3)}`).join(', ')}`)
if (values['cv-only']) process.exit(0)

t = performance.now()
const file = trainLinearModel(examples, 'linear@2', cv, opts)
const json = JSON.stringify(file)
writeFileSync(modelPath, json + '\n')
console.log(`trained on ${examples.length} messages: ${Object.keys(file.features).length} features, ${(json.length / 1024 / 1024).toFixed(2)} MB → src/classify/model/linear.json (${((performance.now() - t) / 1000).toFixed(1)} s)`)
