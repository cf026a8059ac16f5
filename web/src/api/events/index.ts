// The events API (docs/EVENTS.md): types, categories, departments, events and attachments,
// grid first, help while reporting (duplicates, suggestions); `@/api/events` imports everything from here.
export * from './types'
export * from './categories'
export * from './departments'
export * from './events'
export * from './gridFirst'
export * from './assist'
