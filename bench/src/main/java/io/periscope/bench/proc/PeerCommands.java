package io.periscope.bench.proc;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * The peer side of {@link ChildJvm}'s line protocol. Built-in commands measure this JVM only:
 * {@code heap} (heap used after full GCs, direct and mapped buffer memory, live threads),
 * {@code jit} (the JIT's total compile time, ms), {@code cpu} (the JVM's CPU time, all threads, in
 * nanoseconds, and its user/kernel split in clock ticks) and {@code alloc} (bytes allocated on the
 * heap by all threads since start, virtual threads included through their carriers).
 */
final class PeerCommands {
  static final String ANSWER = "ANSWER ";

  private PeerCommands() {}

  static void serve(String readyLine, Function<String, String> extra) throws Exception {
    System.out.println("READY " + readyLine);
    System.out.flush();
    var stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = stdin.readLine()) != null) {
      String answer = switch (line.trim()) {
        case "heap" -> heap();
        case "alloc" -> "bytes=" + ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
        case "jit" -> "millis=" + ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        case "cpu" -> "nanos=" + ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()
            + " " + kernelTicks();
        default -> line.startsWith("histogram ") ? histogram(line.substring(10).trim()) : extra.apply(line.trim());
      };
      System.out.println(ANSWER + answer);
      System.out.flush();
    }
  }

  /** Writes a class histogram of live objects to {@code file} (for finding what a stream keeps). */
  static String histogram(String file) {
    try {
      var server = ManagementFactory.getPlatformMBeanServer();
      Object text = server.invoke(new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
          new Object[] {new String[0]}, new String[] {String[].class.getName()});
      java.nio.file.Files.writeString(java.nio.file.Path.of(file), text.toString());
      return "file=" + file;
    } catch (Exception e) {
      return "error=" + e.getClass().getSimpleName();
    }
  }

  static String heap() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    long direct = 0;
    for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      direct += pool.getMemoryUsed();
    }
    return "used=" + used + " direct=" + direct + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount();
  }

  /** User and system CPU of this process in clock ticks (10 ms), from /proc/self/stat: how much is the kernel's. */
  private static String kernelTicks() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return "userTicks=" + f[11] + " systemTicks=" + f[12];
    } catch (java.io.IOException | RuntimeException e) {
      return "userTicks=-1 systemTicks=-1";
    }
  }
}
