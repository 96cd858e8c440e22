package io.periscope.agent;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every setting periscope-agent reads, each as a flag {@code --x-y} and an environment variable
 * {@code PERISCOPE_AGENT_X_Y}. The one list: the command line is checked against it, unknown
 * {@code PERISCOPE_AGENT_*} variables are refused by it, and the Helm chart's test renders the
 * Deployment and checks its environment against it.
 */
public enum AgentSetting {
  SERVER(Need.REQUIRED),
  CA_BUNDLE(Need.REQUIRED),
  STATE_SECRET(Need.ONE_STATE),
  STATE_DIR(Need.ONE_STATE),
  NAMESPACE(Need.OPTIONAL),
  TOKEN(Need.UNTIL_REGISTERED),
  CLUSTER(Need.OPTIONAL),
  HEALTH_PORT(Need.OPTIONAL),
  APISERVER(Need.OPTIONAL),
  TOKEN_FILE(Need.OPTIONAL),
  APISERVER_CA(Need.OPTIONAL),
  MAX_CONCURRENT(Need.OPTIONAL),
  RESOLVE_INTERVAL_SECONDS(Need.OPTIONAL);

  /** Prefix of every agent environment variable; any other variable with it is a typo and refused. */
  public static final String ENV_PREFIX = "PERISCOPE_AGENT_";

  /** Whether a start needs the setting. */
  public enum Need {
    /** Always. */
    REQUIRED,
    /** Exactly one of the settings with this need: where the key and certificate live. */
    ONE_STATE,
    /** Until the state holds a certificate (the registration token). */
    UNTIL_REGISTERED,
    /** Has a default or is not needed. */
    OPTIONAL
  }

  private final Need need;

  AgentSetting(Need need) {
    this.need = need;
  }

  public Need need() {
    return need;
  }

  public String env() {
    return ENV_PREFIX + name();
  }

  public String flag() {
    return "--" + name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** {@code PERISCOPE_AGENT_X (--x)}, as error messages name a setting. */
  public String label() {
    return env() + " (" + flag() + ")";
  }

  public static List<AgentSetting> withNeed(Need need) {
    return Arrays.stream(values()).filter(s -> s.need == need).toList();
  }

  public static Optional<AgentSetting> byFlag(String flag) {
    return Arrays.stream(values()).filter(s -> s.flag().equals(flag)).findFirst();
  }

  public static Optional<AgentSetting> byEnv(String name) {
    return Arrays.stream(values()).filter(s -> s.env().equals(name)).findFirst();
  }
}
