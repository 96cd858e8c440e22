import { useState, type ReactNode } from 'react'
import { Button } from './Button'
import { Input } from './Input'
import { ModalDialog } from './ModalDialog'

/**
 * Confirmation of a destructive step: typing `phrase` (the object's name, say) enables the
 * button, a guard against the wrong row at 3 a.m.
 *
 * @param label the dialog's accessible name (default: the title)
 * @param action what the typed phrase does, as in "Type web to {action}." (default "confirm")
 */
export function ConfirmDialog({ title, label, phrase, action = 'confirm', confirmLabel, onCancel, onConfirm, children }: {
  title: string
  label?: string
  phrase: string
  action?: string
  confirmLabel: string
  onCancel: () => void
  onConfirm: () => void
  children?: ReactNode
}) {
  const [typed, setTyped] = useState('')
  return (
    <ModalDialog label={label ?? title} onClose={onCancel} tone="danger">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (typed === phrase) onConfirm()
        }}
        className="p-4"
      >
        <h2 className="mb-2 text-base font-semibold text-red-900 dark:text-red-200">{title}</h2>
        {children && <div className="mb-3 space-y-2 text-slate-700 dark:text-slate-300">{children}</div>}
        <label className="block text-slate-800 dark:text-slate-200">
          Type <strong className="font-mono select-all">{phrase}</strong> to {action}.
          <Input data-autofocus tone="danger" value={typed} onChange={(e) => setTyped(e.target.value)} className="mt-2 block w-full font-mono" />
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
