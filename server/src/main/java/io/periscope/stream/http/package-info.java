/**
 * HTTP routes of the live-update feature: {@code GET /api/stream} (SSE) and {@code GET /api/stream/poll}.
 *
 * <p>Owns: request parsing, the 406/429 answers before a stream starts, and the single writer loop
 * per stream. Does not own: watches or caps ({@code stream}).
 */
package io.periscope.stream.http;
