/// <reference types="node" />
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Features depend on each other one way only: a cycle (resources → pods → resources) means neither
 * can be read or changed alone. Shared shapes belong in `src/api` or `src/lib`.
 */
const root = import.meta.dirname

/** feature → the other features its (non-test) source imports, statically or lazily. */
function featureGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>()
  for (const feature of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
    const deps = new Set<string>()
    for (const file of readdirSync(join(root, feature), { recursive: true, encoding: 'utf8' })) {
      if (!/\.tsx?$/.test(file) || /\.test\.tsx?$/.test(file)) continue
      const source = readFileSync(join(root, feature, file), 'utf8')
      for (const m of source.matchAll(/(?:from\s+|import\()\s*'\.\.\/([a-z]+)\//g)) if (m[1] !== feature) deps.add(m[1])
    }
    graph.set(feature, deps)
  }
  return graph
}

/** Every cycle as a path `a → b → a`, each reported once from its smallest member. */
export function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = []
  const walk = (start: string, at: string, path: string[]) => {
    for (const next of graph.get(at) ?? []) {
      if (next === start) found.push([...path, start].join(' → '))
      else if (next > start && !path.includes(next)) walk(start, next, [...path, next])
    }
  }
  for (const f of [...graph.keys()].sort()) walk(f, f, [f])
  return found
}

test('the cycle finder finds a two-feature cycle and a longer one, and nothing in a chain', () => {
  const g = (edges: Record<string, string[]>) => new Map(Object.entries(edges).map(([k, v]) => [k, new Set(v)]))
  expect(cycles(g({ pods: ['resources'], resources: ['pods', 'stream'], stream: [] }))).toEqual(['pods → resources → pods'])
  expect(cycles(g({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a → b → c → a'])
  expect(cycles(g({ a: ['b'], b: ['c'], c: [] }))).toEqual([])
})

test('no two features import each other, directly or through others', () => {
  const graph = featureGraph()
  expect(graph.get('resources')).toContain('pods') // the walk sees real imports
  expect(cycles(graph)).toEqual([])
})
