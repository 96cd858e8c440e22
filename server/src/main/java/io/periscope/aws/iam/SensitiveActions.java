package io.periscope.aws.iam;

import java.util.List;

/**
 * The catalog of sensitive permissions a workload's role is checked against, grouped as the
 * original product groups them. Served as is at {@code GET /api/identity/sensitive-catalog} so
 * other tools index against the same metadata the console renders.
 */
public final class SensitiveActions {
  private SensitiveActions() {}

  public enum Category { PRIVILEGE_ESCALATION, DATA, CROSS_ACCOUNT, DESTRUCTIVE, CLUSTER_SELF_MODIFY, WILDCARD }

  /** One catalog entry; {@code action} {@code *} stands for "any action" (the wildcard chip). */
  public record Entry(String action, Category category, String why) {}

  public static final List<Entry> CATALOG = List.of(
      new Entry("iam:PassRole", Category.PRIVILEGE_ESCALATION, "hand any role to a service it launches"),
      new Entry("iam:AttachRolePolicy", Category.PRIVILEGE_ESCALATION, "attach AdministratorAccess to a role"),
      new Entry("iam:PutRolePolicy", Category.PRIVILEGE_ESCALATION, "write any inline policy on a role"),
      new Entry("iam:CreateAccessKey", Category.PRIVILEGE_ESCALATION, "mint long-lived keys for a user"),
      new Entry("iam:CreateRole", Category.PRIVILEGE_ESCALATION, "create a role with any trust and policies"),
      new Entry("iam:UpdateAssumeRolePolicy", Category.PRIVILEGE_ESCALATION, "let anyone assume a role"),
      new Entry("secretsmanager:GetSecretValue", Category.DATA, "read secrets"),
      new Entry("ssm:GetParameter", Category.DATA, "read (secure) parameters"),
      new Entry("kms:Decrypt", Category.DATA, "decrypt with KMS keys"),
      new Entry("kms:GenerateDataKey", Category.DATA, "make data keys to encrypt or decrypt with"),
      new Entry("sts:AssumeRole", Category.CROSS_ACCOUNT, "become other roles, other accounts included"),
      new Entry("s3:DeleteBucket", Category.DESTRUCTIVE, "delete buckets"),
      new Entry("s3:DeleteObject", Category.DESTRUCTIVE, "delete objects"),
      new Entry("ec2:TerminateInstances", Category.DESTRUCTIVE, "terminate instances"),
      new Entry("rds:DeleteDBInstance", Category.DESTRUCTIVE, "delete databases"),
      new Entry("eks:UpdateClusterConfig", Category.CLUSTER_SELF_MODIFY, "change the cluster's endpoint access and logging"),
      new Entry("eks:DeleteCluster", Category.CLUSTER_SELF_MODIFY, "delete the cluster it runs in"),
      new Entry("*", Category.WILDCARD, "an Allow on every action of a service, or of all services"));
}
