package io.periscope.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AgentMainTest {
  @TempDir
  Path dir;

  @Test
  void missingRequiredFlagsAreAUsageError() {
    StringWriter err = new StringWriter();
    int code = new CommandLine(new AgentMain()).setErr(new PrintWriter(err)).execute();

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--server").contains("--ca-bundle").contains("--state-dir");
  }

  @Test
  void withoutACertificateOrATokenTheAgentSaysSoAndExits2() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Files.writeString(ca, "");
    int code = new CommandLine(new AgentMain()).execute("--server", "localhost:1", "--ca-bundle", ca.toString(),
        "--state-dir", dir.resolve("state").toString());

    assertThat(code).isEqualTo(2);
  }

  @Test
  void helpListsEveryFlag() {
    StringWriter out = new StringWriter();
    new CommandLine(new AgentMain()).setOut(new PrintWriter(out)).execute("--help");

    assertThat(out.toString()).contains("--token", "--apiserver", "--token-file", "--apiserver-ca", "--max-concurrent",
        "PERISCOPE_AGENT_SERVER");
  }
}
