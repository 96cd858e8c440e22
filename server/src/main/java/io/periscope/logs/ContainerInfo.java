package io.periscope.logs;

import java.time.Instant;

/**
 * One container of a pod for the log/exec picker.
 *
 * @param kind {@code container}, {@code init} or {@code ephemeral}
 * @param state {@code running}, {@code waiting}, {@code terminated} or {@code unknown} (no status yet)
 * @param reason the waiting/terminated reason (e.g. {@code CrashLoopBackOff}, {@code Completed}), or null
 * @param hasPreviousLogs a previous instance exists whose log {@code previous=true} can show
 */
public record ContainerInfo(
    String name, String kind, String image, String state, String reason, boolean ready, int restartCount,
    Instant startedAt, boolean hasPreviousLogs) {}
