/**
 * TLS certificates kept in Secrets ({@code kubernetes.io/tls}): what a person needs to know before
 * one expires — subject, names, issuer, validity — read from {@code tls.crt} only; the private key is
 * never read into an answer.
 */
package io.periscope.tls;
