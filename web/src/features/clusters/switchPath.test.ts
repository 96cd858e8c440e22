import { switchClusterPath } from './switchPath'

test.each([
  ['/', '', 'prod', '/clusters/prod'],
  ['/audit', '?verb=delete', 'prod', '/clusters/prod'],
  ['/clusters/a', '', 'b', '/clusters/b'],
  ['/clusters/a/pods', '?ns=kube-system&sel=coredns-1', 'b', '/clusters/b/pods?ns=kube-system'],
  ['/clusters/a/pods', '', '', '/'],
  ['/helm', '?cluster=a&ns=x', 'b', '/helm?cluster=b&ns=x'],
  ['/helm', '?cluster=a', '', '/helm'],
  // The open release is the old cluster's: the new one may have none of that name (it showed release_not_found).
  ['/helm', '?cluster=a&namespace=monitoring&sel=monitoring%2Fgrafana&tab=diff&from=2&to=3', 'b', '/helm?cluster=b&namespace=monitoring'],
  ['/helm', '?cluster=a&sel=monitoring%2Fgrafana&tab=values&rev=2', '', '/helm'],
  ['/', '', 'with space', '/clusters/with%20space'],
])('%s%s → %s = %s', (path, search, cluster, expected) => {
  expect(switchClusterPath(path, search, cluster)).toBe(expected)
})
