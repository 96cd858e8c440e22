/**
 * Helm release browser: reads Helm 3's release storage (Secrets of type {@code helm.sh/release.v1}
 * or ConfigMaps labelled {@code owner=helm}) with the person's impersonating client and decodes it
 * without the Helm SDK (base64, gzip, JSON); history, values (user and computed), manifest, notes
 * and revision diffs.
 *
 * <p>Owns: the storage format, value coalescing, the unified diff, the forbidden state's copy.
 * Does not own: any Helm write (install, upgrade, rollback — deliberately absent), chart
 * repositories, rendering templates, or authorization (the apiserver's RBAC decides).
 */
package io.periscope.helm;
