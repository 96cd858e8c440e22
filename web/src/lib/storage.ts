/** localStorage that never throws (private mode, quota, disabled storage) and tolerates bad JSON. */
export function readJson<T>(key: string, fallback: T, storage: Storage | undefined = safeStorage()): T {
  if (!storage) return fallback
  try {
    const raw = storage.getItem(key)
    return raw === null ? fallback : (JSON.parse(raw) as T)
  } catch {
    return fallback
  }
}

export function writeJson(key: string, value: unknown, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.setItem(key, JSON.stringify(value))
  } catch {
    /* storage full or disabled: the preference simply is not remembered */
  }
}

export function removeKey(key: string, storage: Storage | undefined = safeStorage()): void {
  try {
    storage?.removeItem(key)
  } catch {
    /* ignore */
  }
}

function safeStorage(): Storage | undefined {
  try {
    return typeof window === 'undefined' ? undefined : window.localStorage
  } catch {
    return undefined
  }
}
