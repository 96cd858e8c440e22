/**
 * Limits on how often one client address may try something that costs the server work before
 * anyone is authenticated: {@link io.periscope.ratelimit.PerAddressLimit}.
 *
 * <p>Owns: counting attempts per address in a window on the injected clock, bounded in memory.
 * Does not own: what is limited, how a refusal is answered or logged (each caller decides: the
 * sign-in start answers 429, the tunnel's {@code Register} answers {@code RESOURCE_EXHAUSTED}).
 * Neutral: depends only on {@code cache}, so every feature may use it.
 */
package io.periscope.ratelimit;
