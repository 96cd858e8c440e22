/**
 * AssumeRole chains: from a workload's role, the roles it may become through {@code sts:AssumeRole}
 * (its identity policies allow it AND the target's trust policy admits it), hop by hop to a bound
 * depth, with the sensitive catalog applied at every role reached.
 */
package io.periscope.aws.iam.chains;
