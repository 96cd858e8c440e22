package io.periscope.demo.cluster;

import java.util.List;
import java.util.Map;

/**
 * What one demo cluster contains and how it presents itself: its version, nodes, namespaces,
 * applications (each with its ServiceAccount and what goes wrong with it) and the IRSA annotations
 * of its ServiceAccounts. The factories are the demo fleet's three clusters; {@link DemoSeed} writes
 * an estate into a mock apiserver.
 *
 * @param name the cluster's name in Periscope and its kubeconfig context
 * @param irsa IRSA role ARN by {@code namespace/serviceAccount}, for the {@code eks.amazonaws.com/role-arn} annotation
 * @param showcase whether the cluster also carries the console's showcase objects (ConfigMaps,
 *     Secrets, a Helm release, Jobs and CronJobs, cert-manager Certificates, Karpenter NodePools and NodeClaims):
 *     the production cluster does
 * @param helm the charts installed with Helm on the cluster (so the fleet-wide Helm table shows one chart
 *     at different versions on different clusters)
 * @param nodeAgents the DaemonSets every node runs (an EKS node's VPC CNI and kube-proxy)
 */
public record DemoEstate(String name, String kubernetesVersion, Platform platform, List<String> namespaces, List<Node> nodes,
    List<App> apps, Map<String, String> irsa, boolean showcase, List<HelmChart> helm, List<NodeAgent> nodeAgents) {

  /** The EC2 tags of the instances Karpenter launched for a showcase estate's NodeClaims, by instance id; none elsewhere. */
  public Map<String, Map<String, String>> karpenterInstanceTags() {
    return showcase ? KarpenterDemo.instanceTags(nodes) : Map.of();
  }

  public DemoEstate {
    namespaces = List.copyOf(namespaces);
    nodes = List.copyOf(nodes);
    apps = List.copyOf(apps);
    irsa = Map.copyOf(irsa);
    nodeAgents = List.copyOf(nodeAgents);
  }

  /**
   * A DaemonSet with one pod on every node, labelled {@code k8s-app: name} as EKS labels its own; {@code cpu} its request;
   * {@code init} the container that runs to completion before it and {@code sidecar} the one beside it, or null.
   */
  public record NodeAgent(String namespace, String name, String image, String cpu, Helper init, Helper sidecar) {
    public NodeAgent(String namespace, String name, String image, String cpu) {
      this(namespace, name, image, cpu, null, null);
    }
  }

  /** An init or sidecar container of a node agent's pods. */
  public record Helper(String name, String image) {}

  /** The two DaemonSets of every EKS node, at the versions of the cluster's add-ons; EKS's registry is per region. */
  private static List<NodeAgent> eksNodeAgents(String region, String cni, String kubeProxy) {
    String registry = "602401143452.dkr.ecr." + region + ".amazonaws.com/";
    // The VPC CNI's pods as EKS runs them: aws-vpc-cni-init first, then aws-node with the network policy agent beside it.
    return List.of(new NodeAgent("kube-system", "aws-node", registry + "amazon-k8s-cni:" + cni, "25m",
            new Helper("aws-vpc-cni-init", registry + "amazon-k8s-cni-init:" + cni),
            new Helper("aws-eks-nodeagent", registry + "amazon/aws-network-policy-agent:v1.1.6-eksbuild.1")),
        new NodeAgent("kube-system", "kube-proxy", registry + "eks/kube-proxy:" + kubeProxy, "100m"));
  }

  /** What the nodes run: versions as the kubelet reports them, and whether they are EC2 instances. */
  public record Platform(String kubeletVersion, String osImage, String containerRuntime, String instanceType, boolean ec2) {}

  /** A node; {@code ready} false is a node whose kubelet stopped posting status. */
  public record Node(String name, String ip, String zone, boolean ready) {}

  /** A chart installed with Helm (one deployed revision, stored as Helm's Secrets driver stores it). */
  public record HelmChart(String namespace, String release, String chart, String version, String appVersion, String description) {}

  /** One application: a Deployment whose last pod has {@code trouble}; {@code serviceAccount} null = the pod names none. */
  public record App(String namespace, String name, String image, int replicas, int port, Trouble trouble, String serviceAccount) {
    /** An app running as a ServiceAccount of its own name. */
    public App(String namespace, String name, String image, int replicas, int port, Trouble trouble) {
      this(namespace, name, image, replicas, port, trouble, name);
    }
  }

  /** What goes wrong with an app's last pod, with the words the kubelet or scheduler would use. */
  public record Trouble(Kind kind, String detail) {
    public enum Kind { NONE, CRASH_LOOP, IMAGE_PULL, PENDING }

    public static final Trouble NONE = new Trouble(Kind.NONE, "");
    public static final Trouble CRASH_LOOP = new Trouble(Kind.CRASH_LOOP, "");

    /** @param pullError what the registry said */
    public static Trouble imagePull(String pullError) {
      return new Trouble(Kind.IMAGE_PULL, pullError);
    }

    /** @param scheduler the scheduler's FailedScheduling message */
    public static Trouble pending(String scheduler) {
      return new Trouble(Kind.PENDING, scheduler);
    }
  }

  public static final String PRODUCTION = "prod-us-east-1";
  /** The production cluster's own images live in the account's ECR (Inspector scans them there). */
  static final String ECR = "123456789012.dkr.ecr.us-east-1.amazonaws.com/";
  public static final String STAGING = "staging-us-west-2";
  public static final String EDGE = "factory-edge";
  private static final String ROLE = "arn:aws:iam::123456789012:role/";

  public List<Node> readyNodes() {
    return nodes.stream().filter(Node::ready).toList();
  }

  /**
   * An EKS production cluster in us-east-1 with the AWS identity antipatterns the fake account
   * (io.periscope.demo.aws) carries: a dual-source ServiceAccount, a stale IRSA annotation, a
   * role passing any role, the default-ServiceAccount blind spot.
   */
  public static DemoEstate production() {
    return new DemoEstate(PRODUCTION, "v1.31.4-eks-2d5f260",
        new Platform("v1.31.4-eks-aeac579", "Amazon Linux 2023.6.20250107", "containerd://1.7.25", "m6i.xlarge", true),
        List.of("default", "kube-system", "payments", "checkout", "monitoring", "platform"),
        List.of(new Node("ip-10-0-1-11.ec2.internal", "10.0.1.11", "us-east-1a", true),
            new Node("ip-10-0-2-12.ec2.internal", "10.0.2.12", "us-east-1b", true),
            new Node("ip-10-0-3-13.ec2.internal", "10.0.3.13", "us-east-1c", false)),
        List.of(
            new App("kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.3", 2, 53, Trouble.NONE),
            new App("payments", "payments-api", ECR + "example/payments-api:2.14.1", 3, 8080, Trouble.NONE),
            new App("payments", "ledger-worker", ECR + "example/ledger-worker:1.8.0", 2, 8080, Trouble.CRASH_LOOP),
            new App("checkout", "checkout-web", ECR + "example/checkout-web:5.2.0", 2, 3000, Trouble.NONE),
            new App("checkout", "cart-service", ECR + "example/cart-service:0.9.4", 2, 8080, Trouble.pending(
                "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }, 2 Insufficient memory. "
                    + "preemption: 0/3 nodes are available: 3 No preemption victims found.")),
            new App("checkout", "recommendations", "ghcr.io/example/recommendations:3.0.0-rc1", 1, 8080, Trouble.imagePull(
                "rpc error: code = NotFound desc = failed to pull and unpack image \"ghcr.io/example/recommendations:3.0.0-rc1\": "
                    + "failed to resolve reference \"ghcr.io/example/recommendations:3.0.0-rc1\": ghcr.io/example/recommendations:3.0.0-rc1: not found")),
            new App("monitoring", "grafana", "grafana/grafana:11.3.0", 1, 3000, Trouble.NONE),
            // The chatty one: Loki's gateway logs every push and query (ChattyAccessLog).
            new App("monitoring", "loki-gateway", "nginxinc/nginx-unprivileged:1.27.3-alpine", 1, 8080, Trouble.NONE),
            new App("platform", "ingress-nginx-controller", "registry.k8s.io/ingress-nginx/controller:v1.11.3", 2, 80, Trouble.NONE),
            new App("platform", "deploy-bot", ECR + "example/deploy-bot:4.2.0", 1, 8080, Trouble.NONE),
            new App("platform", "nightly-report", ECR + "example/nightly-report:1.0.3", 1, 8080, Trouble.NONE, null)),
        Map.of("payments/payments-api", ROLE + "prod-payments-api",
            "checkout/cart-service", ROLE + "prod-cart-service",
            "checkout/checkout-web", ROLE + "prod-checkout-web-legacy",
            "platform/deploy-bot", ROLE + "prod-deploy-bot",
            "platform/default", ROLE + "prod-platform-default"),
        true,
        // the showcase's grafana (two revisions, for the revision diff) is seeded with the showcase objects
        List.of(new HelmChart("platform", "ingress-nginx", "ingress-nginx", "4.11.3", "1.11.3",
                "Ingress controller for Kubernetes using NGINX as a reverse proxy and load balancer"),
            new HelmChart("payments", "payments-api", "payments-api", "2.14.1", "2.14.1", "The payments API of example.com")),
        eksNodeAgents("us-east-1", "v1.18.3-eksbuild.3", "v1.31.2-minimal-eksbuild.3"));
  }

  /** An EKS staging cluster in us-west-2, reached with a kubeconfig (as {@code aws eks update-kubeconfig} writes one). */
  public static DemoEstate staging() {
    return new DemoEstate(STAGING, "v1.32.1-eks-5e0fdde",
        new Platform("v1.32.1-eks-5e0fdde", "Amazon Linux 2023.6.20250203", "containerd://1.7.25", "t3.large", true),
        List.of("default", "kube-system", "payments", "checkout"),
        List.of(new Node("ip-10-20-1-21.us-west-2.compute.internal", "10.20.1.21", "us-west-2a", true),
            new Node("ip-10-20-2-22.us-west-2.compute.internal", "10.20.2.22", "us-west-2b", true)),
        List.of(
            new App("kube-system", "coredns", "registry.k8s.io/coredns/coredns:v1.11.4", 2, 53, Trouble.NONE),
            new App("payments", "payments-api", "ghcr.io/example/payments-api:2.15.0-rc3", 2, 8080, Trouble.NONE),
            new App("payments", "ledger-worker", "ghcr.io/example/ledger-worker:1.9.0-rc1", 1, 8080, Trouble.CRASH_LOOP),
            new App("checkout", "checkout-web", "ghcr.io/example/checkout-web:5.3.0-rc2", 2, 3000, Trouble.imagePull(
                "rpc error: code = Unknown desc = failed to pull and unpack image \"ghcr.io/example/checkout-web:5.3.0-rc2\": "
                    + "failed to authorize: failed to fetch anonymous token: unexpected status: 401 Unauthorized")),
            new App("checkout", "cart-service", "ghcr.io/example/cart-service:0.10.0", 1, 8080, Trouble.pending(
                "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 No preemption victims found."))),
        Map.of("payments/payments-api", ROLE + "staging-payments-api"),
        false,
        List.of(new HelmChart("payments", "payments-api", "payments-api", "2.15.0-rc3", "2.15.0-rc3", "The payments API of example.com")),
        eksNodeAgents("us-west-2", "v1.19.2-eksbuild.1", "v1.32.0-minimal-eksbuild.2"));
  }

  /** A private on-premises k3s cluster at a factory, reachable only through the agent it runs. */
  public static DemoEstate edge() {
    return new DemoEstate(EDGE, "v1.30.6+k3s1",
        new Platform("v1.30.6+k3s1", "Ubuntu 22.04.5 LTS", "containerd://1.7.22-k3s1", "k3s", false),
        List.of("default", "kube-system", "line-control", "telemetry", "periscope-agent"),
        List.of(new Node("edge-gw-01", "192.168.40.11", "plant-7-hall-a", true),
            new Node("edge-gw-02", "192.168.40.12", "plant-7-hall-a", true),
            new Node("edge-gw-03", "192.168.40.13", "plant-7-hall-b", false)),
        List.of(
            new App("kube-system", "coredns", "rancher/mirrored-coredns-coredns:1.11.3", 1, 53, Trouble.NONE),
            new App("periscope-agent", "periscope-agent", "ghcr.io/periscope/periscope-agent:0.1.0", 1, 8080, Trouble.NONE),
            new App("line-control", "plc-gateway", "registry.plant7.local/line/plc-gateway:3.2.1", 2, 502, Trouble.CRASH_LOOP),
            new App("line-control", "vision-inspector", "registry.plant7.local/vision/inspector:2.4.0", 1, 8080, Trouble.imagePull(
                "rpc error: code = Unknown desc = failed to pull and unpack image \"registry.plant7.local/vision/inspector:2.4.0\": "
                    + "failed to resolve reference: dial tcp 192.168.40.5:443: connect: no route to host")),
            new App("telemetry", "mqtt-broker", "eclipse-mosquitto:2.0.20", 1, 1883, Trouble.NONE),
            new App("telemetry", "influxdb", "influxdb:2.7.10", 1, 8086, Trouble.pending(
                "0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }, "
                    + "2 node(s) had volume node affinity conflict. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."))),
        Map.of(),
        false,
        List.of(new HelmChart("periscope-agent", "agent", "periscope-agent", "0.1.0", "0.1.0", "Periscope agent: dials out to the Periscope server"),
            new HelmChart("telemetry", "influxdb", "influxdb2", "2.1.2", "2.7.10", "A time series database")),
        // k3s runs its network and proxy inside its own process: no DaemonSet for them.
        List.of());
  }
}
