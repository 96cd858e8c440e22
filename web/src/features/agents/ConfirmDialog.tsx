import { useState, type ReactNode } from 'react'
import { Button, Input, ModalDialog } from '../../ui'

/**
 * Confirmation for an agent action that cuts a cluster off: typing `phrase` enables the button, a
 * guard against the wrong row.
 */
export function ConfirmDialog({ title, phrase, confirmLabel, onCancel, onConfirm, children }: {
  title: string
  phrase: string
  confirmLabel: string
  onCancel: () => void
  onConfirm: () => void
  children: ReactNode
}) {
  const [typed, setTyped] = useState('')
  return (
    <ModalDialog label={title} onClose={onCancel} tone="danger">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (typed === phrase) onConfirm()
        }}
        className="p-4"
      >
        <h2 className="mb-2 text-base font-semibold text-red-900 dark:text-red-200">{title}</h2>
        <div className="space-y-2 text-slate-700 dark:text-slate-300">{children}</div>
        <label className="mt-3 block text-slate-800 dark:text-slate-200">
          Type <strong className="font-mono select-all">{phrase}</strong> to confirm.
          <Input autoFocus tone="danger" value={typed} onChange={(e) => setTyped(e.target.value)} className="mt-2 block w-full font-mono" />
        </label>
        <div className="mt-3 flex justify-end gap-2">
          <Button size="sm" variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
          <Button size="sm" type="submit" variant="danger" disabled={typed !== phrase}>
            {confirmLabel}
          </Button>
        </div>
      </form>
    </ModalDialog>
  )
}
