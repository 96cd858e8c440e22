/**
 * The syntax of Kubernetes names ({@link io.periscope.names.KubernetesNames}): one definition of
 * a DNS-1123 label and subdomain for every check that a name may go into a URL path or a query.
 *
 * <p>Owns: the patterns. Does not own: what a failed check answers (each caller names its field in
 * its own error). Depends on nothing else in Periscope, so every package may use it.
 */
package io.periscope.names;
