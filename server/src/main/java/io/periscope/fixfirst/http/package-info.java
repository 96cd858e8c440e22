/** The fix-first endpoint. */
package io.periscope.fixfirst.http;
