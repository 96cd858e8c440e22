/**
 * Liveness and readiness endpoints.
 */
package io.periscope.health;
