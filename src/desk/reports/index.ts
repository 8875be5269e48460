/** Reports: what a unit's work looks like in numbers (the three rates: 响应率、解决率、满意率). */
export { threeRates, type RateCounts, type UnitRates } from './rates.ts'
