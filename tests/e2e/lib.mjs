// Helpers the browser tests share: selectors by data-testid, test data made here (valid
// GB 11643 identity numbers, small valid PNGs), the browser launch and a JSON API client.
import zlib from 'node:zlib'

export const tid = (id) => `[data-testid="${id}"]`
// Element Plus puts data-testid of an el-input on the <input> itself.
export const inp = (id) => `input${tid(id)}, ${tid(id)} input, textarea${tid(id)}, ${tid(id)} textarea`

export const rnd = (n) => Math.floor(Math.random() * n)
export const pad = (n, w) => String(n).padStart(w, '0')
/** GB 11643: 17 digits (area, birth date, sequence) and the check character. */
export function idCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i]
  return '10X98765432'[sum % 11]
}
/** A valid ID number of someone born in Jinwan (440404) in 1950 to 1950 + years - 1, random date and sequence. */
export function newIdNumber(years = 15) {
  const birth = `${1950 + rnd(years)}${pad(1 + rnd(12), 2)}${pad(1 + rnd(28), 2)}`
  const first17 = `440404${birth}${pad(rnd(1000), 3)}`
  return first17 + idCheck(first17)
}
/* ---------- a small valid PNG (8x8, RGB), made here ---------- */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf) {
  let c = 0xffffffff
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(td))
  return Buffer.concat([len, td, crc])
}
export function makePng(seed, size = 8) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const rows = []
  for (let y = 0; y < size; y++) {
    const row = [0] // filter: none
    for (let x = 0; x < size; x++) row.push((x * 32 + seed) & 255, (y * 32 + seed * 7) & 255, (seed * 13) & 255)
    rows.push(Buffer.from(row))
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** Debian's chromium, headless, as every test drives it (CHROMIUM overrides the path). */
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

/**
 * The JSON API of the server at `base`, for setting up and checking what pages did:
 * api(path, {token, method, body, headers, raw}) answers {status, json} (`raw`: the path is
 * not under /api/v1); tokenOf(user) logs the user in once with `password` and keeps the token.
 */
export function apiClient(base, password) {
  async function api(p, { token, method = 'GET', body, headers = {}, raw = false } = {}) {
    const res = await fetch(raw ? base + p : base + '/api/v1' + p, {
      method,
      headers: {
        Accept: 'application/json',
        ...(token ? { Authorization: 'Bearer ' + token } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    })
    const text = await res.text()
    let json = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    return { status: res.status, json }
  }
  const tokens = {}
  async function tokenOf(user) {
    if (!tokens[user]) {
      const r = await api('/auth/login', { method: 'POST', body: { username: user, password } })
      if (r.status !== 200) throw new Error(`${user} cannot log in through the API: ${r.status}`)
      tokens[user] = r.json.token
    }
    return tokens[user]
  }
  return { api, tokenOf }
}
