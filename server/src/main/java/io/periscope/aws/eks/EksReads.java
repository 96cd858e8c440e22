package io.periscope.aws.eks;

import io.periscope.audit.AuditEvent;
import io.periscope.audit.AuditTrail;
import io.periscope.audit.Verb;
import io.periscope.authz.Principal;
import java.util.Map;

/** The audit row of an EKS read made for a person: {@code aws_eks_read} with {@code extra.op} naming the read. */
public final class EksReads {
  private EksReads() {}

  /** @param resource {@code eks-addons} or {@code eks-cluster}; {@code name} the add-on or the EKS cluster */
  public static AuditTrail.Action action(Principal who, String requestId, EksTarget target, String resource, String name, String op) {
    return new AuditTrail.Action(AuditTrail.actor(who), requestId, Verb.AWS_EKS_READ,
        new AuditEvent.Target(target.cluster(), "", resource, name), Map.of("op", op, "eksCluster", target.eksName()));
  }
}
