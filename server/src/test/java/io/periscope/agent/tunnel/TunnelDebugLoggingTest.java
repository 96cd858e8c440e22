package io.periscope.agent.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.ContextInitializer;
import ch.qos.logback.core.read.ListAppender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The server's own logging configuration ({@code src/main/resources/logback.xml}) with
 * {@code PERISCOPE_LOG_LEVEL=DEBUG}, as docs/troubleshooting.md suggests: registering an agent must
 * not write its registration token to the log. gRPC's transport logs every HTTP/2 frame at DEBUG,
 * the first 64 bytes of each DATA frame in hex, and a Register call's frame is the token itself.
 */
class TunnelDebugLoggingTest {
  private static final Path SERVER_LOGBACK = Path.of("src/main/resources/logback.xml");

  @TempDir
  Path dir;

  @Test
  void aRegistrationAtDebugLevelLeavesNoTokenInTheLog() throws Exception {
    assertThat(SERVER_LOGBACK).as("run from the server module").exists();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> logs = new ListAppender<>();
    try {
      context.reset();
      context.putProperty("PERISCOPE_LOG_LEVEL", "DEBUG");
      context.putProperty("PERISCOPE_LOG_FORMAT", "text");
      var configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(Files.newInputStream(SERVER_LOGBACK));
      Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
      assertThat(root.isDebugEnabled()).as("the server's configuration at DEBUG").isTrue();
      logs.setContext(context);
      logs.start();
      root.addAppender(logs);

      String token;
      try (var fx = new TunnelFixture(dir)) {
        token = fx.registrations.mint("edge-1").token();
        var agent = fx.start(fx.settings("state", Optional.of(token), fx.caBundle));
        assertThat(agent.awaitConnected(Duration.ofSeconds(10))).as("agent connected: %s", agent.lastError()).isTrue();
      }

      List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(lines).as("DEBUG lines were written").isNotEmpty();
      String tokenHex = HexFormat.of().formatHex(token.getBytes(StandardCharsets.US_ASCII));
      String secretPart = token.substring("psa_".length());
      assertThat(lines).noneMatch(l -> l.contains(secretPart)).noneMatch(l -> l.toLowerCase().contains(tokenHex.substring(0, 40)));
    } finally {
      context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(logs);
      context.reset();
      new ContextInitializer(context).autoConfig();
    }
  }
}
