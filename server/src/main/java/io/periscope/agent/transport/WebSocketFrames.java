package io.periscope.agent.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * RFC 6455 framing for the client end of a WebSocket whose bytes travel through the tunnel (the
 * apiserver is the server end). Reads what the apiserver sends, strictly: no extension was
 * negotiated, so reserved bits are an error; server frames are never masked; control frames are
 * short and whole. Writes client frames, always masked with a fresh key (§5.3).
 */
final class WebSocketFrames {
  static final int CONTINUATION = 0x0;
  static final int TEXT = 0x1;
  static final int BINARY = 0x2;
  static final int CLOSE = 0x8;
  static final int PING = 0x9;
  static final int PONG = 0xA;

  /** Close codes (§7.4.1) this end sends. */
  static final int NORMAL = 1000;
  static final int PROTOCOL_ERROR = 1002;
  static final int NO_STATUS = 1005;
  static final int INVALID_DATA = 1007;
  static final int TOO_BIG = 1009;

  private static final int MAX_CONTROL_PAYLOAD = 125;
  private static final SecureRandom MASKS = new SecureRandom();

  private WebSocketFrames() {}

  /** One frame as read: {@code fin} ends a message; payload already unmasked (server frames carry no mask). */
  record Frame(boolean fin, int opcode, byte[] payload) {
    boolean control() {
      return (opcode & 0x8) != 0;
    }
  }

  /** The peer broke the protocol; the connection ends with {@code closeCode}. */
  static final class Violation extends IOException {
    private final int closeCode;

    Violation(int closeCode, String message) {
      super(message);
      this.closeCode = closeCode;
    }

    int closeCode() {
      return closeCode;
    }
  }

  /** A received close frame's status and reason; {@link #NO_STATUS} when it carried none. */
  record Close(int code, String reason) {}

  /**
   * Reads the next frame.
   *
   * @param maxPayload the largest payload accepted, so a peer cannot make this end allocate at will
   * @return null at the end of the stream between two frames
   * @throws Violation for a frame this end must refuse
   * @throws EOFException when the stream ends inside a frame
   */
  static Frame read(InputStream in, int maxPayload) throws IOException {
    int b0 = in.read();
    if (b0 < 0) {
      return null;
    }
    int b1 = readByte(in);
    if ((b0 & 0x70) != 0) {
      throw new Violation(PROTOCOL_ERROR, "reserved bits set, but no extension was negotiated");
    }
    int opcode = b0 & 0x0f;
    if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING && opcode != PONG) {
      throw new Violation(PROTOCOL_ERROR, "unknown opcode " + opcode);
    }
    if ((b1 & 0x80) != 0) {
      throw new Violation(PROTOCOL_ERROR, "the server masked a frame");
    }
    boolean fin = (b0 & 0x80) != 0;
    long length = b1 & 0x7f;
    if (length == 126) {
      length = (readByte(in) << 8) | readByte(in);
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; i++) {
        length = (length << 8) | readByte(in);
      }
      if (length < 0) {
        throw new Violation(PROTOCOL_ERROR, "payload length with the most significant bit set");
      }
    }
    if ((opcode & 0x8) != 0 && (!fin || length > MAX_CONTROL_PAYLOAD)) {
      throw new Violation(PROTOCOL_ERROR, "a control frame must be whole and at most 125 bytes");
    }
    if (length > maxPayload) {
      throw new Violation(TOO_BIG, "a frame of " + length + " bytes exceeds the limit of " + maxPayload);
    }
    byte[] payload = in.readNBytes((int) length);
    if (payload.length < length) {
      throw new EOFException("the stream ended inside a frame");
    }
    return new Frame(fin, opcode, payload);
  }

  private static int readByte(InputStream in) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new EOFException("the stream ended inside a frame header");
    }
    return b;
  }

  /** The status and reason of a received close frame. */
  static Close close(byte[] payload) throws Violation {
    if (payload.length == 0) {
      return new Close(NO_STATUS, "");
    }
    if (payload.length == 1) {
      throw new Violation(PROTOCOL_ERROR, "a close frame with a one-byte payload");
    }
    int code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    return new Close(code, utf8(ByteBuffer.wrap(payload, 2, payload.length - 2)));
  }

  /** Strict UTF-8 (§8.1): a text message or close reason that is not valid UTF-8 ends the connection. */
  static String utf8(ByteBuffer bytes) throws Violation {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
    } catch (CharacterCodingException e) {
      throw new Violation(INVALID_DATA, "text that is not valid UTF-8");
    }
  }

  /** A whole client frame (FIN set) carrying {@code payload}, masked. */
  static byte[] encode(int opcode, ByteBuffer payload) {
    int length = payload.remaining();
    int header = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
    byte[] frame = new byte[header + 4 + length];
    frame[0] = (byte) (0x80 | opcode);
    if (length < 126) {
      frame[1] = (byte) (0x80 | length);
    } else if (length <= 0xffff) {
      frame[1] = (byte) (0x80 | 126);
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = (byte) (0x80 | 127);
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
      }
    }
    byte[] mask = new byte[4];
    MASKS.nextBytes(mask);
    System.arraycopy(mask, 0, frame, header, 4);
    int at = header + 4;
    for (int i = 0; i < length; i++) {
      frame[at + i] = (byte) (payload.get(payload.position() + i) ^ mask[i & 3]);
    }
    return frame;
  }

  /** A close frame's payload: the code, then the reason cut to fit a control frame. */
  static ByteBuffer closePayload(int code, String reason) {
    byte[] text = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
    int keep = Math.min(text.length, MAX_CONTROL_PAYLOAD - 2);
    // Never cut inside a multi-byte character: back up to the start of one.
    while (keep > 0 && keep < text.length && (text[keep] & 0xc0) == 0x80) {
      keep--;
    }
    ByteBuffer b = ByteBuffer.allocate(2 + keep);
    b.put((byte) (code >>> 8)).put((byte) code).put(text, 0, keep);
    return b.flip();
  }
}
