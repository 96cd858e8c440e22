/**
 * Who may run an agent for which cluster.
 *
 * <p>Owns: single-use registration tokens (256-bit random, stored as SHA-256 only, 15-minute
 * default lifetime), redeeming a token with a CSR, admitting a client certificate to the tunnel,
 * deregistration and serial revocation. The store is an interface; the in-memory store is the only
 * one so far and loses revocations on restart.
 *
 * <p>Does not own: signing ({@code agent.ca}), the wire ({@code agent.tunnel}), the admin HTTP
 * route ({@code agent.http}).
 */
package io.periscope.agent.registration;
