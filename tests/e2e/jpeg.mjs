// JPEG helpers for the browser tests: an EXIF block (orientation, time taken, GPS place)
// put into a JPEG, and a JPEG's size and EXIF read back (JEITA CP-3451 / TIFF 6.0, only
// the tags used here).

/** `jpeg` with an APP1 Exif segment: IFD0 Orientation and DateTime, a GPS IFD. */
export function exifJpeg(jpeg, { orientation, dateTime, lat, lng }) {
  const tiff = Buffer.alloc(172)
  tiff.write('II', 0, 'ascii')
  tiff.writeUInt16LE(42, 2)
  tiff.writeUInt32LE(8, 4)  // IFD0
  const entry = (at, tag, type, count, value) => {
    tiff.writeUInt16LE(tag, at)
    tiff.writeUInt16LE(type, at + 2)
    tiff.writeUInt32LE(count, at + 4)
    if (type === 3) tiff.writeUInt16LE(value, at + 8)
    else if (type === 2 && count <= 4) tiff.write(value, at + 8, 'ascii')
    else tiff.writeUInt32LE(value, at + 8)
  }
  tiff.writeUInt16LE(3, 8)
  entry(10, 0x0112, 3, 1, orientation)
  entry(22, 0x0132, 2, 20, 50)
  entry(34, 0x8825, 4, 1, 70)
  tiff.writeUInt32LE(0, 46)  // no next IFD
  tiff.write(dateTime + '\0', 50, 'ascii')
  tiff.writeUInt16LE(4, 70)  // the GPS IFD
  entry(72, 0x0001, 2, 2, lat >= 0 ? 'N\0' : 'S\0')
  entry(84, 0x0002, 5, 3, 124)
  entry(96, 0x0003, 2, 2, lng >= 0 ? 'E\0' : 'W\0')
  entry(108, 0x0004, 5, 3, 148)
  tiff.writeUInt32LE(0, 120)
  const dms = (v, at) => {
    v = Math.abs(v)
    const d = Math.floor(v)
    const m = Math.floor((v - d) * 60)
    const s = Math.round(((v - d) * 60 - m) * 60 * 10000)
    for (const [i, [n, q]] of [[d, 1], [m, 1], [s, 10000]].entries()) {
      tiff.writeUInt32LE(n, at + i * 8)
      tiff.writeUInt32LE(q, at + i * 8 + 4)
    }
  }
  dms(lat, 124)
  dms(lng, 148)
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'binary'), tiff])
  const head = Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff])
  return Buffer.concat([jpeg.subarray(0, 2), head, body, jpeg.subarray(2)])
}

function readExif(tiff) {
  const le = tiff.toString('ascii', 0, 2) === 'II'
  const u16 = (at) => (le ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at))
  const u32 = (at) => (le ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at))
  const ifd = (at) => {
    const out = new Map()
    const n = u16(at)
    for (let i = 0; i < n; i++) {
      const e = at + 2 + i * 12
      out.set(u16(e), { type: u16(e + 2), count: u32(e + 4), at: e + 8 })
    }
    return out
  }
  const ifd0 = ifd(u32(4))
  const out = {}
  if (ifd0.has(0x0112)) out.orientation = u16(ifd0.get(0x0112).at)
  if (ifd0.has(0x0132)) {
    const e = ifd0.get(0x0132)
    out.dateTime = tiff.toString('ascii', u32(e.at), u32(e.at) + e.count).replace(/\0.*$/, '')
  }
  if (ifd0.has(0x8825)) {
    const gps = ifd(u32(ifd0.get(0x8825).at))
    const deg = (tag, refTag) => {
      if (!gps.has(tag)) return undefined
      const at = u32(gps.get(tag).at)
      const r = (i) => u32(at + i * 8) / u32(at + i * 8 + 4)
      const v = r(0) + r(1) / 60 + r(2) / 3600
      const ref = tiff.toString('ascii', gps.get(refTag).at, gps.get(refTag).at + 1)
      return ref === 'S' || ref === 'W' ? -v : v
    }
    out.lat = deg(0x0002, 0x0001)
    out.lng = deg(0x0004, 0x0003)
  }
  return out
}

/** A JPEG's width, height and EXIF (orientation, dateTime, lat, lng), or throws. */
export function jpegInfo(buf) {
  if (buf[0] !== 0xff || buf[1] !== 0xd8) throw new Error('not a JPEG')
  const info = { width: 0, height: 0, exif: null }
  let at = 2
  while (at + 4 <= buf.length) {
    if (buf[at] !== 0xff) throw new Error('bad marker at ' + at)
    const marker = buf[at + 1]
    const len = buf.readUInt16BE(at + 2)
    if (marker === 0xe1 && buf.toString('binary', at + 4, at + 10) === 'Exif\0\0') info.exif = readExif(buf.subarray(at + 10, at + 2 + len))
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      info.height = buf.readUInt16BE(at + 5)
      info.width = buf.readUInt16BE(at + 7)
      return info
    }
    at += 2 + len
  }
  throw new Error('no frame header')
}
