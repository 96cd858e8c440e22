/**
 * The demo fleet: the fake AWS account and three demo clusters, each reached through the
 * product's own connector for its backend (eks, kubeconfig, agent), with the real periscope-agent
 * in-process for the private one.
 *
 * <p>Owns: which clusters the fleet has, their cluster entries, the connectors and AWS clients it
 * hands the server, and starting and stopping the agent.
 *
 * <p>Does not own: what a cluster contains ({@code demo.cluster}), the AWS account
 * ({@code demo.aws}), or anything the server does with them.
 */
package io.periscope.demo.fleet;
