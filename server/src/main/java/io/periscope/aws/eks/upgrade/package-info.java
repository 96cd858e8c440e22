/**
 * Whether an EKS cluster is ready for its next Kubernetes minor, read with the server's own AWS
 * identity: EKS upgrade insights, managed node group version skew and AMI drift (against the EKS
 * optimized AMI releases in the SSM public parameters), and add-on freshness, folded into a
 * verdict per target minor.
 *
 * <p>Owns: the readiness read and its verdict ({@link io.periscope.aws.eks.upgrade.UpgradeReadiness}),
 * insights ({@link io.periscope.aws.eks.upgrade.UpgradeInsights}), node groups
 * ({@link io.periscope.aws.eks.upgrade.NodegroupDrift}) and AMI releases
 * ({@link io.periscope.aws.eks.upgrade.AmiReleases}). Does not own: add-on reads ({@code aws.eks.addons}).
 */
package io.periscope.aws.eks.upgrade;
