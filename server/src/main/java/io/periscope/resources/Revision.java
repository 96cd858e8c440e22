package io.periscope.resources;

import java.util.List;

/**
 * One revision of a workload, as {@code kubectl rollout history} lists it: a Deployment's
 * ReplicaSet, or a StatefulSet's or DaemonSet's ControllerRevision ({@code name}). {@code replicas}
 * and {@code readyReplicas} are a ReplicaSet's (null for a ControllerRevision, which runs no pods
 * itself); {@code current} is the revision whose pod template the workload has now.
 */
public record Revision(long revision, String name, List<String> images, String changeCause, String created, Integer replicas,
                       Integer readyReplicas, boolean current) {}
