package io.periscope.exec;

/** The browser side of a shell, as the exec bridge sees it. Implementations must tolerate calls from any thread. */
public interface Terminal {
  /** Terminal output (stdout, and stderr which a TTY merges into it). */
  void output(byte[] data);

  /** The shell ended: exit code (or -1 when unknown) and a human-readable reason. */
  void exited(int code, String reason);

  /** The shell could not start or broke: a stable code and a message safe to show. */
  void failed(ExecFailure failure);
}
