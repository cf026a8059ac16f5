import { ApiError } from '@/api/request'

/**
 * A step dialog's `onError` for its submit: a 409 (the version is stale, or the dispute moved
 * on meanwhile) closes the dialog and hands the error to the page, which says so and reloads.
 */
export function onConflict(close: () => void, conflict: (e: ApiError) => void) {
  return (e: unknown) => {
    if (!(e instanceof ApiError && e.status === 409)) return false
    close()
    conflict(e)
    return true
  }
}
