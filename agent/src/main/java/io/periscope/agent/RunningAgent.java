package io.periscope.agent;

import io.periscope.agent.link.Agent;
import io.periscope.agent.link.AgentSettings;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A started agent process: the health endpoints first (so the kubelet sees a live process while
 * it registers), then the agent. {@link #close()} stops both.
 */
public final class RunningAgent implements AutoCloseable {
  private final HealthServer health;
  private final Agent agent;
  private final AtomicBoolean closed = new AtomicBoolean();

  private RunningAgent(HealthServer health, Agent agent) {
    this.health = health;
    this.agent = agent;
  }

  /**
   * Starts the health endpoints and the agent.
   *
   * @throws RuntimeException with a message for the operator when either cannot start (nothing is left running)
   */
  public static RunningAgent start(AgentMain.Launch launch) {
    AgentSettings settings = launch.settings();
    if (!Files.isReadable(settings.caBundle())) {
      throw new IllegalArgumentException(AgentSetting.CA_BUNDLE.label() + ": cannot read " + settings.caBundle());
    }
    AtomicReference<Agent> started = new AtomicReference<>();
    HealthServer health = HealthServer.start(launch.healthPort(), () -> readiness(started.get(), settings));
    try {
      Agent agent = Agent.start(settings);
      started.set(agent);
      return new RunningAgent(health, agent);
    } catch (RuntimeException e) {
      health.close();
      throw e;
    }
  }

  private static HealthServer.Readiness readiness(Agent agent, AgentSettings settings) {
    if (agent == null) {
      return HealthServer.Readiness.STARTING;
    }
    var tunnels = agent.tunnels();
    long up = tunnels.stream().filter(Agent.TunnelState::connected).count();
    if (up > 0) {
      return new HealthServer.Readiness(true, up + " of " + tunnels.size() + " tunnels up", tunnels);
    }
    String why = agent.lastError();
    return new HealthServer.Readiness(false, why.isBlank() ? "connecting to " + settings.server() : why, tunnels);
  }

  public Agent agent() {
    return agent;
  }

  public int healthPort() {
    return health.port();
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    agent.close();
    health.close();
  }
}
