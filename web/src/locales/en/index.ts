// The English messages as one chunk, loaded when English is chosen (locales/index.ts).
import { collect } from '../collect'

export default collect(import.meta.glob('./*.json', { eager: true }) as any)
