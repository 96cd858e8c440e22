import type { Tone } from '../../ui'

/** The badge tone of an audit row's outcome. */
export const outcomeTone: Record<string, Tone> = { success: 'success', failure: 'warning', denied: 'danger' }
