import { Pause, Radio, RefreshCw, WifiOff } from 'lucide-react'
import { Badge } from '../../ui'
import { useStreamState } from './hooks'

/** "Live" / "Polling" / "Reconnecting" for the tab's stream, plus this list's own watch error. */
export function LiveIndicator({ listError }: { listError?: string | null }) {
  const { status, reason } = useStreamState()
  if (listError) {
    return (
      <Badge tone="warning" title={`Live updates stopped for this list: ${listError}`}>
        <WifiOff size={12} aria-hidden="true" /> Not live
      </Badge>
    )
  }
  switch (status) {
    case 'live':
      return (
        <Badge tone="success" title="Changes appear as they happen (one stream for this tab)">
          <span data-live-dot className="size-1.5 animate-pulse rounded-full bg-emerald-500" aria-hidden="true" /> Live
        </Badge>
      )
    case 'polling':
      return (
        <Badge tone="info" title={`The event stream is blocked${reason ? ` (${reason})` : ''}; updates arrive by long polling`}>
          <Radio size={12} aria-hidden="true" /> Polling
        </Badge>
      )
    case 'paused':
      return (
        <Badge title="This tab is in the background: its live updates pause, and resume from where they stopped when you come back">
          <Pause size={12} aria-hidden="true" /> Paused
        </Badge>
      )
    case 'reconnecting':
      if (reason === 'too_many_streams') {
        return (
          <Badge tone="warning" title="You have the most live tabs the server allows each person open; this one retries, and a tab you leave in the background frees its place">
            <RefreshCw size={12} aria-hidden="true" className="animate-spin" /> Too many live tabs
          </Badge>
        )
      }
      return (
        <Badge tone="warning" title={reason ? `Last attempt: ${reason}` : undefined}>
          <RefreshCw size={12} aria-hidden="true" className="animate-spin" /> Reconnecting
        </Badge>
      )
    case 'connecting':
      return <Badge title="Opening the event stream">Connecting…</Badge>
    default:
      return null
  }
}
