/**
 * The demo's fake AWS account, in-process: IAM, STS and EKS served over the real wire protocols
 * (SigV4-signed query/XML and REST-JSON) from plain data ({@code account.yaml}), so the server's own
 * AWS SDK clients reach it through {@code io.periscope.aws.AwsClients}' endpoint overrides and the
 * product needs no demo branch.
 *
 * <p>Owns: the account's data model and file, the signature and permission checks, the wire shapes.
 *
 * <p>Does not own: anything the product decides from these answers (identity chains, policy
 * evaluation, the EKS token): that is the server's code, exercised as it is in production.
 */
package io.periscope.demo.aws;
