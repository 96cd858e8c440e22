/**
 * Amazon Inspector v2 CVE findings for the pods, nodes and workloads of clusters with
 * {@code inspector.enabled}: a background hydrate on the server's own identity (never a
 * person's) reads the cluster's image digests and EC2 instance ids, asks Inspector for their
 * findings and coverage, and keeps them in memory; list chips and the Security tab read that
 * cache (not audited); a person's refresh of one entity is audited {@code inspector_refresh}.
 */
package io.periscope.aws.inspector;
