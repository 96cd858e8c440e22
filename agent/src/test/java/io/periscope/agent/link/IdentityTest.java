package io.periscope.agent.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentityTest {
  @TempDir Path dir;

  @Test
  void knowsTheTokenThatBoughtItAcrossARenewalAndARestart() throws Exception {
    Identity registered = Identity.registered(Registrar.newKeyPair().getPrivate(), "chain", "tok-1");
    Identity renewed = registered.renewed(Registrar.newKeyPair().getPrivate(), "chain-2");

    assertThat(renewed.registeredWith("tok-1")).isTrue();
    assertThat(renewed.registeredWith("tok-2")).isFalse();
    assertThat(renewed.toString()).doesNotContain(renewed.tokenSha256()).doesNotContain("tok-1");

    StateDir state = new StateDir(dir);
    state.save(renewed);
    assertThat(Files.readString(dir.resolve(StateDir.TOKEN_SHA256))).doesNotContain("tok-1");
    assertThat(state.load()).hasValueSatisfying(loaded -> assertThat(loaded.registeredWith("tok-1")).isTrue());
  }

  @Test
  void stateFromBeforeTheDigestKnowsNoTokenAndSavingItDropsAStaleDigest() {
    StateDir state = new StateDir(dir);
    state.save(Identity.registered(Registrar.newKeyPair().getPrivate(), "chain", "tok-1"));

    state.save(new Identity("key", "chain-2"));

    assertThat(Files.exists(dir.resolve(StateDir.TOKEN_SHA256))).isFalse();
    assertThat(state.load()).hasValueSatisfying(loaded -> assertThat(loaded.registeredWith("tok-1")).isFalse());
    assertThat(new Identity("key", "chain").registeredWith("")).isFalse();
  }
}
