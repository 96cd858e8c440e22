/**
 * Typed URL search-parameter state, so every view's filters and selection live in the address bar
 * and a view can be shared as a link. A spec maps each key to a codec; values equal to the codec's
 * default are left out of the URL to keep links short.
 */
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router'

export interface Codec<T> {
  defaultValue: T
  parse: (raw: string | null, all: string[]) => T
  serialize: (value: T) => string[]
}

export const param = {
  string(defaultValue = ''): Codec<string> {
    return {
      defaultValue,
      parse: (raw) => raw ?? defaultValue,
      serialize: (v) => (v === defaultValue ? [] : [v]),
    }
  },
  /** An optional value: absent from the URL means null. */
  optional(): Codec<string | null> {
    return {
      defaultValue: null,
      parse: (raw) => (raw === null || raw === '' ? null : raw),
      serialize: (v) => (v === null || v === '' ? [] : [v]),
    }
  },
  oneOf<const V extends string>(values: readonly V[], defaultValue: V): Codec<V> {
    return {
      defaultValue,
      parse: (raw) => ((values as readonly string[]).includes(raw ?? '') ? (raw as V) : defaultValue),
      serialize: (v) => (v === defaultValue ? [] : [v]),
    }
  },
  /** Repeated key (`?label=a&label=b`), order kept, empties dropped. */
  list(): Codec<string[]> {
    return {
      defaultValue: [],
      parse: (_raw, all) => all.filter((s) => s !== ''),
      serialize: (v) => v.filter((s) => s !== ''),
    }
  },
  boolean(defaultValue = false): Codec<boolean> {
    return {
      defaultValue,
      parse: (raw) => (raw === null ? defaultValue : raw === '1' || raw === 'true'),
      serialize: (v) => (v === defaultValue ? [] : [v ? '1' : '0']),
    }
  },
}

export type Spec = Record<string, Codec<any>> // eslint-disable-line @typescript-eslint/no-explicit-any
export type Values<S extends Spec> = { [K in keyof S]: S[K] extends Codec<infer T> ? T : never }

export function readParams<S extends Spec>(spec: S, params: URLSearchParams): Values<S> {
  const out: Record<string, unknown> = {}
  for (const [key, codec] of Object.entries(spec)) out[key] = codec.parse(params.get(key), params.getAll(key))
  return out as Values<S>
}

/** Returns new params with `patch` applied; keys outside the spec are kept untouched. */
export function writeParams<S extends Spec>(spec: S, params: URLSearchParams, patch: Partial<Values<S>>): URLSearchParams {
  const next = new URLSearchParams(params)
  for (const [key, value] of Object.entries(patch)) {
    const codec = spec[key]
    if (!codec) continue
    next.delete(key)
    for (const s of codec.serialize(value)) next.append(key, s)
  }
  return next
}

/**
 * `const [state, setState] = useSearchState(spec)`. Updates replace the history entry by default
 * (typing in a filter should not add a Back step per keystroke); pass `{push: true}` for
 * navigation-like changes such as selecting an object.
 */
export function useSearchState<S extends Spec>(spec: S) {
  const [params, setParams] = useSearchParams()
  const state = useMemo(() => readParams(spec, params), [spec, params])
  const update = useCallback(
    (patch: Partial<Values<S>>, opts: { push?: boolean } = {}) =>
      setParams((prev) => writeParams(spec, prev, patch), { replace: !opts.push }),
    [spec, setParams],
  )
  return [state, update] as const
}
