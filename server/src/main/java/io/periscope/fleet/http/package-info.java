/**
 * HTTP route of the fleet overview ({@code GET /api/fleet}).
 *
 * <p>Owns: the route. Does not own: how clusters are read ({@code fleet}).
 */
package io.periscope.fleet.http;
