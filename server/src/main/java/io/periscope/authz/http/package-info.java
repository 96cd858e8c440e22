/** HTTP guards that apply the authorization mode to routes whose reads do not go through impersonation. */
package io.periscope.authz.http;
