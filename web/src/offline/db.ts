// The phone's durable store for work recorded without a signal: one IndexedDB database,
// one object store of outbox items keyed by id (each item's Idempotency-Key). IndexedDB
// survives reloads, closing the browser and restarting the phone.
const NAME = 'wangge'
const VERSION = 1
export const OUTBOX = 'outbox'

let opened: Promise<IDBDatabase> | null = null

function open(): Promise<IDBDatabase> {
  if (!opened) {
    opened = new Promise((resolve, reject) => {
      const req = indexedDB.open(NAME, VERSION)
      req.onupgradeneeded = () => {
        const db = req.result
        if (!db.objectStoreNames.contains(OUTBOX)) db.createObjectStore(OUTBOX, { keyPath: 'id' })
      }
      req.onsuccess = () => resolve(req.result)
      req.onerror = () => {
        opened = null
        reject(req.error)
      }
    })
  }
  return opened
}

function done<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result)
    req.onerror = () => reject(req.error)
  })
}

async function store(mode: IDBTransactionMode): Promise<IDBObjectStore> {
  return (await open()).transaction(OUTBOX, mode).objectStore(OUTBOX)
}

export async function all<T>(): Promise<T[]> {
  return done((await store('readonly')).getAll() as IDBRequest<T[]>)
}

export async function get<T>(id: string): Promise<T | undefined> {
  return done((await store('readonly')).get(id) as IDBRequest<T | undefined>)
}

/** Written when the transaction commits (durable before the caller goes on). */
export async function put<T>(value: T): Promise<void> {
  const s = await store('readwrite')
  const committed = new Promise<void>((resolve, reject) => {
    s.transaction.oncomplete = () => resolve()
    s.transaction.onerror = () => reject(s.transaction.error)
    s.transaction.onabort = () => reject(s.transaction.error)
  })
  s.put(value)
  await committed
}

export async function remove(id: string): Promise<void> {
  await done((await store('readwrite')).delete(id))
}

export async function clear(): Promise<void> {
  await done((await store('readwrite')).clear())
}
