/** `1 pod`, `3 pods`, `2 policies`: a count and its noun, the noun in the plural unless the count is one. */
export const countOf = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`

/**
 * The singular of a Kubernetes or audit resource name, which is a plural (`workloads`, `iam-policies`,
 * `ingresses`, `deployments.apps`): enough English for those names, not a general inflector. A name
 * that does not end in `s` (`agent-certificate`) is returned as it is.
 */
export function singular(resource: string): string {
  const dot = resource.indexOf('.')
  const [word, group] = dot < 0 ? [resource, ''] : [resource.slice(0, dot), resource.slice(dot)]
  const one = word.endsWith('ies') ? `${word.slice(0, -3)}y`
    : /(ss|x|ch|sh)es$/.test(word) ? word.slice(0, -2)
    : word.endsWith('s') && !word.endsWith('ss') ? word.slice(0, -1)
    : word
  return one + group
}

/** `1 workload`, `2 workloads`: a count of objects of a resource named by its plural. */
export const countOfResource = (n: number, resource: string) => countOf(n, singular(resource), resource)
