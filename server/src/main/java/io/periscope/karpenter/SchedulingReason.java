package io.periscope.karpenter;

/** Why Karpenter could not place a pod on a NodePool, as its {@code FailedScheduling} event says it. */
public enum SchedulingReason {
  /** The pod's node selectors / affinity (or a label nobody provides) rule the pool out. */
  INCOMPATIBLE_REQUIREMENTS,
  /** The pool's nodes carry a taint the pod does not tolerate. */
  TAINT_NOT_TOLERATED,
  /** The pool's limits leave no room for any instance type it could launch. */
  LIMITS_REACHED,
  /** No instance type the pool allows has the resources (or offering) the pod needs. */
  NO_INSTANCE_TYPE,
  /** Anything else Karpenter said (host ports, minValues, topology, volumes...), kept verbatim. */
  OTHER
}
