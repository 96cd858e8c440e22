package io.periscope.demo.aws;

import io.periscope.aws.AwsClients;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** For each test a fresh demo account and the server's real AWS clients pointed at it; both closed after. */
abstract class FakeAwsAccountTest {
  protected FakeAws aws;
  protected AwsClients clients;

  /** The clock the account checks signatures with and the clients sign with. */
  abstract Clock clock();

  @BeforeEach
  final void startAccount() {
    aws = FakeAws.start(DemoAccount.load(), clock());
    clients = aws.clients(Duration.ofSeconds(10), clock());
  }

  @AfterEach
  final void stopAccount() {
    clients.close();
    aws.close();
  }
}
