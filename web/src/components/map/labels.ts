import L from 'leaflet'
import './labels.css'

/**
 * Names written on a map that do not pile up. Each label names a shape (written inside
 * the part of it in view, only when it fits there) or a point (written beside it). After
 * every move and zoom the labels are placed again in rank order: one that would overlap
 * a label already placed, or would not fit in its shape, is hidden until the view changes.
 */
export interface LabelSpec {
  key: string
  text: string
  /** lower ranks are placed first and win overlaps */
  rank: number
  /** extra classes of the label (its look) */
  className?: string
  /** the shape it names: a polygon layer of the map */
  shape?: L.Polygon
  /** or the point it names: written just above it */
  point?: L.LatLngExpression
  /** hidden below this zoom */
  minZoom?: number
}

interface Placed {
  spec: LabelSpec
  marker: L.Marker
  w: number
  h: number
}

const PANE = 'wg-labels'

/** Whether the point lies inside the rings (even-odd over every ring: holes and parts). */
export function insideRings(p: L.LatLng, latlngs: unknown): boolean {
  let inside = false
  const visit = (ring: L.LatLng[]) => {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i]
      const b = ring[j]
      if (a.lat > p.lat !== b.lat > p.lat && p.lng < ((b.lng - a.lng) * (p.lat - a.lat)) / (b.lat - a.lat) + a.lng) inside = !inside
    }
  }
  const walk = (x: unknown) => {
    if (!Array.isArray(x) || !x.length) return
    if (x[0] instanceof L.LatLng) visit(x as L.LatLng[])
    else for (const y of x) walk(y)
  }
  walk(latlngs)
  return inside
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

export class MapLabels {
  private items: Placed[] = []
  /** a marker the names keep clear of (the pin: Leaflet's default icon, 25 x 41 px) */
  pin: L.LatLng | null = null
  private readonly onView = () => this.place()

  constructor(private readonly map: L.Map) {
    if (!map.getPane(PANE)) {
      const pane = map.createPane(PANE)
      pane.style.zIndex = '450' // over the shapes (400), under the markers (600)
      pane.style.pointerEvents = 'none'
    }
    map.on('zoomend moveend resize', this.onView)
  }

  /** Replaces the labels. */
  set(specs: LabelSpec[]) {
    this.clear()
    for (const spec of [...specs].sort((a, b) => a.rank - b.rank)) {
      const icon = L.divIcon({
        className: 'wg-label-anchor',
        html: `<span class="wg-label ${spec.className || ''}" data-label="${escapeHtml(spec.key)}">${escapeHtml(spec.text)}</span>`,
        iconSize: [0, 0],
      })
      const at = spec.point ? L.latLng(spec.point) : spec.shape!.getBounds().getCenter()
      const marker = L.marker(at, { icon, pane: PANE, interactive: false, keyboard: false }).addTo(this.map)
      const span = marker.getElement()?.firstElementChild as HTMLElement | null
      this.items.push({ spec, marker, w: span?.offsetWidth || spec.text.length * 12, h: span?.offsetHeight || 16 })
    }
    this.place()
  }

  clear() {
    for (const it of this.items) it.marker.remove()
    this.items = []
  }

  remove() {
    this.clear()
    this.map.off('zoomend moveend resize', this.onView)
  }

