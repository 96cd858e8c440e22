/** HTTP edge of the Cluster Access page. */
package io.periscope.aws.access.http;
