package io.periscope.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AtRestEncryptionTest {
  private static final byte[] SECRET = "-----BEGIN PRIVATE KEY----- not really".getBytes(StandardCharsets.UTF_8);
  private static final byte[] ROW = "row-1".getBytes(StandardCharsets.UTF_8);

  static EncryptionKey newKey(String source) {
    byte[] raw = new byte[32];
    new SecureRandom().nextBytes(raw);
    return EncryptionKey.parse(Base64.getEncoder().encodeToString(raw), source);
  }

  @Test
  void sealedTextNamesItsKeyHidesThePlaintextAndOpensAgain() {
    EncryptionKey key = newKey("test");
    var aead = new AtRestEncryption(key, List.of());

    String sealed = aead.seal(SECRET, ROW);

    assertThat(sealed).startsWith("v1:" + key.id() + ":");
    assertThat(new String(Base64.getDecoder().decode(sealed.split(":")[2]), StandardCharsets.ISO_8859_1)).doesNotContain("PRIVATE KEY");
    assertThat(aead.seal(SECRET, ROW)).as("a fresh nonce every time").isNotEqualTo(sealed);
    AtRestEncryption.Opened opened = aead.open("the secret", sealed, ROW);
    assertThat(opened.plaintext()).isEqualTo(SECRET);
    assertThat(opened.underPreviousKey()).isFalse();
  }

  @Test
  void anotherKeyIsAWrongKeyErrorNamingBothKeyIdsButNoKey() {
    EncryptionKey right = newKey("test");
    EncryptionKey wrong = newKey("agent.ca.keyFile");
    String sealed = new AtRestEncryption(right, List.of()).seal(SECRET, ROW);

    assertThatThrownBy(() -> new AtRestEncryption(wrong, List.of()).open("the secret", sealed, ROW))
        .isInstanceOfSatisfying(AtRestEncryption.WrongKeyException.class, e -> {
          assertThat(e.configured()).isEqualTo(wrong);
          assertThat(e.getMessage()).contains("the secret", right.id(), wrong.id(), "agent.ca.keyFile");
        });
  }

  @Test
  void aPreviousKeyStillOpensAndSaysSo() {
    EncryptionKey old = newKey("old");
    EncryptionKey current = newKey("new");
    String sealed = new AtRestEncryption(old, List.of()).seal(SECRET, ROW);

    AtRestEncryption.Opened opened = new AtRestEncryption(current, List.of(old)).open("the secret", sealed, ROW);

    assertThat(opened.plaintext()).isEqualTo(SECRET);
    assertThat(opened.underPreviousKey()).isTrue();
  }

  @Test
  void anAlteredValueOrAnotherRowsContextDoesNotOpen() {
    var aead = new AtRestEncryption(newKey("test"), List.of());
    String sealed = aead.seal(SECRET, ROW);
    byte[] body = Base64.getDecoder().decode(sealed.split(":")[2]);
    body[body.length - 1] ^= 1;
    String altered = sealed.substring(0, sealed.lastIndexOf(':') + 1) + Base64.getEncoder().encodeToString(body);

    assertThatThrownBy(() -> aead.open("the secret", altered, ROW)).isInstanceOf(StorageException.class)
        .isNotInstanceOf(AtRestEncryption.WrongKeyException.class).hasMessageContaining("authentication failed");
    assertThatThrownBy(() -> aead.open("the secret", sealed, "row-2".getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining("authentication failed");
    assertThatThrownBy(() -> aead.open("the secret", "plain text", ROW)).hasMessageContaining("not in the v1 format");
  }

  @Test
  void keysAreExactly256BitsAndNeverPrinted() {
    String text = Base64.getEncoder().encodeToString(new byte[32]);
    EncryptionKey key = EncryptionKey.parse(text, "env X");

    assertThat(key.toString()).contains(key.id(), "env X").doesNotContain(text);
    assertThat(key).isEqualTo(EncryptionKey.parse(" " + text.substring(0, 20) + "\n" + text.substring(20) + "\n", "env X"));
    assertThatThrownBy(() -> EncryptionKey.parse(Base64.getEncoder().encodeToString(new byte[16]), "x"))
        .hasMessageContaining("decodes to 16 bytes");
    assertThatThrownBy(() -> EncryptionKey.parse("correct horse battery staple!", "x"))
        .hasMessageContaining("not base64").hasMessageNotContaining("horse");
  }
}
