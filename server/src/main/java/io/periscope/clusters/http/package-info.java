/**
 * Cluster list and per-cluster routes that run as the signed-in person.
 */
package io.periscope.clusters.http;
