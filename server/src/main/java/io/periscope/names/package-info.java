/**
 * The syntax of what Kubernetes names things by: object names ({@link io.periscope.names.KubernetesNames},
 * one definition of a DNS-1123 label and subdomain for every check that a name may go into a URL
 * path or a query) and container image references ({@link io.periscope.names.ImageReference}, read
 * as container runtimes read them, and the build digest in a kubelet's {@code imageID}).
 *
 * <p>Owns: the syntax. Does not own: what a failed check answers (each caller names its field in
 * its own error), or what an image means to a feature ({@code images} groups them, {@code
 * aws.inspector} looks up their scans). Depends on nothing else in Periscope, so every package may
 * use it.
 */
package io.periscope.names;
