// The registry API (一户一档: persons, households, buildings, businesses, visits, CSV import,
// accounts linked to persons), one file per entity; `@/api/registry` imports everything from here.
export * from './types'
export * from './persons'
export * from './households'
export * from './places'
export * from './checks'
export * from './visits'
export * from './imports'
export * from './links'
