/**
 * Where each container image runs across the fleet ("is the vulnerable build still anywhere?",
 * "what still runs {@code :latest}?", "why do two replicas behave differently?"): every cluster's pods
 * read as the person, their images grouped by reference, with the builds (digests) the kubelets
 * actually pulled.
 *
 * <p>Owns: reading references as container runtimes read them, and grouping containers into images.
 * Does not own: CVEs of an image ({@code aws.inspector}) or the pods' own pages ({@code resources}).
 */
package io.periscope.images;
