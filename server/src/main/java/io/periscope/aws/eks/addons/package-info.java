/**
 * EKS managed add-ons of a cluster, with the server's own AWS identity: what is installed and how
 * fresh it is against the current and next Kubernetes minor, the catalog of published add-ons,
 * configuration schemas and the validation of {@code configurationValues} against them, the update
 * history, and the writes (install, update, delete) a permitted person decides.
 *
 * <p>Owns: the add-on reads ({@link io.periscope.aws.eks.addons.Addons}), freshness
 * ({@link io.periscope.aws.eks.addons.AddonFreshness}), schema validation
 * ({@link io.periscope.aws.eks.addons.ConfigurationValues}), who may write
 * ({@link io.periscope.aws.eks.addons.AddonWritePermission}) and the writes with their preview,
 * audit rows ({@code addon_write}) and outcome watch ({@link io.periscope.aws.eks.addons.AddonWrites}).
 * Does not own: upgrade readiness ({@code aws.eks.upgrade}, which reads freshness from here).
 */
package io.periscope.aws.eks.addons;
