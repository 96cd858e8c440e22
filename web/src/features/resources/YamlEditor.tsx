/**
 * Monaco, bundled locally (never a CDN: `loader.config({ monaco })`), in its own lazy chunk: only
 * opening a YAML tab downloads it. Import this module only through `React.lazy`.
 */
import * as monaco from 'monaco-editor'
import { Editor, loader } from '@monaco-editor/react'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'

self.MonacoEnvironment = { getWorker: () => new EditorWorker() }
loader.config({ monaco })

export default function YamlEditor({ value, onChange, readOnly, dark, label }: {
  value: string
  onChange?: (v: string) => void
  readOnly: boolean
  dark: boolean
  label: string
}) {
  return (
    <Editor
      height="100%"
      language="yaml"
      theme={dark ? 'vs-dark' : 'vs'}
      value={value}
      onChange={(v) => onChange?.(v ?? '')}
      options={{
        readOnly,
        minimap: { enabled: false },
        fontSize: 12,
        scrollBeyondLastLine: false,
        tabSize: 2,
        automaticLayout: true,
        ariaLabel: label,
        renderLineHighlight: readOnly ? 'none' : 'line',
      }}
    />
  )
}
