/**
 * Where each container image runs across the fleet ("is the vulnerable build still anywhere?",
 * "what still runs {@code :latest}?", "why do two replicas behave differently?"): every cluster's pods
 * read as the person, their images grouped by reference, with the builds (digests) the kubelets
 * actually pulled.
 *
 * <p>Owns: grouping containers into images. Does not own: reading references and digests
 * ({@code names.ImageReference}, shared with {@code aws.inspector}), CVEs of an image
 * ({@code aws.inspector}) or the pods' own pages ({@code resources}).
 */
package io.periscope.images;
