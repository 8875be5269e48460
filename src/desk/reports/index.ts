/** Reports: what a unit's work looks like in numbers: the three rates (响应率、解决率、满意率), category trends, workload, the oldest open cases. */
export { threeRates, type RateCounts, type UnitRates } from './rates.ts'
export { categoryTrend, oldestOpen, recentMonths, workload } from './figures.ts'
