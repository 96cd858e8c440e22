import { useEffect, useRef, useState } from 'react'
import { Bug } from 'lucide-react'
import { Button, Input, Select } from '../../ui'
import { sleep } from '../../lib/sleep'
import { debugApi, DEFAULT_DEBUG_IMAGE, startDebugContainer, type DebugProgress } from './debugContainer'

/**
 * Adds a debug container to the pod (`kubectl debug -it POD --image --target`) and hands its name
 * to `onRunning` once the kubelet runs it. For images without a shell (distroless): the debug
 * image brings the tools, and with a target it sees that container's processes (`ps`, and its
 * files under `/proc/1/root`, where the runtime shares the process namespace).
 */
export function DebugContainerForm({ cluster, namespace, pod, targets, onRunning, onCancel }: {
  cluster: string
  namespace: string
  pod: string
  /** The pod's regular containers: the ones a debug container can target. */
  targets: string[]
  onRunning: (container: string) => void
  onCancel: () => void
}) {
  const [image, setImage] = useState(DEFAULT_DEBUG_IMAGE)
  const [target, setTarget] = useState(targets[0] ?? '')
  const [progress, setProgress] = useState<DebugProgress | null>(null)
  const abort = useRef<AbortController | null>(null)
  useEffect(() => () => abort.current?.abort(), [])
  const busy = progress?.phase === 'starting' || progress?.phase === 'waiting'

  const start = async () => {
    abort.current?.abort()
    const controller = new AbortController()
    abort.current = controller
    const container = await startDebugContainer(
      {
        start: () => debugApi.start(cluster, namespace, pod, image.trim(), target || undefined),
        read: (signal) => debugApi.read(cluster, namespace, pod, signal),
        sleep,
      },
      setProgress,
      controller.signal,
    )
    if (container && !controller.signal.aborted) onRunning(container)
  }

  return (
    <form
      aria-label="Debug container"
      className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700"
      onSubmit={(e) => {
        e.preventDefault()
        if (!busy && image.trim()) void start()
      }}
    >
      <p className="text-slate-600 dark:text-slate-300">
        Adds an ephemeral container to this pod, as <code>kubectl debug</code> does: for images without a shell, with the debug image's
        tools. It stays in the pod until the pod is replaced (ephemeral containers cannot be removed), and is audited.
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <label className="flex flex-col gap-1">
          Image
          <Input value={image} onChange={(e) => setImage(e.target.value)} className="w-56 font-mono" disabled={busy} />
        </label>
        {targets.length > 0 && (
          <label className="flex flex-col gap-1">
            Target (sees its processes)
            <Select value={target} onChange={(e) => setTarget(e.target.value)} disabled={busy}>
              <option value="">none</option>
              {targets.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </Select>
          </label>
        )}
        <Button size="sm" type="submit" variant="primary" disabled={busy || !image.trim()}>
          <Bug size={14} aria-hidden="true" /> Start
        </Button>
        <Button size="sm" variant="ghost" onClick={() => {
          abort.current?.abort()
          onCancel()
        }}>
          Cancel
        </Button>
      </div>
      {progress && <ProgressLine progress={progress} />}
    </form>
  )
}

function ProgressLine({ progress }: { progress: DebugProgress }) {
  switch (progress.phase) {
    case 'starting':
      return <p role="status">Adding the debug container…</p>
    case 'waiting':
      return <p role="status">Starting {progress.container}{progress.reason ? ` (${progress.reason})` : ''}…</p>
    case 'running':
      return <p role="status">{progress.container} is running.</p>
    case 'failed':
      return <p role="alert" className="text-red-700 dark:text-red-400">{progress.message}</p>
  }
}
