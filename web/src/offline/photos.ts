// Photos prepared on the phone before they are uploaded or queued (issue 17): resized to
// the server's photo_max_side (GET /meta) as JPEG, keeping their place and time (the
// original's EXIF block, with the orientation reset because the pixels are now upright),
// and named by their SHA-256 as the server names attachments, so a report queued offline
// can refer to photos not uploaded yet.

const QUALITY = 0.85

/** The SHA-256 of the bytes, hex: the server's attachment hash. Needs a secure context. */
export async function sha256Hex(blob: Blob): Promise<string | null> {
  if (!globalThis.crypto?.subtle) return null
  const digest = await crypto.subtle.digest('SHA-256', await blob.arrayBuffer())
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

/** The EXIF (APP1) segment of a JPEG, or null. */
function exifSegment(jpeg: Uint8Array): Uint8Array | null {
  if (jpeg[0] !== 0xff || jpeg[1] !== 0xd8) return null
  let at = 2
  while (at + 4 <= jpeg.length && jpeg[at] === 0xff) {
    const marker = jpeg[at + 1]
    if (marker === 0xda || marker === 0xd9) break  // the image data starts: no more headers
    const len = (jpeg[at + 2] << 8) | jpeg[at + 3]
    if (marker === 0xe1 && len >= 8 && String.fromCharCode(...jpeg.subarray(at + 4, at + 8)) === 'Exif')
      return jpeg.slice(at, at + 2 + len)
    at += 2 + len
  }
  return null
}

/** Sets EXIF Orientation (tag 0x0112 in IFD0) to 1 in place: the pixels were turned upright. */
function uprightOrientation(seg: Uint8Array) {
  const tiff = 10  // FF E1, length (2), "Exif\0\0"
  if (seg.length < tiff + 8) return
  const view = new DataView(seg.buffer, seg.byteOffset, seg.byteLength)
  const little = view.getUint16(tiff) === 0x4949
  const ifd0 = tiff + view.getUint32(tiff + 4, little)
  if (ifd0 + 2 > seg.length) return
  const count = view.getUint16(ifd0, little)
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12
    if (entry + 12 > seg.length) return
    if (view.getUint16(entry, little) === 0x0112) view.setUint16(entry + 8, 1, little)
  }
}

/** The JPEG with `exif` inserted right after its SOI marker. */
function withExif(jpeg: Uint8Array, exif: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(jpeg.length + exif.length)
  out.set(jpeg.subarray(0, 2), 0)
  out.set(exif, 2)
  out.set(jpeg.subarray(2), 2 + exif.length)
  return out
}

async function encode(bitmap: ImageBitmap, width: number, height: number): Promise<Blob> {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const ctx = canvas.getContext('2d')
  if (!ctx) throw new Error('no 2d canvas')
  ctx.drawImage(bitmap, 0, 0, width, height)
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob failed'))), 'image/jpeg', QUALITY),
  )
}

/**
 * The photo to upload: `file` itself when it is not a picture this can shrink (a video, or
 * already within maxSide), else a JPEG whose longest side is maxSide with the original's
 * EXIF (place and time) kept.
 */
export async function preparePhoto(file: File, maxSide: number): Promise<Blob> {
  if (!/^image\/(jpeg|png|webp)$/.test(file.type) || typeof createImageBitmap !== 'function') return file
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' })
  } catch {
    return file  // the server decides what it makes of it
  }
  try {
    const longest = Math.max(bitmap.width, bitmap.height)
    if (longest <= maxSide) return file
    const scale = maxSide / longest
    const w = Math.max(1, Math.round(bitmap.width * scale))
    const h = Math.max(1, Math.round(bitmap.height * scale))
    const resized = new Uint8Array(await (await encode(bitmap, w, h)).arrayBuffer())
    let bytes: Uint8Array = resized
    if (file.type === 'image/jpeg') {
      const exif = exifSegment(new Uint8Array(await file.arrayBuffer()))
      if (exif && exif.length < 65536) {
        uprightOrientation(exif)
        bytes = withExif(resized, exif)
      }
    }
    return new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' })
  } finally {
    bitmap.close()
  }
}
