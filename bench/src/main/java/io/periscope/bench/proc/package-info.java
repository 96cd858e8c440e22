/**
 * Bench peers in JVMs of their own: the mock apiserver ({@code ApiserverPeer}) and a Periscope
 * server ({@code ServerPeer}), driven by {@code ChildJvm} over a line protocol on stdin/stdout
 * that also reads the peer's own memory and allocation ({@code PeerCommands}).
 *
 * <p>Owns: starting, commanding and stopping the peers. Does not own: what is measured (the
 * benchmarks in {@code io.periscope.bench}) or the server itself (the server's test kit).
 */
package io.periscope.bench.proc;
