/** {@code GET /api/fleet/images}: the fleet's running images, filtered by a reference or digest. */
package io.periscope.images.http;
