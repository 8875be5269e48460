/** Job ids of a posting's push: one per fan-out page and step, so staging a page twice adds it once. BullMQ forbids ':'. */
export const postingJobIds = {
  fanout: (postingId: string, page: number) => `jf-${postingId}-p${page}`,
  push: (postingId: string, page: number) => `jp-${postingId}-p${page}`,
}
