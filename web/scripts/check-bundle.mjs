#!/usr/bin/env node
/**
 * Fails the build when the JavaScript a first visit downloads exceeds the budget (issue #7:
 * initial JS ≤ 350 KB gzip; Monaco and xterm must be lazy chunks). "Initial" = every script and
 * modulepreload that target/dist/index.html references, followed through their static imports.
 *
 *   node scripts/check-bundle.mjs [--budget-kb 350]
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'target', 'dist')
const i = process.argv.indexOf('--budget-kb')
const budgetKb = i >= 0 ? Number(process.argv[i + 1]) : 350

const html = readFileSync(join(dist, 'index.html'), 'utf8')
const entries = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)="([^"]+\.js)"/g)].map((m) => m[1])

const seen = new Set()
const queue = entries.map((e) => normalize(join(dist, e)))
while (queue.length) {
  const file = queue.pop()
  if (seen.has(file)) continue
  seen.add(file)
  const src = readFileSync(file, 'utf8')
  // Static imports only (`import … from "./x.js"`, `import "./x.js"`); `import("./x.js")` stays lazy.
  for (const m of src.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^"'();]*?from\s*)?["'](\.{1,2}\/[^"']+\.js)["']/g)) {
    queue.push(normalize(join(dirname(file), m[1])))
  }
}

let total = 0
for (const f of seen) {
  const gz = gzipSync(readFileSync(f)).length
  total += gz
  console.log(`  ${(gz / 1024).toFixed(1).padStart(7)} KB gzip  ${f.slice(dist.length + 1)}`)
}
const verdict = total / 1024 <= budgetKb ? 'OK' : 'OVER BUDGET'
console.log(`initial JS: ${(total / 1024).toFixed(1)} KB gzip (budget ${budgetKb} KB) ${verdict}`)
if (verdict !== 'OK') process.exit(1)
