/**
 * The configuration file, {@code PERISCOPE_*} overrides and their validation.
 *
 * <p>Owns: every key, its default and its error message. Does not own: {@code clusters.yaml}
 * ({@code clusters}).
 */
package io.periscope.config;
