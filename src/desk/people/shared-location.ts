import type { Db } from '../../db/client.ts'
import type { FieldCrypto } from '../../privacy/field-crypto.ts'
import { openLocation, sealLocation, type SharedLocation } from './members.ts'

/** What a message that is only a shared location says, wherever it is shown: the place itself is sealed. */
export const LOCATION_TEXT = '[位置]'

type Media = { kind: string; latitude?: number; longitude?: number; label?: string; sealed?: string; [k: string]: unknown }

/**
 * A message's media as stored. A shared location is the worker's whereabouts (sensitive data,
 * PIPL art. 28): its coordinates and label are sealed like the worker's own location, as
 * { kind: 'location', sealed }; everything else is kept as it came.
 */
export function mediaForStorage(crypto: FieldCrypto, media: readonly Media[]): string | null {
  if (!media.length) return null
  return JSON.stringify(media.map((m) => (m.kind === 'location' && m.sealed === undefined ? sealedItem(crypto, m) : m)))
}

/**
 * A message's text as stored. Channels put a location's label in the text (WeChat does): a
 * message that is only a location says '[位置]'; words the worker wrote beside one are kept.
 */
export function textForStorage(text: string, media: readonly Media[]): string {
  const places = media.filter((m) => m.kind === 'location')
  if (!places.length) return text
  const said = text.trim()
  return said === '' || places.some((p) => p.label !== undefined && p.label.trim() === said) ? LOCATION_TEXT : text
}

/** The location a stored message shared, opened (for a reveal in the console), or null. */
export function locationOfMessage(crypto: FieldCrypto, media: string | null): SharedLocation | null {
  if (!media) return null
  const item = (JSON.parse(media) as Media[]).find((m) => m.kind === 'location')
  if (!item) return null
  if (item.sealed) return openLocation(crypto, item.sealed)
  return { lat: item.latitude, lng: item.longitude, label: item.label }
}

/**
 * Messages stored before locations were sealed on the message: sealed now, and their text made
 * neutral. Run at start (after the key check); a no-op once done. Returns how many it sealed.
 */
export async function sealLegacyLocations(db: Db, crypto: FieldCrypto): Promise<number> {
  let sealed = 0
  for (;;) {
    const batch = await db.message.findMany({
      where: { media: { contains: '"latitude"' } },
      select: { id: true, text: true, media: true },
      take: 200,
    })
    const legacy = batch.filter((m) => (JSON.parse(m.media!) as Media[]).some((x) => x.kind === 'location' && x.sealed === undefined))
    if (!legacy.length) return sealed
    for (const m of legacy) {
      const media = JSON.parse(m.media!) as Media[]
      // Only rows still as they were: another process sealing at the same moment wins harmlessly.
      await db.message.updateMany({ where: { id: m.id, media: m.media }, data: { media: mediaForStorage(crypto, media), text: textForStorage(m.text, media) } })
      sealed++
    }
  }
}

function sealedItem(crypto: FieldCrypto, m: Media): Media {
  const place: SharedLocation = {
    ...(m.latitude !== undefined ? { lat: m.latitude } : {}),
    ...(m.longitude !== undefined ? { lng: m.longitude } : {}),
    ...(m.label !== undefined ? { label: m.label } : {}),
  }
  return { kind: 'location', sealed: sealLocation(crypto, place) }
}
