package io.periscope.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code periscope-agent}. The outbound tunnel is not built yet (issue #9); until
 * then the command says so and exits non-zero rather than pretending to connect.
 */
@Command(name = "periscope-agent", mixinStandardHelpOptions = true, version = "periscope-agent 0.1.0",
    description = "Runs inside a private cluster and dials out to the Periscope server (tunnel not available in this version).")
public final class AgentMain implements Callable<Integer> {
  public static void main(String[] args) {
    System.exit(new CommandLine(new AgentMain()).execute(args));
  }

  @Override
  public Integer call() {
    System.err.println("periscope-agent: the agent tunnel is not available in this version; use the eks, kubeconfig or in-cluster backend");
    return 3;
  }
}
