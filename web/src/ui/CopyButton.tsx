import { useState } from 'react'
import { Check, Copy } from 'lucide-react'
import { Button } from './Button'

/**
 * Copies `text` to the clipboard and says whether it worked (a browser may refuse: then the person selects it).
 * `iconOnly`: the label is the button's accessible name and tooltip, not its text (beside a value in a line of text).
 */
export function CopyButton({ text, label, iconOnly = false }: { text: string; label: string; iconOnly?: boolean }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setState('copied')
    } catch {
      setState('failed')
    }
  }
  return (
    <span className="inline-flex items-center gap-2">
      <Button size="sm" variant={iconOnly ? 'ghost' : undefined} onClick={() => void copy()}
        aria-label={iconOnly ? label : undefined} title={iconOnly ? label : undefined}>
        {state === 'copied' ? <Check size={14} aria-hidden="true" /> : <Copy size={14} aria-hidden="true" />}
        {!iconOnly && ` ${label}`}
      </Button>
      <span role="status" className="text-xs text-slate-500 dark:text-slate-400">
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed: select the text and copy it' : ''}
      </span>
    </span>
  )
}
