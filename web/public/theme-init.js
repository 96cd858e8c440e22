// Applies the saved or OS theme before first paint (same rule as src/features/theme/theme.ts).
// A file, not an inline script, so the server's Content-Security-Policy can stay `script-src 'self'`.
try {
  var p = JSON.parse(localStorage.getItem('periscope.theme') || '"system"')
  var dark = p === 'dark' || (p !== 'light' && matchMedia('(prefers-color-scheme: dark)').matches)
  document.documentElement.classList.toggle('dark', dark)
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light'
} catch {
  // No storage or matchMedia (privacy mode, old browser): the page keeps the light theme.
}
