/** HTTP edge of attack paths. */
package io.periscope.attackpaths.http;
