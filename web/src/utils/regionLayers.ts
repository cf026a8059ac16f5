import type { RegionDetail } from '@/api/territory'

/**
 * What a map shows for a node (RegionMap's `features` and `outline`): its children's
 * boundaries inside its own outline; a node without children with boundaries (a leaf) as
 * itself; nothing drawable when neither has a boundary.
 */
export function regionLayers(
  d: RegionDetail,
  children: GeoJSON.FeatureCollection | null,
): { features: GeoJSON.FeatureCollection | null; outline: GeoJSON.Geometry | null } {
  if (children && children.features?.length) return { features: children, outline: d.geometry || null }
  if (d.geometry) {
    return {
      features: {
        type: 'FeatureCollection',
        features: [{ type: 'Feature', properties: { code: d.code, name: d.name, level: d.level }, geometry: d.geometry }],
      },
      outline: null,
    }
  }
  return { features: children, outline: null }
}
