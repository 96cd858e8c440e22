/**
 * Monaco, bundled locally (never a CDN: `loader.config({ monaco })`), in its own lazy chunk: only
 * opening a YAML tab downloads it. Import this module only through `React.lazy`.
 */
import * as monaco from 'monaco-editor'
import { Editor, loader } from '@monaco-editor/react'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import { useCallback, useEffect, useLayoutEffect, useRef } from 'react'
import { EchoLog } from './echoLog'

self.MonacoEnvironment = { getWorker: () => new EditorWorker() }
loader.config({ monaco })

type CodeEditor = monaco.editor.IStandaloneCodeEditor

/**
 * The editor owns its text: Monaco starts from `value` (`defaultValue`) and is never handed `value` back as a
 * controlled prop. The wrapper's controlled `value` replaced the whole text whenever the prop differed from the
 * editor's, and React commits a keystroke's state after the next keystroke may already be in the editor (Monaco's
 * EditContext input is not a discrete event to React: its render and the wrapper's effect run in later tasks), so a
 * stale `value` overwrote newer text and that keystroke was lost. Here a `value` the editor itself emitted is an echo
 * and is ignored, however late it comes; only a value from outside (a reset, a reload, a rebase onto the latest) is
 * put into the model.
 */
export default function YamlEditor({ value, onChange, readOnly, dark, label }: {
  value: string
  onChange?: (v: string) => void
  readOnly: boolean
  dark: boolean
  label: string
}) {
  const editorRef = useRef<CodeEditor | null>(null)
  const echoes = useRef(new EchoLog())
  /** True while an outside value is being put into the model: that change is the caller's, not the person's. */
  const pushing = useRef(false)
  const latest = useRef(value)
  const onChangeRef = useRef(onChange)
  // At commit, not after paint: a keystroke in between must reach this render's onChange (its step, say).
  useLayoutEffect(() => {
    latest.current = value
    onChangeRef.current = onChange
  })

  const emit = useCallback((v: string | undefined) => {
    if (pushing.current || !onChangeRef.current) return
    const text = v ?? ''
    echoes.current.emitted(text)
    onChangeRef.current(text)
  }, [])

  const putOutside = useCallback((editor: CodeEditor, text: string) => {
    if (editor.getValue() === text) return
    pushing.current = true
    try {
      if (editor.getOption(monaco.editor.EditorOption.readOnly)) {
        // Read-only (viewing, Cancel, or busy: a dry run, "Re-apply onto the latest" rebasing the edit): a fresh
        // start, no history for Ctrl+Z to bring back once Edit is pressed. (Monaco refuses executeEdits when read-only.)
        editor.setValue(text)
      } else {
        // While the person can type, an outside change (the object reloaded before they edited it, say) is one
        // undoable step of its own, not merged into their typing: Ctrl+Z gives the text before it back.
        editor.pushUndoStop()
        editor.executeEdits('periscope', [{ range: editor.getModel()!.getFullModelRange(), text, forceMoveMarkers: true }])
        editor.pushUndoStop()
      }
    } finally {
      pushing.current = false
    }
  }, [])

  useEffect(() => {
    const editor = editorRef.current
    if (!editor || echoes.current.isEcho(value)) return
    putOutside(editor, value)
  }, [value, putOutside])

  const onMount = useCallback((editor: CodeEditor) => {
    editorRef.current = editor
    // Monaco loads lazily: the value may have changed between the model's creation and now (nothing was typed yet).
    putOutside(editor, latest.current)
  }, [putOutside])

  return (
    <Editor
      height="100%"
      language="yaml"
      theme={dark ? 'vs-dark' : 'vs'}
      defaultValue={value}
      onMount={onMount}
      onChange={emit}
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
