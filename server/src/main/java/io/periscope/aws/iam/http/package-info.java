/** HTTP edge of AWS Access: a workload's sensitive permissions and the catalog. */
package io.periscope.aws.iam.http;
