package io.periscope.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** RFC 6455 framing of the tunnel's WebSocket client, byte by byte. */
class WebSocketFramesTest {

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 125, 126, 65_535, 65_536, 200_000})
  void aClientFrameIsFinalMaskedAndCarriesItsLengthInTheShortestForm(int length) {
    byte[] payload = new byte[length];
    Arrays.fill(payload, (byte) 'x');

    byte[] frame = WebSocketFrames.encode(WebSocketFrames.BINARY, ByteBuffer.wrap(payload));

    assertThat(frame[0] & 0xff).isEqualTo(0x80 | WebSocketFrames.BINARY);
    assertThat(frame[1] & 0x80).as("mask bit").isEqualTo(0x80);
    int header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
    int lengthCode = frame[1] & 0x7f;
    long carried = lengthCode < 126 ? lengthCode : lengthCode == 126 ? ((frame[2] & 0xff) << 8) | (frame[3] & 0xff)
        : ByteBuffer.wrap(frame, 2, 8).getLong();
    assertThat(carried).isEqualTo(length);
    assertThat(lengthCode).isEqualTo(length < 126 ? length : length <= 0xffff ? 126 : 127);
    byte[] mask = Arrays.copyOfRange(frame, header, header + 4);
    byte[] unmasked = new byte[length];
    for (int i = 0; i < length; i++) {
      unmasked[i] = (byte) (frame[header + 4 + i] ^ mask[i & 3]);
    }
    assertThat(unmasked).isEqualTo(payload);
    assertThat(frame).hasSize(header + 4 + length);
  }

  @Test
  void eachFrameGetsAFreshMask() {
    byte[] a = WebSocketFrames.encode(WebSocketFrames.TEXT, ByteBuffer.wrap(new byte[8]));
    byte[] b = WebSocketFrames.encode(WebSocketFrames.TEXT, ByteBuffer.wrap(new byte[8]));

    // The same zero payload masked twice: equal only if the masks were (a 1 in 2^32 chance).
    assertThat(Arrays.copyOfRange(a, 2, 6)).isNotEqualTo(Arrays.copyOfRange(b, 2, 6));
  }

  @Test
  void readsFramesOfEachLengthFormAndFragments() throws Exception {
    var wire = new ByteArrayOutputStream();
    wire.writeBytes(new byte[] {0x01, 3, 'h', 'e', 'l'});               // TEXT, not final
    wire.writeBytes(new byte[] {(byte) 0x80, 2, 'l', 'o'});             // CONTINUATION, final
    byte[] big = new byte[70_000];
    wire.writeBytes(new byte[] {(byte) 0x82, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70}); // BINARY, 64-bit length 70,000
    wire.writeBytes(big);
    wire.writeBytes(new byte[] {(byte) 0x89, 0});                        // PING, empty
    var in = new ByteArrayInputStream(wire.toByteArray());

    var first = WebSocketFrames.read(in, 1 << 20);
    var second = WebSocketFrames.read(in, 1 << 20);
    var third = WebSocketFrames.read(in, 1 << 20);
    var ping = WebSocketFrames.read(in, 1 << 20);

    assertThat(first.fin()).isFalse();
    assertThat(first.opcode()).isEqualTo(WebSocketFrames.TEXT);
    assertThat(new String(first.payload(), StandardCharsets.UTF_8) + new String(second.payload(), StandardCharsets.UTF_8)).isEqualTo("hello");
    assertThat(second.fin()).isTrue();
    assertThat(second.opcode()).isEqualTo(WebSocketFrames.CONTINUATION);
    assertThat(third.payload()).hasSize(70_000);
    assertThat(ping.control()).isTrue();
    assertThat(WebSocketFrames.read(in, 1 << 20)).as("clean end between frames").isNull();
  }

  @Test
  void refusesWhatAServerMustNotSend() {
    assertThat(violation(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h', 'i'})).as("masked").isEqualTo(1002);
    assertThat(violation(new byte[] {(byte) 0xC1, 0})).as("reserved bit").isEqualTo(1002);
    assertThat(violation(new byte[] {(byte) 0x83, 0})).as("unknown opcode").isEqualTo(1002);
    assertThat(violation(new byte[] {(byte) 0x09, 0})).as("fragmented ping").isEqualTo(1002);
    assertThat(violation(new byte[] {(byte) 0x89, 126, 0, 126})).as("control frame over 125 bytes").isEqualTo(1002);
    assertThat(violation(new byte[] {(byte) 0x82, 127, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0})).as("negative length").isEqualTo(1002);
    assertThat(violation(new byte[] {(byte) 0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0})).as("over the limit").isEqualTo(1009);
    assertThatThrownBy(() -> WebSocketFrames.read(new ByteArrayInputStream(new byte[] {(byte) 0x81, 5, 'a'}), 1 << 20))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void closeFramesCarryACodeAndAReasonCutToFitWithoutSplittingACharacter() throws Exception {
    ByteBuffer payload = WebSocketFrames.closePayload(4000, "é".repeat(100));

    assertThat(payload.remaining()).isLessThanOrEqualTo(125);
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    WebSocketFrames.Close close = WebSocketFrames.close(bytes);
    assertThat(close.code()).isEqualTo(4000);
    assertThat(close.reason()).isEqualTo("é".repeat(61));
    assertThat(WebSocketFrames.close(new byte[0]).code()).isEqualTo(WebSocketFrames.NO_STATUS);
    assertThatThrownBy(() -> WebSocketFrames.close(new byte[] {3})).isInstanceOf(WebSocketFrames.Violation.class);
  }

  @Test
  void textMustBeValidUtf8() {
    assertThatThrownBy(() -> WebSocketFrames.utf8(ByteBuffer.wrap(new byte[] {(byte) 0xc3, 0x28})))
        .isInstanceOfSatisfying(WebSocketFrames.Violation.class, v -> assertThat(v.closeCode()).isEqualTo(1007));
  }

  private static int violation(byte[] wire) {
    try {
      WebSocketFrames.read(new ByteArrayInputStream(wire), 1 << 20);
    } catch (WebSocketFrames.Violation v) {
      return v.closeCode();
    } catch (java.io.IOException e) {
      throw new AssertionError("expected a protocol violation, got " + e, e);
    }
    throw new AssertionError("accepted " + Arrays.toString(wire));
  }
}
