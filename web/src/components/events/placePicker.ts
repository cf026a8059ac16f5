import { ref, shallowRef } from 'vue'
import { getGeojson, getRegion, listRoots, locate } from '@/api/territory'
import { ApiError } from '@/api/request'
import { useGeolocation } from '@/utils/geolocation'

/**
 * Where a reported problem is: a tap on the map or the phone's location, located to its
 * grid (`locate`), over the caller's territory drawn on the map. Shared state of one form.
 */
export function usePlacePicker() {
  const point = ref<[number, number] | null>(null)
  const areas = shallowRef<GeoJSON.FeatureCollection | null>(null)
  const located = ref<{ code: string; path: string } | null>(null)
  const locateState = ref<'' | 'busy' | 'ok' | 'outside'>('')

  async function loadAreas() {
    try {
      const roots = ((await listRoots()).items || []).slice(0, 5)
      const features: GeoJSON.Feature[] = []
      for (const r of roots) {
        if (r.level === 'grid' || !r.child_count) {
          const d = await getRegion(r.code, true)
          if (d.geometry) features.push({ type: 'Feature', properties: { code: d.code, name: d.name }, geometry: d.geometry })
        } else {
          const fc = await getGeojson(r.code)
          features.push(...(fc.features || []))
        }
      }
      areas.value = { type: 'FeatureCollection', features }
    } catch {
      /* no territory to draw: the plain map still takes a tap */
    }
  }

  async function setPoint(lat: number, lng: number) {
    point.value = [lat, lng]
    located.value = null
    locateState.value = 'busy'
    try {
      const r = await locate(lat, lng)
      const chain = (r.path || []).some((p) => p.code === r.grid.code) ? r.path : [...(r.path || []), r.grid]
      // town › community › grid is what people recognise
      located.value = { code: r.grid.code, path: chain.slice(-3).map((p) => p.name).join(' › ') }
      locateState.value = 'ok'
    } catch (e) {
      // outside every grid (404) is final; anything else (scope, network) is left to the server at submit
      locateState.value = e instanceof ApiError && e.status === 404 ? 'outside' : ''
    }
  }

  const { locating, geoError, useMyLocation } = useGeolocation((lat, lng) => setPoint(lat, lng))

  function onPick(lat: number, lng: number) {
    geoError.value = ''
    setPoint(lat, lng)
  }

  /** Forget the point (a new report). */
  function clear() {
    point.value = null
    located.value = null
    locateState.value = ''
    geoError.value = ''
  }

  return { point, areas, located, locateState, locating, geoError, loadAreas, onPick, useMyLocation, clear }
}
