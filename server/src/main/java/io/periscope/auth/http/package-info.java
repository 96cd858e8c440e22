/**
 * Auth routes (login, callback, logout, whoami) and the session filter with CSRF checks.
 */
package io.periscope.auth.http;
