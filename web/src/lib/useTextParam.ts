import { useEffect, useRef, useState } from 'react'

/**
 * A text field kept in the URL (a list's filter): what is typed shows at once from local state and
 * reaches the URL `delayMs` later. Bound to the URL directly, each keystroke waits for a navigation
 * to render, and keys typed meanwhile are lost (typing "payments" fast left "ps"). A change of the
 * URL from elsewhere (Back, a link) replaces the text.
 */
export function useTextParam(value: string, write: (v: string) => void, delayMs = 150): [string, (v: string) => void] {
  const [text, setText] = useState(value)
  const written = useRef(value)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const latestWrite = useRef(write)
  useEffect(() => {
    latestWrite.current = write
  })
  useEffect(() => {
    if (value === written.current) return
    // The URL moved on (Back, a link, another list): what was still to be written belongs to the old one.
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    written.current = value
    setText(value)
  }, [value])
  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current)
  }, [])
  const change = (v: string) => {
    setText(v)
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => {
      timer.current = null
      written.current = v
      latestWrite.current(v)
    }, delayMs)
  }
  return [text, change]
}
