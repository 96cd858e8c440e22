/**
 * Resource-based policies (S3 bucket policies, KMS key policies, Secrets Manager resource policies,
 * role trust policies) and how they combine with a role's identity policies under AWS's same-account
 * and cross-account rules. Decisions go through {@link io.periscope.aws.iam.PolicyEngine}.
 */
package io.periscope.aws.iam.resource;
