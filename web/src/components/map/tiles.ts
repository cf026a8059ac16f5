import L from 'leaflet'
import type { Meta } from '@/api/meta'

/**
 * The base map of the server's settings (README, "Map tiles"): the tile layer, an optional
 * overlay (天地图's labels), their credit line. Without `tile_url` nothing is added: the
 * maps draw the grids, communities and buildings with their names on a plain background.
 * Outlines go in the overlay pane, above the tiles.
 */
export function addTiles(map: L.Map, meta: Meta): boolean {
  if (!meta.tile_url) return false
  const opts: L.TileLayerOptions = {
    maxZoom: 21,
    maxNativeZoom: meta.tile_max_zoom || 18,
    subdomains: meta.tile_subdomains || 'abc',
    attribution: meta.tile_attribution || '',
  }
  L.tileLayer(meta.tile_url, opts).addTo(map)
  if (meta.tile_overlay_url) L.tileLayer(meta.tile_overlay_url, { ...opts, attribution: '' }).addTo(map)
  // The credit line (the tile layer carries it; the control gathers it from the layers).
  if (meta.tile_attribution) L.control.attribution({ prefix: false, position: 'bottomright' }).addTo(map)
  return true
}
