/**
 * HTTP plumbing shared by every feature: errors as {@code {code, message, requestId}}, request
 * ids, security headers, JSON mapping, the SPA's static assets.
 *
 * <p>Does not own any feature's routes; those live in each feature's {@code .http} package.
 */
package io.periscope.http;
