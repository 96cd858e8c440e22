/**
 * Version ordering per package ecosystem, for "the smallest upgrade that closes every finding":
 * semver (npm, Go modules with pseudo-versions, Cargo, NuGet), Maven (Maven's own
 * {@code ComparableVersion}), PEP 440 (Python), Debian (dpkg's algorithm: epoch, {@code ~},
 * revision) and RPM ({@code rpmvercmp}: epoch, {@code ~}, {@code ^}, release). Naive string order
 * is wrong in all of them ({@code 1.10} after {@code 1.9}, {@code 1.0~rc1} before {@code 1.0}).
 */
package io.periscope.aws.inspector.versions;
