/**
 * HTTP route of a node's drain plan ({@code GET /api/clusters/{cluster}/nodes/{node}/drain-plan}).
 *
 * <p>Owns: the route. Does not own: the plan ({@code drain}).
 */
package io.periscope.drain.http;
