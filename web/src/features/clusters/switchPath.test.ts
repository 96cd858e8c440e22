import { switchClusterPath } from './switchPath'

test.each([
  ['/', '', 'prod', '/clusters/prod'],
  ['/audit', '?verb=delete', 'prod', '/clusters/prod'],
  ['/clusters/a', '', 'b', '/clusters/b'],
  ['/clusters/a/pods', '?ns=kube-system&sel=coredns-1', 'b', '/clusters/b/pods?ns=kube-system'],
  ['/clusters/a/pods', '', '', '/'],
  ['/helm', '?cluster=a&ns=x', 'b', '/helm?cluster=b&ns=x'],
  ['/helm', '?cluster=a', '', '/helm'],
  ['/', '', 'with space', '/clusters/with%20space'],
])('%s%s → %s = %s', (path, search, cluster, expected) => {
  expect(switchClusterPath(path, search, cluster)).toBe(expected)
})
