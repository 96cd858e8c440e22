/** HTTP edge of the AWS Access capability probe. */
package io.periscope.aws.capabilities.http;
