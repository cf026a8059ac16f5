import { ApiError } from '@/api/request'
import { useOutboxStore } from '@/stores/outbox'
import type { NewItem, OutboxItem, OutboxPhoto } from './outbox'

export interface Submitted<T> {
  sent?: T
  queued?: OutboxItem
}

/**
 * A form's write that survives no signal: sent at once when it can be, else put in the
 * outbox under the same Idempotency-Key (`key`), so an attempt whose answer was lost and
 * the outbox's resend are filed once. Photos not uploaded yet (pending) always go by the
 * outbox, which uploads them first. Refusals (4xx) are the form's to show, as before.
 */
export async function sendOrQueue<T>(
  key: string,
  send: () => Promise<T>,
  item: Omit<NewItem, 'key' | 'photos'>,
  photos: OutboxPhoto[] = [],
): Promise<Submitted<T>> {
  const outbox = useOutboxStore()
  if (photos.length || !navigator.onLine) return { queued: await outbox.add({ ...item, photos, key }) }
  try {
    return { sent: await send() }
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) return { queued: await outbox.add({ ...item, key }) }
    throw e
  }
}

/** A short title for the outbox list: the first line of a text, at most 40 characters. */
export const titleOf = (text: string) => {
  const line = text.trim().split('\n')[0]
  return line.length > 40 ? line.slice(0, 39) + '…' : line
}
