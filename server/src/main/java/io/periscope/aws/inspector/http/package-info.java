/** HTTP routes of the Inspector chips and Security tab. */
package io.periscope.aws.inspector.http;
