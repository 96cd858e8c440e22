#!/usr/bin/env node --experimental-websocket
/**
 * Screenshots of the SPA with Debian's headless Chromium over the DevTools protocol, with
 * optional key presses / clicks first (things `chromium --screenshot` cannot do).
 * No browser download: uses /usr/bin/chromium (override with CHROMIUM=...). Loopback only.
 *
 *   node --experimental-websocket scripts/screenshot.mjs --url http://127.0.0.1:4173/ --out /tmp/x.png \
 *        [--dark] [--width 1400 --height 900] [--wait 1500] \
 *        [--key Control+k] [--click 'button[aria-label^="Account"]'] [--type 'prod'] [--eval 'js']
 * Steps (--key, --click, --type, --eval) run in the order given, after the page settles.
 * Console errors/warnings and uncaught exceptions of the page are printed.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const argv = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = argv.indexOf(`--${name}`)
  return i >= 0 ? argv[i + 1] : dflt
}
const url = opt('url', 'http://127.0.0.1:4173/')
const out = opt('out', '/tmp/periscope.png')
const width = Number(opt('width', 1400))
const height = Number(opt('height', 900))
const wait = Number(opt('wait', 1500))
const dark = argv.includes('--dark')
const steps = []
for (let i = 0; i < argv.length; i++) {
  if (['--key', '--click', '--type', '--eval'].includes(argv[i])) steps.push([argv[i].slice(2), argv[++i]])
}
if (!/^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])[:/]/.test(url)) throw new Error('loopback URLs only')

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const port = 9300 + Math.floor(Math.random() * 500)
const chrome = spawn(process.env.CHROMIUM ?? '/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${mkdtempSync(join(tmpdir(), 'shot-'))}`,
  `--remote-debugging-port=${port}`, '--remote-debugging-address=127.0.0.1', `--window-size=${width},${height}`, 'about:blank',
], { stdio: 'ignore' })

try {
  let targets
  for (let i = 0; i < 50 && !targets; i++) {
    await sleep(200)
    targets = await fetch(`http://127.0.0.1:${port}/json/list`).then((r) => r.json()).catch(() => undefined)
  }
  const page = targets.find((t) => t.type === 'page')
  const ws = new WebSocket(page.webSocketDebuggerUrl)
  await new Promise((r, j) => { ws.onopen = r; ws.onerror = j })
  let seq = 0
  const pendingCalls = new Map()
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data)
    if (msg.method === 'Runtime.consoleAPICalled' && ['error', 'warning', 'assert'].includes(msg.params.type)) {
      console.log(`console.${msg.params.type}:`, msg.params.args.map((a) => a.value ?? a.description).join(' '))
    } else if (msg.method === 'Runtime.exceptionThrown') {
      console.log('page exception:', msg.params.exceptionDetails.exception?.description ?? msg.params.exceptionDetails.text)
    } else if (msg.method === 'Log.entryAdded' && msg.params.entry.level === 'error') {
      console.log('log error:', msg.params.entry.text, msg.params.entry.url ?? '')
    }
    if (msg.id && pendingCalls.has(msg.id)) {
      const { resolve, reject } = pendingCalls.get(msg.id)
      pendingCalls.delete(msg.id)
      msg.error ? reject(new Error(JSON.stringify(msg.error))) : resolve(msg.result)
    }
  }
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq
      pendingCalls.set(id, { resolve, reject })
      ws.send(JSON.stringify({ id, method, params }))
    })
  const evaluate = async (expression) => {
    const r = await send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true })
    if (r.exceptionDetails) throw new Error(r.exceptionDetails.text + ' ' + (r.exceptionDetails.exception?.description ?? ''))
    return r.result.value
  }

  await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: false })
  await send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: dark ? 'dark' : 'light' }] })
  await send('Page.enable')
  await send('Runtime.enable') // page console errors/warnings and exceptions are printed
  await send('Log.enable')
  await send('Page.navigate', { url })
  await sleep(wait)

  for (const [kind, arg] of steps) {
    if (kind === 'key') {
      const parts = arg.split('+')
      const key = parts.pop()
      const modifiers = parts.reduce((m, p) => m | ({ Alt: 1, Control: 2, Meta: 4, Shift: 8 }[p] ?? 0), 0)
      const code = key.length === 1 ? `Key${key.toUpperCase()}` : key
      const vk = key.length === 1 ? key.toUpperCase().charCodeAt(0) : { Escape: 27, Enter: 13, Tab: 9, ArrowDown: 40, ArrowUp: 38 }[key]
      for (const type of ['keyDown', 'keyUp']) {
        await send('Input.dispatchKeyEvent', { type, key, code, modifiers, windowsVirtualKeyCode: vk })
      }
    } else if (kind === 'click') {
      const ok = await evaluate(`(() => { const el = document.querySelector(${JSON.stringify(arg)}); if (!el) return false; el.click(); return true })()`)
      if (!ok) throw new Error(`no element for ${arg}`)
    } else if (kind === 'type') {
      await send('Input.insertText', { text: arg })
    } else if (kind === 'eval') {
      await evaluate(arg)
    }
    await sleep(400)
  }
  const { data } = await send('Page.captureScreenshot', { format: 'png' })
  writeFileSync(out, Buffer.from(data, 'base64'))
  console.log(`${out} (${dark ? 'dark' : 'light'}) ← ${url}`)
  ws.close()
} finally {
  chrome.kill()
}
