import { loadRecent, pruneRecent, pushRecent, rememberRecent, RECENT_KEY, RECENT_MAX, type PaletteTarget } from './recent'

const page = (p: string): PaletteTarget => ({ id: `page:${p}`, label: p, to: p, kind: 'page' })
const cluster = (c: string): PaletteTarget => ({ id: `cluster:${c}`, label: c, to: `/clusters/${c}`, kind: 'cluster' })

beforeEach(() => localStorage.clear())

test('pushRecent puts the newest first and de-duplicates by id', () => {
  let list: PaletteTarget[] = []
  list = pushRecent(list, page('/audit'))
  list = pushRecent(list, cluster('prod'))
  list = pushRecent(list, page('/audit'))
  expect(list.map((t) => t.id)).toEqual(['page:/audit', 'cluster:prod'])
})

test('pushRecent caps the list', () => {
  let list: PaletteTarget[] = []
  for (let i = 0; i < RECENT_MAX + 5; i++) list = pushRecent(list, cluster(`c${i}`))
  expect(list).toHaveLength(RECENT_MAX)
  expect(list[0].id).toBe(`cluster:c${RECENT_MAX + 4}`)
})

test('rememberRecent persists across loads', () => {
  rememberRecent(cluster('a'))
  rememberRecent(page('/helm'))
  expect(loadRecent().map((t) => t.id)).toEqual(['page:/helm', 'cluster:a'])
  expect(JSON.parse(localStorage.getItem(RECENT_KEY)!)).toHaveLength(2)
})

test('loadRecent survives corrupt or foreign data', () => {
  localStorage.setItem(RECENT_KEY, '{not json')
  expect(loadRecent()).toEqual([])
  localStorage.setItem(RECENT_KEY, JSON.stringify({ id: 'x' }))
  expect(loadRecent()).toEqual([])
  localStorage.setItem(
    RECENT_KEY,
    JSON.stringify([cluster('ok'), { id: 'bad' }, { ...page('/x'), to: 'https://evil.example' }, null]),
  )
  expect(loadRecent().map((t) => t.id)).toEqual(['cluster:ok'])
})

test('pruneRecent drops clusters that left the registry, keeps pages, and waits for the registry', () => {
  const list = [cluster('gone'), page('/audit'), cluster('kept')]
  expect(pruneRecent(list, null)).toEqual(list)
  expect(pruneRecent(list, new Set(['kept'])).map((t) => t.id)).toEqual(['page:/audit', 'cluster:kept'])
})
