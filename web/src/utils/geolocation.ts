import { ref } from 'vue'
import { useI18n } from 'vue-i18n'

/**
 * The phone's location, asked once a tap: `locating` while the browser asks, `geoError` the
 * reason in the reader's language when it cannot answer. `onPoint` takes lat, lng (7 decimals).
 */
export function useGeolocation(onPoint: (lat: number, lng: number) => void) {
  const { t } = useI18n()
  const locating = ref(false)
  const geoError = ref('')

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
        onPoint(Number(pos.coords.latitude.toFixed(7)), Number(pos.coords.longitude.toFixed(7)))
      },
      (err) => {
        locating.value = false
        geoError.value = t(
          err.code === 1 ? 'events.place.geoDenied' : err.code === 3 ? 'events.place.geoTimeout' : 'events.place.geoFailed',
        )
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    )
  }

  return { locating, geoError, useMyLocation }
}
