/**
 * HTTP surface of agent administration: minting registration tokens ({@link
 * io.periscope.agent.http.AgentTokenRoutes}). Not yet wired into {@code PeriscopeApp} (the app
 * builder has no agent registrations to hand it yet); deregistration and CA rotation have no
 * route yet.
 */
package io.periscope.agent.http;
