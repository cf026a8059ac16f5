import L from 'leaflet'
import { nearby, type MapFeatures, type MapProps } from '@/api/territory'
import { insideRings, shortName, withoutParent, type LabelSpec } from './labels'

const COMMUNITY_STYLE: L.PathOptions = { color: '#0b3d91', weight: 2.5, opacity: 0.8, fill: false, dashArray: '8 5' }
const GRID_STYLE: L.PathOptions = { color: '#1f6feb', weight: 1.2, opacity: 0.9, fillColor: '#1f6feb', fillOpacity: 0.04 }
const HERE_STYLE: L.PathOptions = { color: '#d9480f', weight: 2.5, opacity: 1, fillColor: '#ff922b', fillOpacity: 0.16 }
const BUILDING_STYLE: L.CircleMarkerOptions = { radius: 4, color: '#7c4a03', weight: 1, fillColor: '#f59f00', fillOpacity: 0.9 }

interface Shape {
  props: MapProps
  layer: L.Polygon
}

/**
 * The neighbourhood of a place on a map: the grids and communities around it (their
 * outlines and names, the grid holding the point highlighted) and the buildings there with
 * their names, from GET /map/nearby. Fetched again when the view moves away from what was
 * fetched or needs a wider square. Drawn under the markers, not interactive (a tap goes
 * through to the map).
 */
export class NearbyLayer {
  private readonly group = L.featureGroup()
  private shapes: Shape[] = []
  private buildings: { props: MapProps; at: L.LatLng }[] = []
  private centre: L.LatLng | null = null
  private radius = 0
  private seq = 0
  private hereCode: string | null = null
  private readonly onView = () => this.follow()
  /** called when new data is drawn (labels and captions then change) */
  onDrawn: () => void = () => {}

  constructor(private readonly map: L.Map) {
    this.group.addTo(map)
    map.on('moveend', this.onView)
  }

  remove() {
    this.map.off('moveend', this.onView)
    this.group.remove()
    this.seq++
  }

  /** Whether there is anything drawn. */
  get drawn() {
    return this.shapes.length > 0 || this.buildings.length > 0
  }

  /** The radius (m) a view needs: its half diagonal and a margin, 300 m to 3 km. */
  private radiusFor(): number {
    const b = this.map.getBounds()
    const half = this.map.distance(b.getCenter(), b.getNorthEast())
    return Math.min(3000, Math.max(300, Math.round(half * 1.3)))
  }

  /** Fetches around the view's centre when what is drawn does not cover the view. */
  follow() {
    const size = this.map.getSize()
    if (!size.x || !size.y) return
    const c = this.map.getCenter()
    const need = this.radiusFor()
    if (this.centre && this.map.distance(c, this.centre) < this.radius * 0.5 && need <= this.radius * 1.5) return
    void this.fetch(c, need)
  }

  private async fetch(at: L.LatLng, wanted: number) {
    // On a lattice of about 100 m and radii in steps of 100 m: the same neighbourhood is the
    // same URL, answered from the browser's cache (max-age) or, offline, the kept copy.
    const c = L.latLng(Math.round(at.lat * 1000) / 1000, Math.round(at.lng * 1000) / 1000)
    const radius = Math.min(3000, Math.ceil((wanted + 150) / 100) * 100)
    const mine = ++this.seq
    this.centre = c
    this.radius = radius
    let fc: MapFeatures
    try {
      fc = await nearby(c.lat, c.lng, radius)
    } catch {
      if (mine === this.seq) this.centre = null // try again at the next move
      return
    }
    if (mine !== this.seq) return
    this.draw(fc)
  }

  private draw(fc: MapFeatures) {
    this.group.clearLayers()
    this.shapes = []
    this.buildings = []
    const communities = fc.features.filter((f) => f.properties.kind === 'community')
    const grids = fc.features.filter((f) => f.properties.kind === 'grid')
    for (const f of [...communities, ...grids]) {
      const style = f.properties.kind === 'community' ? COMMUNITY_STYLE : GRID_STYLE
      L.geoJSON(f as GeoJSON.Feature, { style, interactive: false }).eachLayer((l) => {
        const layer = l as L.Polygon
        layer.addTo(this.group)
        this.shapes.push({ props: f.properties, layer })
      })
    }
    for (const f of fc.features) {
      if (f.properties.kind !== 'building' || f.geometry.type !== 'Point') continue
      const [lng, lat] = f.geometry.coordinates
      const at = L.latLng(lat, lng)
      L.circleMarker(at, { ...BUILDING_STYLE, interactive: false }).addTo(this.group)
      this.buildings.push({ props: f.properties, at })
    }
    this.restyle()
    this.onDrawn()
  }

  /** Highlights the grid `code` (the pin's). */
  highlight(code: string | null) {
    if (code === this.hereCode) return
    this.hereCode = code
    this.restyle()
  }

  private restyle() {
    for (const s of this.shapes) {
      if (s.props.kind !== 'grid') continue
      s.layer.setStyle(s.props.code === this.hereCode ? HERE_STYLE : GRID_STYLE)
      if (s.props.code === this.hereCode) s.layer.bringToFront()
    }
  }

  /** The community and grid holding a point, by their drawn outlines. */
  placeOf(p: L.LatLngExpression): { community?: string; grid?: string; code?: string } {
    const at = L.latLng(p)
    const out: { community?: string; grid?: string; code?: string } = {}
    for (const s of this.shapes) {
      if (!s.layer.getBounds().contains(at) || !insideRings(at, s.layer.getLatLngs())) continue
      if (s.props.kind === 'community' && !out.community) out.community = shortName(s.props.name)
      if (s.props.kind === 'grid' && !out.grid) {
        out.grid = s.props.name
        out.code = s.props.code
      }
    }
    if (out.grid && out.community) out.grid = withoutParent(out.grid, out.community)
    return out
  }

  /** The names to write: the highlighted grid first, then communities, grids, buildings. */
  labels(): LabelSpec[] {
    const names = new Map<string, string>()
    for (const s of this.shapes) if (s.props.kind === 'community' && s.props.code) names.set(s.props.code, s.props.name)
    const specs: LabelSpec[] = []
    for (const s of this.shapes) {
      const code = s.props.code || ''
      if (s.props.kind === 'community') {
        specs.push({ key: code, text: shortName(s.props.name), rank: 1, className: 'community', shape: s.layer })
      } else {
        const here = code === this.hereCode
        const parent = names.get(code.slice(0, 12))
        const text = parent ? withoutParent(s.props.name, parent) : s.props.name
        specs.push({ key: code, text, rank: here ? 0 : 2, className: here ? 'grid here' : 'grid', shape: s.layer })
      }
    }
    this.buildings.forEach((b, i) =>
      specs.push({ key: 'building-' + i, text: b.props.name, rank: 3, className: 'building', point: b.at, minZoom: 16 }),
    )
    return specs
  }

  /** The codes of the shapes drawn. */
  codes(): Set<string> {
    return new Set(this.shapes.map((s) => s.props.code || ''))
  }
}
