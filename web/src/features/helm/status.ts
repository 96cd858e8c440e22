import type { Tone } from '../../ui'

/** A release status's badge colour, the same on the fleet table and a cluster's. */
export const statusTone: Record<string, Tone> = { deployed: 'success', superseded: 'neutral', failed: 'danger', 'pending-install': 'info', 'pending-upgrade': 'info', 'pending-rollback': 'info', uninstalling: 'warning' }
