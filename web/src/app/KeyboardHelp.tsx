import { X } from 'lucide-react'
import { isMac } from '../lib/platform'
import { Button, ModalDialog } from '../ui'

/** The console's keys, the same table as the FAQ's; `?` opens it anywhere but in a field, editor or shell. */
const KEYS: { keys: string[]; where: string; what: string }[] = [
  { keys: [isMac ? '⌘' : 'Ctrl', 'K'], where: 'anywhere', what: "the command palette: every page of the sidebar (the current cluster's too), clusters, kinds (the focus lands in the list), objects; an image across the fleet" },
  { keys: ['?'], where: 'anywhere', what: 'this list' },
  { keys: ['/'], where: 'a list', what: 'focus the filter' },
  { keys: ['/'], where: 'a log', what: 'search the log' },
  { keys: ['w'], where: 'a list', what: 'the wide columns on or off' },
  { keys: ['c'], where: 'a list', what: 'create an object of the kind (YAML, dry run first)' },
  { keys: ['↑', '↓', 'PgUp', 'PgDn', 'Home', 'End'], where: 'a list', what: 'move the cursor' },
  { keys: ['Enter'], where: 'a list', what: 'open the row under the cursor' },
  { keys: ['↑', '↓', 'PgUp', 'PgDn', 'Home', 'End'], where: 'the audit list (one Tab stop)', what: 'move between its rows' },
  { keys: ['Enter', 'Space'], where: 'the audit list', what: 'open the event, or fold and unfold a request' },
  { keys: ['Esc'], where: 'the detail pane, a dialog', what: 'close it' },
  { keys: ['Esc', 'Tab'], where: 'a shell', what: 'leave the terminal (Tab alone completes, Esc alone reaches the shell)' },
]

export function KeyboardHelp({ onClose }: { onClose: () => void }) {
  return (
    <ModalDialog label="Keyboard shortcuts" onClose={onClose} className="w-[40rem]">
      <div className="p-4">
      <div className="mb-3 flex items-center justify-between">
        <h2 className="text-base font-semibold">Keyboard shortcuts</h2>
        <Button size="sm" variant="ghost" aria-label="Close" onClick={onClose}>
          <X size={16} aria-hidden="true" />
        </Button>
      </div>
      <table className="w-full text-sm">
        <thead className="sr-only">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Where</th>
            <th scope="col">What</th>
          </tr>
        </thead>
        <tbody>
          {KEYS.map((k) => (
            <tr key={k.what} className="border-t border-slate-200 first:border-t-0 dark:border-slate-700">
              <td className="py-1.5 pr-3 whitespace-nowrap">
                {k.keys.map((key) => (
                  <kbd key={key} className="mr-1 rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs dark:border-slate-600 dark:bg-slate-800">
                    {key}
                  </kbd>
                ))}
              </td>
              <td className="py-1.5 pr-3 text-slate-500 dark:text-slate-400">{k.where}</td>
              <td className="py-1.5">{k.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-slate-500 dark:text-slate-400">The one-key shortcuts do nothing while you type in a field, the YAML editor or a shell.</p>
      </div>
    </ModalDialog>
  )
}
