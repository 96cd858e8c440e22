/**
 * HTTP routes of the Helm release browser ({@code /api/clusters/{c}/helm/releases...}), each audited
 * as {@code helm_read}. Does not own decoding or the queries themselves ({@link io.periscope.helm}).
 */
package io.periscope.helm.http;
