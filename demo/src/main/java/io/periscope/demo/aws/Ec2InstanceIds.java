package io.periscope.demo.aws;

/** The demo's EC2 instance ids: one per node name, in AWS's 17-hex-digit form, so nodes and Inspector agree. */
public final class Ec2InstanceIds {
  private Ec2InstanceIds() {}

  public static String of(String nodeName) {
    return "i-0" + String.format("%016x", (long) nodeName.hashCode() & 0xffffffffL);
  }
}
