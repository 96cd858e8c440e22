/** HTTP for {@link io.periscope.rbac}: the who-can question as a GET. Protocol in docs/api.md ("Who can"). */
package io.periscope.rbac.http;
