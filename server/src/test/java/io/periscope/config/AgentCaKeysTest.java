package io.periscope.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code agent.ca.*}: the CA's store and its encryption key, which comes from a file or a named environment variable. */
class AgentCaKeysTest {
  static final String KEY = Base64.getEncoder().encodeToString(bytes(1));
  static final String OLD_KEY = Base64.getEncoder().encodeToString(bytes(2));
  private static final Map<String, String> TUNNEL = Map.of("auth.oidc.issuer", "https://idp.example.com", "auth.oidc.clientId", "periscope",
      "agent.tunnel.enabled", "true", "server.publicUrl", "https://periscope.example.com");

  @TempDir
  Path dir;

  private static byte[] bytes(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  private static PeriscopeConfig.Ca load(Map<String, String> env, Map<String, String> overrides) {
    var all = new HashMap<>(TUNNEL);
    all.putAll(overrides);
    return ConfigLoader.load(Optional.empty(), env, all).agent().ca();
  }

  @Test
  void theKeyComesFromAFileAndTheDatabaseIsTheDefaultStore() throws Exception {
    Path file = Files.writeString(dir.resolve("key"), KEY + "\n");

    PeriscopeConfig.Ca ca = load(Map.of(), Map.of("agent.ca.keyFile", file.toString()));

    assertThat(ca.store()).isEqualTo(PeriscopeConfig.Ca.Store.DATABASE);
    assertThat(ca.key()).get().satisfies(k -> {
      assertThat(k.source()).isEqualTo("agent.ca.keyFile");
      assertThat(k.id()).matches("[0-9a-f]{16}");
      assertThat(k.toString()).doesNotContain(KEY);
    });
    assertThat(ca.previousKeys()).isEmpty();
  }

  @Test
  void orFromTheEnvironmentVariableTheConfigNames() {
    PeriscopeConfig.Ca ca = load(Map.of("CA_KEY", KEY, "OLD_CA_KEY", OLD_KEY, "PERISCOPE_AGENT_CA_KEY_ENV", "CA_KEY"),
        Map.of("agent.ca.previousKeyEnv", "OLD_CA_KEY"));

    assertThat(ca.key()).get().extracting(k -> k.source()).isEqualTo("agent.ca.keyEnv (CA_KEY)");
    assertThat(ca.previousKeys()).singleElement().satisfies(k -> assertThat(k.id()).isNotEqualTo(ca.key().orElseThrow().id()));
  }

  @Test
  void theDirectoryStoreNeedsNoKeyAndAnIdleTunnelNeedsNone() {
    assertThat(load(Map.of(), Map.of("agent.ca.store", "directory")).key()).isEmpty();
    assertThat(load(Map.of(), Map.of("agent.tunnel.enabled", "false")).store()).isEqualTo(PeriscopeConfig.Ca.Store.DATABASE);
  }

  static List<Arguments> badKeys() {
    return List.of(
        Arguments.of(Map.of(), Map.of(), "agent.ca.keyFile", "required with agent.tunnel.enabled"),
        Arguments.of(Map.of(), Map.of("agent.ca.store", "vault"), "agent.ca.store", "expected database or directory"),
        Arguments.of(Map.of(), Map.of("agent.ca.keyFile", "/nonexistent/key"), "agent.ca.keyFile", "cannot read /nonexistent/key"),
        Arguments.of(Map.of("K", KEY), Map.of("agent.ca.keyFile", "/x", "agent.ca.keyEnv", "K"), "agent.ca.keyFile", "not both"),
        Arguments.of(Map.of(), Map.of("agent.ca.keyEnv", "UNSET_VAR"), "agent.ca.keyEnv", "UNSET_VAR, which is not set"),
        Arguments.of(Map.of(), Map.of("agent.ca.keyEnv", "not a name"), "agent.ca.keyEnv", "expected the name of an environment variable"),
        Arguments.of(Map.of("K", "c2hvcnQ="), Map.of("agent.ca.keyEnv", "K"), "agent.ca.keyEnv", "decodes to 5 bytes; expected a 256-bit"),
        Arguments.of(Map.of("K", "s3cr3t-p@ssw0rd!"), Map.of("agent.ca.keyEnv", "K"), "agent.ca.keyEnv", "is not base64 text"),
        Arguments.of(Map.of("K", KEY), Map.of("agent.ca.store", "directory", "agent.ca.keyEnv", "K"), "agent.ca.keyEnv",
            "only used with agent.ca.store: database"),
        Arguments.of(Map.of("K", KEY), Map.of("agent.ca.previousKeyEnv", "K"), "agent.ca.previousKeyEnv", "needs the new key too"),
        Arguments.of(Map.of("K", KEY, "K2", KEY), Map.of("agent.ca.keyEnv", "K", "agent.ca.previousKeyEnv", "K2"), "agent.ca.previousKeyEnv",
            "is the same key as the current one"));
  }

  @ParameterizedTest(name = "{2}: {3}")
  @MethodSource("badKeys")
  void badKeySettingsFailNamingTheKeyAndNeverQuoteTheSecret(Map<String, String> env, Map<String, String> overrides, String key, String reason) {
    assertThatThrownBy(() -> load(env, overrides)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.key()).isEqualTo(key);
      assertThat(e.getMessage()).startsWith(key + ": ").contains(reason);
      env.values().forEach(secret -> assertThat(e.getMessage()).doesNotContain(secret));
    });
  }

  /** The key itself pasted where its variable's name goes (an easy slip): refused without quoting it back. */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"agent.ca.keyEnv", "agent.ca.previousKeyEnv", "storage.keyEnv"})
  void aKeyPastedInPlaceOfTheVariableNameIsNotQuoted(String setting) {
    var overrides = new HashMap<>(Map.of(setting, OLD_KEY));
    if (!setting.equals("agent.ca.keyEnv")) {
      overrides.put("agent.ca.keyEnv", "K");
    }
    assertThatThrownBy(() -> load(Map.of("K", KEY), overrides)).isInstanceOfSatisfying(ConfigException.class, e -> {
      assertThat(e.key()).isEqualTo(setting);
      assertThat(e.getMessage()).contains("expected the name of an environment variable").doesNotContain(OLD_KEY)
          .doesNotContain(OLD_KEY.substring(0, 8));
    });
  }
}
