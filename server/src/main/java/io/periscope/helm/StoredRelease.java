package io.periscope.helm;

/**
 * One Helm storage object (Secret or ConfigMap {@code sh.helm.release.v1.<name>.v<rev>}) before
 * decoding: the identifying labels Helm writes and the still-encoded payload.
 *
 * @param payload Helm's encoded release (base64 of gzip of JSON) as Helm wrote it; for a Secret this
 *     is already the result of the API's own base64 layer being removed
 */
public record StoredRelease(
    StorageDriver driver, String namespace, String objectName, String name, int revision, String statusLabel,
    String payload) {}
