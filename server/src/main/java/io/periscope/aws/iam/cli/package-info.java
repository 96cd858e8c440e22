/**
 * Operator commands for the IAM policy engine: {@code periscope iam evaluate}. Owns argument
 * parsing, output and exit codes; {@code Main} adds the command to the top-level command line.
 * Does not own the decision itself ({@code aws.iam.PolicyEngine}).
 */
package io.periscope.aws.iam.cli;
