import { param, readParams, writeParams } from './searchState'

const spec = {
  q: param.string(),
  ns: param.optional(),
  status: param.oneOf(['all', 'problems'] as const, 'all'),
  label: param.list(),
  live: param.boolean(true),
}

test('reads defaults from an empty query', () => {
  expect(readParams(spec, new URLSearchParams())).toEqual({ q: '', ns: null, status: 'all', label: [], live: true })
})

test('reads typed values and rejects unknown enum members', () => {
  const p = new URLSearchParams('q=api&ns=kube-system&status=bogus&label=app%3Dweb&label=tier%3Dfe&live=0')
  expect(readParams(spec, p)).toEqual({
    q: 'api',
    ns: 'kube-system',
    status: 'all',
    label: ['app=web', 'tier=fe'],
    live: false,
  })
})

test('writes a patch, drops defaults and keeps foreign keys', () => {
  const p = new URLSearchParams('q=old&other=keep&status=problems')
  const next = writeParams(spec, p, { q: '', status: 'problems', label: ['a=1', 'b=2'], live: true })
  expect(next.get('q')).toBeNull()
  expect(next.get('other')).toBe('keep')
  expect(next.get('status')).toBe('problems')
  expect(next.getAll('label')).toEqual(['a=1', 'b=2'])
  expect(next.has('live')).toBe(false)
})

test('round-trips through the URL', () => {
  const values = { q: 'x y', ns: 'default', status: 'problems' as const, label: ['k=v'], live: false }
  const s = writeParams(spec, new URLSearchParams(), values).toString()
  expect(readParams(spec, new URLSearchParams(s))).toEqual(values)
})
