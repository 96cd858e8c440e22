package io.periscope.demo.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The demo account's AWS Organization as plain data ({@code organization.yaml} next to this class):
 * the root, OUs and accounts with their parents, and the SCPs with the targets they attach to.
 */
public record DemoOrganization(String id, String managementAccountId, String managementAccountEmail, String root, List<Unit> units,
    List<Account> accounts, List<Scp> policies) {
  public DemoOrganization {
    units = List.copyOf(units);
    accounts = List.copyOf(accounts);
    policies = List.copyOf(policies);
  }

  public record Unit(String id, String name, String parent) {}

  public record Account(String id, String parent) {}

  public record Scp(String id, String name, String description, boolean awsManaged, List<String> targets, String content) {
    public Scp {
      targets = List.copyOf(targets);
    }
  }

  /** The parent of an account or OU; empty for the root or an id the organization does not know. */
  public Optional<String> parentOf(String child) {
    return accounts.stream().filter(a -> a.id().equals(child)).map(Account::parent).findFirst()
        .or(() -> units.stream().filter(u -> u.id().equals(child)).map(Unit::parent).findFirst());
  }

  public Optional<Unit> unit(String id) {
    return units.stream().filter(u -> u.id().equals(id)).findFirst();
  }

  public Optional<Scp> policy(String id) {
    return policies.stream().filter(p -> p.id().equals(id)).findFirst();
  }

  /** Whether the id is the root, an OU or an account of the organization. */
  public boolean knows(String target) {
    return target.equals(root) || parentOf(target).isPresent();
  }

  /** The organization in {@code organization.yaml}. */
  public static DemoOrganization load() {
    try (InputStream in = DemoOrganization.class.getResourceAsStream("organization.yaml")) {
      if (in == null) {
        throw new IllegalStateException("organization.yaml is missing from the demo module's resources");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<Unit> units = new ArrayList<>();
      root.path("organizationalUnits").forEach(u -> units.add(new Unit(u.path("id").asText(), u.path("name").asText(), u.path("parent").asText())));
      List<Account> accounts = new ArrayList<>();
      root.path("accounts").forEach(a -> accounts.add(new Account(a.path("id").asText(), a.path("parent").asText())));
      List<Scp> policies = new ArrayList<>();
      root.path("policies").forEach(p -> {
        List<String> targets = new ArrayList<>();
        p.path("targets").forEach(t -> targets.add(t.asText()));
        policies.add(new Scp(p.path("id").asText(), p.path("name").asText(), p.path("description").asText(""),
            p.path("awsManaged").asBoolean(false), targets, p.path("content").asText()));
      });
      return new DemoOrganization(root.path("id").asText(), root.path("managementAccountId").asText(),
          root.path("managementAccountEmail").asText(), root.path("root").asText(), units, accounts, policies);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo organization", e);
    }
  }
}
