/**
 * HTTP for {@link io.periscope.portforward}: opening, listing and closing forwards, and the proxy
 * path that relays GET requests to the pod port. The proxied answer is served in a CSP
 * {@code sandbox} without scripts (the pod's page runs no script on the console's origin, so it cannot
 * call the API as the person), without the pod's cookies, CORS or framing headers. Protocol in docs/api.md ("Port-forward").
 */
package io.periscope.portforward.http;
