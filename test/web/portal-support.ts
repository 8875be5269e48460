import { expect } from 'vitest'
import type { TestDesk } from '../support/desk.ts'
import { admin, json } from '../support/desk.ts'

/** What a browser sends with a form posted from the desk's own page (app.request's origin is http://localhost). */
export const sameSite = { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' }

export const form = (fields: Record<string, string>, headers: Record<string, string> = sameSite) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
})

export type Page = { status: number; html: string; headers: Headers }

export async function page(t: TestDesk, path: string, init?: RequestInit): Promise<Page> {
  const res = await t.app.request(path, init)
  return { status: res.status, html: await res.text(), headers: res.headers }
}

/** The hidden one-time id of the first form that has one. */
export const cidOf = (html: string) => /name="cid" value="([^"]+)"/.exec(html)?.[1] ?? ''

export const keysOf = (html: string) => ({
  number: /id="ticket-number">([^<]+)</.exec(html)?.[1] ?? '',
  code: /id="access-code">([^<]+)</.exec(html)?.[1] ?? '',
})

/** The visible text of a page (tags out, entities decoded), to read it as a worker does. */
export const textOf = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')

/** Opens a request through the portal, the way a worker does: load the form, fill it in, submit. */
export async function ask(t: TestDesk, fields: Record<string, string>) {
  const cid = cidOf((await page(t, '/portal')).html)
  const created = await page(t, '/portal', form({ agree: 'yes', cid, ...fields }))
  expect(created.status, textOf(created.html)).toBe(201)
  return { ...keysOf(created.html), created, cid }
}

export const follow = (t: TestDesk, keys: { number: string; code: string }, extra: Record<string, string> = {}) =>
  page(t, '/portal/follow', form({ number: keys.number, code: keys.code, ...extra }))

export async function addMessage(t: TestDesk, keys: { number: string; code: string }, text: string) {
  const shown = await follow(t, keys)
  return page(t, '/portal/follow/message', form({ number: keys.number, code: keys.code, text, cid: cidOf(shown.html) }))
}

export async function cadre(t: TestDesk, number: string, action: 'replies' | 'questions' | 'close', body: Record<string, string> = {}) {
  const res = await t.app.request(`/api/tickets/${number}/${action}`, json(body, admin))
  expect(res.status, await res.clone().text()).toBeLessThan(300)
}

/** Every URL a page points at: links, form actions, the stylesheet. */
export const urlsOf = (html: string) => [...html.matchAll(/(?:href|action|src)="([^"]*)"/g)].map((m) => m[1]!)
