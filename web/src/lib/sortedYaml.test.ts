import { expect, test } from 'vitest'
import { toSortedYaml } from './sortedYaml'

test('mappings come out with sorted keys and lists at their key’s indent, as kubectl writes them', () => {
  const yaml = toSortedYaml({
    spec: { replicas: 2, template: { spec: { containers: [{ name: 'web', image: 'shop:2.1', ports: [{ containerPort: 8080 }] }] } } },
    kind: 'Deployment',
  })
  expect(yaml).toEqual([
    'kind: Deployment',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    spec:',
    '      containers:',
    '      - image: shop:2.1',
    '        name: web',
    '        ports:',
    '        - containerPort: 8080',
  ])
})

test.each([
  ['a plain word', 'web', 'web'],
  ['a quantity', '100m', '100m'],
  ['a flag', '--port=8080', '--port=8080'],
  ['a number as a string', '8080', '"8080"'],
  ['a boolean word', 'true', '"true"'],
  ['an empty string', '', '""'],
  ['a date', '2026-11-03', '"2026-11-03"'],
  ['a colon and space', 'a: b', '"a: b"'],
  ['a leading dash and space', '- x', '"- x"'],
  ['a tab', 'a\tb', '"a\\tb"'],
])('%s is written so it reads back as that string', (_what, value, written) => {
  expect(toSortedYaml({ v: value })).toEqual([`v: ${written}`])
})

test('multi-line strings are literal blocks; empty collections, nulls and nested lists are inline or dashed', () => {
  expect(toSortedYaml({ script: 'echo a\necho b\n', key: 'x\ny', empty: {}, none: [], nil: null, grid: [[1, 2], []] })).toEqual([
    'empty: {}',
    'grid:',
    '- - 1',
    '  - 2',
    '- []',
    'key: |-',
    '  x',
    '  y',
    'nil: null',
    'none: []',
    'script: |',
    '  echo a',
    '  echo b',
  ])
})
