/**
 * Row ids for what the SQL layer inserts, in the layout of the schema's `@default(cuid())`
 * (cuid v1: "c", the time in base 36, a counter, a fingerprint, 8 random characters), so
 * ids sort by when they were made whoever made them.
 *
 * Why not the cuid package: it asks the system for 4 random bytes twice per id, and at
 * about ten ids a message that was 4 % of the webhook's CPU (docs/benchmarks.md). Here the
 * random bytes come from a pool filled a few kilobytes at a time. WebCrypto's
 * getRandomValues, so the same code runs on Node and at the edge.
 */
const BASE = 36
const BLOCK = 4
const BLOCK_VALUES = BASE ** BLOCK

const pool = new Uint32Array(1024)
let drawn = pool.length
function random32(): number {
  if (drawn === pool.length) {
    crypto.getRandomValues(pool)
    drawn = 0
  }
  return pool[drawn++]!
}

const block = (n: number) => n.toString(BASE).padStart(BLOCK, '0').slice(-BLOCK)
/** Stands for this process among the others writing to the same database (cuid uses pid and host; a random one tells them apart as well). */
const fingerprint = block(random32() % BLOCK_VALUES)
let counter = random32() % BLOCK_VALUES

export function newId(): string {
  counter = (counter + 1) % BLOCK_VALUES
  return `c${Date.now().toString(BASE)}${block(counter)}${fingerprint}${block(random32() % BLOCK_VALUES)}${block(random32() % BLOCK_VALUES)}`
}
