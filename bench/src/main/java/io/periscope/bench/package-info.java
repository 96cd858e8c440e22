/**
 * Benchmarks: plain main classes that print figures measured in one run (never timed tests).
 *
 * <p>Owns: {@code ListBenchmark} (10,000-pod list through Periscope vs direct) and
 * {@code SseBenchmark} (concurrent SSE streams, change → event latency against a direct watch,
 * server memory per stream), both with the apiserver and the server in JVMs of their own
 * ({@code Peers}, {@code proc}); {@code TunnelListBench} (10,000-pod list through the agent tunnel vs direct).
 * Does not own: the server or its test kit, which it drives as a black box over HTTP.
 */
package io.periscope.bench;
