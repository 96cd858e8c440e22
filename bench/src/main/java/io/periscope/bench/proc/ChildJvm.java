package io.periscope.bench.proc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bench peer (mock apiserver or Periscope server) in its own JVM, so its CPU and heap are its own
 * and not charged to whatever is measured in another process. It speaks a line protocol on
 * stdin/stdout: it prints {@code READY k=v ...} once up, then answers each command line with one
 * {@code ANSWER k=v ...} line. Every other line on its stdout and stderr (its logs) goes to a file
 * under bench/target/bench-logs, read continuously so the peer never blocks on a full pipe.
 */
public final class ChildJvm implements AutoCloseable {
  private final Process process;
  private final java.util.concurrent.BlockingQueue<String> protocol = new java.util.concurrent.LinkedBlockingQueue<>();
  private final PrintWriter in;
  public final Map<String, String> ready;

  private ChildJvm(Process process, Path log) throws IOException {
    this.process = process;
    var out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    var logWriter = Files.newBufferedWriter(log, StandardCharsets.UTF_8);
    Thread.ofPlatform().daemon().name("peer-stdout").start(() -> {
      try (out; logWriter) {
        String line;
        while ((line = out.readLine()) != null) {
          if (line.startsWith("READY ") || line.startsWith(PeerCommands.ANSWER)) {
            protocol.add(line);
          } else {
            logWriter.write(line);
            logWriter.newLine();
          }
        }
      } catch (IOException ignored) {
        // the peer exited
      } finally {
        protocol.add(EXITED);
      }
    });
    this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.ready = awaitLine("READY");
  }

  /** Starts {@code mainClass} with this JVM's java binary and class path, plus {@code jvmArgs}. */
  public static ChildJvm start(String name, Class<?> mainClass, List<String> jvmArgs, List<String> args) throws IOException {
    return start(name, mainClass, System.getProperty("java.class.path"), jvmArgs, args);
  }

  /** Starts {@code mainClass} with this JVM's java binary on {@code classPath} (another build's, to compare two). */
  public static ChildJvm start(String name, Class<?> mainClass, String classPath, List<String> jvmArgs, List<String> args) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(mainClass.getName());
    cmd.addAll(args);
    Path logs = Path.of("bench/target/bench-logs");
    Files.createDirectories(logs);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    return new ChildJvm(p, logs.resolve(name + ".log"));
  }

  /** Sends one command and returns its answer's fields. */
  public synchronized Map<String, String> ask(String command) throws IOException {
    in.println(command);
    return awaitLine(PeerCommands.ANSWER);
  }

  public long askLong(String command, String field) throws IOException {
    return Long.parseLong(ask(command).get(field));
  }

  private static final String EXITED = "\u0000exited";

  private Map<String, String> awaitLine(String prefix) throws IOException {
    String line;
    try {
      while (!(line = protocol.take()).equals(EXITED)) {
        if (line.startsWith(prefix)) {
          return fields(line.substring(prefix.length()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    protocol.add(EXITED);
    throw new IOException("bench peer exited (code " + exitCode() + "); see bench/target/bench-logs");
  }

  private String exitCode() {
    try {
      return Integer.toString(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }

  static Map<String, String> fields(String line) {
    Map<String, String> f = new HashMap<>();
    for (String part : line.trim().split(" ")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        f.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return f;
  }

  @Override
  public void close() {
    in.close(); // EOF on stdin: the peer exits
    try {
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
  }
}
