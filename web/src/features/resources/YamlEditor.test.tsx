import { act, render, screen, waitFor } from '@testing-library/react'
import { useState } from 'react'
import { beforeEach, expect, test, vi } from 'vitest'
import YamlEditor from './YamlEditor'

/**
 * Monaco itself does not run in jsdom, so a small stand-in takes its place behind the real `@monaco-editor/react`
 * wrapper: a text with a selection, edits that notify content listeners synchronously as Monaco's do, and
 * Monaco's refusal of executeEdits / undo stops in a read-only editor. What it records is what the wrapper and
 * YamlEditor asked of it.
 */
const fake = vi.hoisted(() => {
  const READ_ONLY = 104
  type Listener = () => void
  class FakeEditor {
    text: string
    selection: [number, number]
    options: Record<string, unknown>
    listeners: Listener[] = []
    /** What reached the text other than typing: `setValue`, `executeEdits`, `undoStop`. */
    calls: string[] = []
    model: object
    constructor(model: { text: string }, options: Record<string, unknown>) {
      this.text = model.text
      this.selection = [0, 0]
      this.options = options
      this.model = { getFullModelRange: () => ({ whole: true }), dispose: () => {}, uri: { path: '' } }
    }
    private change(text: string, caret: number) {
      this.text = text
      this.selection = [caret, caret]
      this.listeners.forEach((l) => l())
    }
    /** The person selects `word` (its first occurrence), as a double-click or Shift+Ctrl+Left would. */
    select(word: string) {
      const at = this.text.indexOf(word)
      if (at < 0) throw new Error(`${word} is not in the editor`)
      this.selection = [at, at + word.length]
    }
    /** One keystroke: replaces the selection, as typing does. */
    type(ch: string) {
      if (this.options.readOnly) return
      const [from, to] = this.selection
      this.change(this.text.slice(0, from) + ch + this.text.slice(to), from + ch.length)
    }
    getModel() { return this.model }
    getValue() { return this.text }
    getOption(option: number) { return option === READ_ONLY ? !!this.options.readOnly : undefined }
    updateOptions(options: Record<string, unknown>) { this.options = { ...this.options, ...options } }
    setValue(text: string) {
      this.calls.push('setValue')
      this.change(text, 0)
    }
    executeEdits(_source: string, edits: { range: { whole: boolean }; text: string }[]) {
      if (this.options.readOnly) return false
      this.calls.push('executeEdits')
      const [edit] = edits
      if (edits.length !== 1 || !edit.range.whole) throw new Error('the stand-in replaces the whole text only')
      this.change(edit.text, edit.text.length)
      return true
    }
    pushUndoStop() {
      if (this.options.readOnly) return false
      this.calls.push('undoStop')
      return true
    }
    onDidChangeModelContent(l: Listener) {
      this.listeners.push(l)
      return { dispose: () => { this.listeners = this.listeners.filter((x) => x !== l) } }
    }
    restoreViewState() {}
    saveViewState() { return null }
    revealLine() {}
    dispose() {}
  }
  const editors: FakeEditor[] = []
  const monaco = {
    Uri: { parse: (path: string) => ({ path }) },
    editor: {
      EditorOption: { readOnly: READ_ONLY },
      getModel: () => null,
      createModel: (text: string) => ({ text }),
      create: (_el: HTMLElement, options: { model: { text: string } } & Record<string, unknown>) => {
        const e = new FakeEditor(options.model, options)
        editors.push(e)
        return e
      },
      setTheme: () => {},
      setModelLanguage: () => {},
      onDidChangeMarkers: () => ({ dispose: () => {} }),
      getModelMarkers: () => [],
    },
  }
  return { monaco, editors }
})

vi.mock('monaco-editor', () => fake.monaco)
vi.mock('monaco-editor/editor/editor.worker?worker', () => ({ default: class {} }))

const starter = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: new-configmap\n'
const named = (name: string) => starter.replace('new-configmap', name)

beforeEach(() => {
  fake.editors.length = 0
})

