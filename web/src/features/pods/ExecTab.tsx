/**
 * Exec shell (lazy chunk: xterm.js loads only when the tab opens) over the WebSocket
 * `.../pods/{ns}/{name}/exec`. The server's exec protocol is not documented yet
 * (docs/api.md of the diag work has no exec section); until it is, this speaks the smallest
 * plausible one, kept in `frames` below so it changes in one place: server → browser text or
 * binary frames are terminal output; browser → server JSON `{type: "stdin", data}` and
 * `{type: "resize", cols, rows}`.
 */
import { useEffect, useRef, useState } from 'react'
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import '@xterm/xterm/css/xterm.css'
import { Badge, Button, cx, focusRing } from '../../ui'
import type { KubeObject } from '../resources/api'
import { containerNames, execUrl } from './api'

const frames = {
  stdin: (data: string) => JSON.stringify({ type: 'stdin', data }),
  resize: (cols: number, rows: number) => JSON.stringify({ type: 'resize', cols, rows }),
}

export default function ExecTab({ cluster, namespace, pod, object }: { cluster: string; namespace: string; pod: string; object: KubeObject | undefined }) {
  const containers = containerNames(object)
  const [container, setContainer] = useState<string | undefined>(containers[0])
  const [command, setCommand] = useState('/bin/sh')
  const [session, setSession] = useState(0)
  const [status, setStatus] = useState<'idle' | 'connecting' | 'open' | 'closed'>('idle')
  const host = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (session === 0 || !host.current) return
    const term = new Terminal({ fontSize: 12, cursorBlink: true, theme: { background: '#020617' } })
    const fit = new FitAddon()
    term.loadAddon(fit)
    term.open(host.current)
    fit.fit()
    setStatus('connecting')
    const ws = new WebSocket(execUrl(cluster, namespace, pod, container, command))
    ws.binaryType = 'arraybuffer'
    let opened = false
    ws.onopen = () => {
      opened = true
      setStatus('open')
      ws.send(frames.resize(term.cols, term.rows))
      term.focus()
    }
    ws.onmessage = (m) => term.write(typeof m.data === 'string' ? m.data : new Uint8Array(m.data as ArrayBuffer))
    ws.onclose = (e) => {
      setStatus('closed')
      const why = e.reason || (opened ? '' : 'the server refused the session (no exec permission, or exec is not available)')
      term.write(`\r\n\x1b[90m[session closed${why ? `: ${why}` : ''}]\x1b[0m\r\n`)
    }
    const input = term.onData((d) => ws.readyState === WebSocket.OPEN && ws.send(frames.stdin(d)))
    const resize = term.onResize(({ cols, rows }) => ws.readyState === WebSocket.OPEN && ws.send(frames.resize(cols, rows)))
    const observer = new ResizeObserver(() => fit.fit())
    observer.observe(host.current)
    return () => {
      observer.disconnect()
      input.dispose()
      resize.dispose()
      ws.close()
      term.dispose()
    }
  }, [session, cluster, namespace, pod, container, command])

  const control = cx('h-8 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-800', focusRing)
  return (
    <div className="flex h-full min-h-[20rem] flex-col gap-2">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {containers.length > 1 && (
          <select aria-label="Container" className={control} value={container} onChange={(e) => setContainer(e.target.value)}>
            {containers.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        )}
        <input aria-label="Command" className={cx(control, 'w-40 font-mono')} value={command} onChange={(e) => setCommand(e.target.value)} />
        <Button size="sm" variant="primary" onClick={() => setSession((s) => s + 1)}>
          {status === 'idle' ? 'Connect' : 'Reconnect'}
        </Button>
        {status !== 'idle' && <Badge tone={status === 'open' ? 'success' : status === 'closed' ? 'neutral' : 'info'}>{status}</Badge>}
        <span className="text-xs text-slate-500 dark:text-slate-400">Sessions are audited with their duration.</span>
      </div>
      <div ref={host} className="min-h-0 flex-1 rounded-md bg-slate-950 p-1" />
    </div>
  )
}
