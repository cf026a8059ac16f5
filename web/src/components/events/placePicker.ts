import { ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { getGeojson, getRegion, listRoots, locate } from '@/api/territory'
import { ApiError } from '@/api/request'

/**
 * Where a reported problem is: a tap on the map or the phone's location, located to its
 * grid (`locate`), over the caller's territory drawn on the map. Shared state of one form.
 */
export function usePlacePicker() {
  const { t } = useI18n()
  const point = ref<[number, number] | null>(null)
  const areas = shallowRef<GeoJSON.FeatureCollection | null>(null)
  const located = ref<{ code: string; path: string } | null>(null)
  const locateState = ref<'' | 'busy' | 'ok' | 'outside'>('')
  const locating = ref(false)
  const geoError = ref('')

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

  function onPick(lat: number, lng: number) {
    geoError.value = ''
    setPoint(lat, lng)
  }

  function useMyLocation() {
    geoError.value = ''
    if (!('geolocation' in navigator)) {
      geoError.value = t('events.place.geoUnsupported')
      return
    }
    locating.value = true
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        locating.value = false
        setPoint(Number(pos.coords.latitude.toFixed(7)), Number(pos.coords.longitude.toFixed(7)))
      },
      (err) => {
        locating.value = false
        geoError.value = t(err.code === 1 ? 'events.place.geoDenied' : err.code === 3 ? 'events.place.geoTimeout' : 'events.place.geoFailed')
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    )
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