/**
 * A caller like CreateObject / YamlTab, except that the test decides when React commits its state: `emitted`
 * is what the editor's onChange said, `commit` puts a text into the caller's state (and so into `value`).
 */
function renderCaller(initial: string, readOnly = false) {
  const emitted: string[] = []
  const caller: { commit: (v: string) => void; setReadOnly: (r: boolean) => void } = { commit: () => {}, setReadOnly: () => {} }
  function Caller() {
    const [text, setText] = useState(initial)
    const [ro, setRo] = useState(readOnly)
    caller.commit = setText
    caller.setReadOnly = setRo
    return <YamlEditor value={text} onChange={(v) => emitted.push(v)} readOnly={ro} dark={false} label="YAML" />
  }
  render(<Caller />)
  return { emitted, caller }
}

async function mounted() {
  await waitFor(() => expect(fake.editors).toHaveLength(1))
  await waitFor(() => expect(screen.queryByText('Loading...')).toBeNull())
  return fake.editors[0]
}

test('a keystroke\'s state committed after the next keystroke reached the editor loses no keystroke', async () => {
  const { emitted, caller } = renderCaller(starter)
  const editor = await mounted()

  editor.select('configmap')
  editor.type('e')
  editor.type('2') // in the editor before React commits the state of the "e"
  act(() => caller.commit(emitted[0])) // React commits "new-e", now older than the editor's text
  editor.type('e')
  act(() => caller.commit(emitted.at(-1)!))

  expect(editor.getValue()).toBe(named('new-e2e'))
  expect(emitted).toEqual([named('new-e'), named('new-e2'), named('new-e2e')])
  // The editor's own text coming back is never written into it again.
  expect(editor.calls).toEqual([])
})

test('a value from outside (a revert) replaces the text as one undoable step and is not echoed as an edit', async () => {
  const { emitted, caller } = renderCaller(starter)
  const editor = await mounted()
  editor.select('configmap')
  editor.type('x')
  act(() => caller.commit(emitted.at(-1)!))

  act(() => caller.commit(starter))

  expect(editor.getValue()).toBe(starter)
  expect(editor.calls).toEqual(['undoStop', 'executeEdits', 'undoStop'])
  expect(emitted).toEqual([named('new-x')])
  // Typing after the revert starts from the reverted text.
  editor.select('configmap')
  editor.type('y')
  expect(emitted.at(-1)).toBe(named('new-y'))
})

test('an outside value the editor once emitted is put in after a reset', async () => {
  const { emitted, caller } = renderCaller(starter)
  const editor = await mounted()
  editor.select('configmap')
  editor.type('x')
  act(() => caller.commit(emitted.at(-1)!))
  act(() => caller.commit(starter)) // revert
  act(() => caller.commit(named('new-x'))) // the same text again, now from outside (a reload that has it)

  expect(editor.getValue()).toBe(named('new-x'))
})

test('a read-only editor takes a reload as a fresh text (setValue: no history to undo into)', async () => {
  const { caller } = renderCaller(starter, true)
  const editor = await mounted()

  act(() => caller.commit(named('reloaded')))

  expect(editor.getValue()).toBe(named('reloaded'))
  expect(editor.calls).toEqual(['setValue'])
})

test('a Cancel (read-only with the original text in one render) shows the original', async () => {
  const { emitted, caller } = renderCaller(starter)
  const editor = await mounted()
  editor.select('configmap')
  editor.type('x')
  act(() => caller.commit(emitted.at(-1)!))

  act(() => {
    caller.commit(starter)
    caller.setReadOnly(true)
  })

  expect(editor.getValue()).toBe(starter)
  expect(editor.calls).toEqual(['setValue'])
  expect(emitted).toEqual([named('new-x')])
})

test('a value changed while Monaco was loading is what the editor shows', async () => {
  const { caller } = renderCaller(starter)
  act(() => caller.commit(named('loaded-late')))
  const editor = await mounted()
  expect(editor.getValue()).toBe(named('loaded-late'))
})
