/**
 * HTTP for {@link io.periscope.portforward}: opening, listing and closing forwards, and the proxy
 * path that relays GET requests to the pod port. The proxied answer is served with a CSP
 * {@code sandbox} (an opaque origin: the pod's page cannot read the console's cookies or call its API
 * as the person), without the pod's cookies, CORS or framing headers. Protocol in docs/api.md ("Port-forward").
 */
package io.periscope.portforward.http;
