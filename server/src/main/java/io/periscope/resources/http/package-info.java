/**
 * HTTP routes of the resource API: reads ({@code ResourceRoutes}), audited actions and the
 * {@code can-i} pre-flight ({@code ResourceActionRoutes}). Routes are generic over discovered
 * kinds; there is no per-kind route.
 *
 * <p>Owns: path/query/body parsing and response shapes. Does not own: validation of manifests,
 * apiserver calls or audit rows ({@code resources}).
 */
package io.periscope.resources.http;
