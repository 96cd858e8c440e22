/**
 * The development OIDC identity provider: mock-oauth2-server on loopback with an interactive
 * login page where a person types a user name and ticks groups, so every authorization tier can
 * be tried without a real IdP.
 *
 * <p>Owns: the login page and the claims it produces ({@code sub}, {@code email}, {@code groups}).
 *
 * <p>Does not own: any checking of who the person is. Anyone at the keyboard can be anyone; that
 * is why it binds to loopback only and exists only in this module.
 */
package io.periscope.demo.idp;