  /** Places every label for the current view (rank order, no overlaps). */
  place() {
    const m = this.map
    const size = m.getSize()
    if (!size.x || !size.y) return
    const view = m.getBounds()
    const zoom = m.getZoom()
    const taken: L.Bounds[] = []
    if (this.pin) {
      const p = m.latLngToContainerPoint(this.pin)
      taken.push(L.bounds([p.x - 13, p.y - 41], [p.x + 13, p.y]))
    }
    for (const it of this.items) {
      const el = it.marker.getElement()
      const spots = it.spec.minZoom !== undefined && zoom < it.spec.minZoom ? [] : this.spots(it, view)
      let placed = false
      for (const at of spots) {
        const c = m.latLngToContainerPoint(at)
        const dy = it.spec.point ? -it.h : 0 // a point's name sits above it
        const box = L.bounds([c.x - it.w / 2 - 2, c.y + dy - it.h / 2 - 1], [c.x + it.w / 2 + 2, c.y + dy + it.h / 2 + 1])
        const off = box.min!.x < 0 || box.min!.y < 0 || box.max!.x > size.x || box.max!.y > size.y
        if (off || taken.some((b) => b.intersects(box))) continue
        taken.push(box)
        it.marker.setLatLng(at)
        placed = true
        break
      }
      el?.classList.toggle('wg-label-hidden', !placed)
      el?.classList.toggle('wg-label-point', !!it.spec.point)
    }
  }

  /** Where the label may go in this view, best first (none when it does not fit). */
  private spots(it: Placed, view: L.LatLngBounds): L.LatLng[] {
    if (it.spec.point) {
      const p = L.latLng(it.spec.point)
      return view.contains(p) ? [p] : []
    }
    const m = this.map
    const shape = it.spec.shape!
    const b = shape.getBounds()
    if (!view.intersects(b)) return []
    // The part of the shape's box in view, in pixels: the label must fit in it.
    const sw = L.latLng(Math.max(b.getSouth(), view.getSouth()), Math.max(b.getWest(), view.getWest()))
    const ne = L.latLng(Math.min(b.getNorth(), view.getNorth()), Math.min(b.getEast(), view.getEast()))
    const p0 = m.latLngToContainerPoint(sw)
    const p1 = m.latLngToContainerPoint(ne)
    const room = Math.abs(p0.y - p1.y)
    if (Math.abs(p1.x - p0.x) < it.w + 8 || room < it.h + 4) return []
    const centres = [L.latLngBounds(sw, ne).getCenter(), b.getCenter()]
    try {
      centres.push(shape.getCenter())
    } catch {
      /* a shape not on the map yet has no centre */
    }
    // Each centre, then moved up and down by a line or two where the shape has room: a
    // shape's name yields its middle to a higher-ranked one and still fits.
    const out: L.LatLng[] = []
    const latlngs = shape.getLatLngs()
    for (const c of centres) {
      const pc = m.latLngToContainerPoint(c)
      for (const k of [0, -1.5, 1.5, -3, 3]) {
        if (Math.abs(k * it.h) * 2 + it.h > room) continue
        const at = m.containerPointToLatLng([pc.x, pc.y + k * it.h])
        if (view.contains(at) && insideRings(at, latlngs)) out.push(at)
      }
    }
    return out
  }
}

/** A community's name as people say it: "立新社区", not "立新社区居民委员会". */
export function shortName(name: string): string {
  const s = name.replace(/(居民委员会|村民委员会|居委会|村委会)$/, '')
  return s || name
}

/**
 * Names of sibling shapes without what they all begin with when that is a place's name
 * ("立新社区第一网格", "立新社区第二网格" → "第一网格", "第二网格").
 */
export function withoutCommonPlace(names: string[]): string[] {
  if (names.length < 2) return names
  let prefix = names[0]
  for (const n of names) {
    let i = 0
    while (i < prefix.length && i < n.length && prefix[i] === n[i]) i++
    prefix = prefix.slice(0, i)
  }
  const m = /^(.*(?:社区|村|镇|街道|乡))/.exec(prefix)
  if (!m) return names
  const cut = m[1].length
  return names.map((n) => (n.length > cut ? n.slice(cut) : n))
}

/** A grid's name without its community's ("立新社区第一网格" in 立新社区 → "第一网格"). */
export function withoutParent(name: string, parent: string): string {
  const p = shortName(parent)
  return p && name.startsWith(p) && name.length > p.length ? name.slice(p.length) : name
}
