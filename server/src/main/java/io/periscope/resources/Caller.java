package io.periscope.resources;

import io.periscope.authz.Principal;

/** The person acting and the request id their audit rows carry. */
public record Caller(Principal principal, String requestId) {}
