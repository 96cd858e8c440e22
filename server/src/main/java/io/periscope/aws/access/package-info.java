/**
 * The Cluster Access page: who may sign in to an EKS cluster and as whom (EKS Access Entries and
 * the legacy {@code kube-system/aws-auth} ConfigMap, reconciled per IAM principal), which IAM roles
 * its ServiceAccounts' pods get (the shared ServiceAccount → role index), and what is wrong with
 * either (findings, each with its fix).
 *
 * <p>Owns: parsing aws-auth as aws-iam-authenticator does ({@link io.periscope.aws.access.AwsAuth}),
 * reading access entries ({@link io.periscope.aws.access.AccessEntries}), the findings
 * ({@link io.periscope.aws.access.AccessFindings}, {@link io.periscope.aws.access.OidcTrust}) and the
 * page's answer ({@link io.periscope.aws.access.ClusterAccess}). Does not own: the ServiceAccount →
 * role index and Pod Identity reads ({@code aws.identity}), role policies ({@code aws.iam}), AWS
 * clients and error mapping ({@code aws}).
 */
package io.periscope.aws.access;
