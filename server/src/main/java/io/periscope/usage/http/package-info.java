/**
 * HTTP route of node allocatable resources ({@code GET /api/clusters/{cluster}/nodes/allocatable}).
 *
 * <p>Owns: the route. Does not own: how the nodes are read ({@code usage}).
 */
package io.periscope.usage.http;
