/** HTTP edge of the workload AWS identity chain. */
package io.periscope.aws.identity.http;
