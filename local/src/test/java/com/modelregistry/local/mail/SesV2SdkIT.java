package com.modelregistry.local.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.modelregistry.local.aws.AwsEndpoint;
import com.modelregistry.local.aws.SdkSystemProperties;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.BadRequestException;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/** SES v2's SendEmail through the real SDK v2 client (no endpoint override): captured in the outbox. */
class SesV2SdkIT {

  @TempDir
  static Path dir;

  private static AwsEndpoint endpoint;
  private static LocalSes ses;
  private static SdkSystemProperties properties;
  private static SesV2Client client;

  @BeforeAll
  static void start() {
    endpoint = AwsEndpoint.start(0);
    ses = LocalSes.start(dir.resolve("mail"), Clock.systemUTC());
    endpoint.register(ses.service());
    properties = SdkSystemProperties.pointAt(endpoint.uri());
    client = SesV2Client.builder().build();
  }

  @AfterAll
  static void stop() {
    client.close();
    properties.close();
    endpoint.close();
  }

  private static OutboxMessage only(String id) {
    return ses.outbox().newestFirst(null, 1000).stream().filter(message -> message.id().equals(id)).findFirst()
        .orElseThrow();
  }

  @Test
  void givenSimpleContent_whenSending_thenTheOutboxHasEveryPartOfIt() {
    String id = client.sendEmail(request -> request
        .fromEmailAddress("Model Registry <registry@example.com>")
        .destination(destination -> destination.toAddresses("ann@example.com", "bob@example.com")
            .ccAddresses("carol@example.com").bccAddresses("audit@example.com"))
        .replyToAddresses("owners@example.com")
        .content(content -> content.simple(message -> message
            .subject(subject -> subject.data("Approve fraud-detector v3 – Production").charset("UTF-8"))
            .body(body -> body
                .text(text -> text.data("Approve: https://registry.example/approve/1"))
                .html(html -> html.data("<a href=\"https://registry.example/approve/1\">Approve</a>")))))).messageId();

    assertTrue(id.matches("0100[0-9a-f]{12}-[0-9a-f-]{36}-000000"), id);
    OutboxMessage message = only(id);
    assertEquals("Simple", message.format());
    assertEquals("Model Registry <registry@example.com>", message.from());
    assertEquals(List.of("ann@example.com", "bob@example.com"), message.to());
    assertEquals(List.of("carol@example.com"), message.cc());
    assertEquals(List.of("audit@example.com"), message.bcc());
    assertEquals(List.of("owners@example.com"), message.replyTo());
    assertEquals("Approve fraud-detector v3 – Production", message.subject());
    assertEquals("Approve: https://registry.example/approve/1", message.text());
    assertEquals("<a href=\"https://registry.example/approve/1\">Approve</a>", message.html());
    assertEquals(List.of(id), ses.outbox().newestFirst("CAROL@example.com", 10).stream()
        .map(OutboxMessage::id).filter(id::equals).toList());
  }

  @Test
  void givenRawContent_whenSending_thenItIsKeptAsSentAndReadFromItsHeaders() {
    String mime = "From: registry@example.com\r\nTo: dan@example.com\r\nSubject: Raw one\r\n"
        + "Content-Type: text/html; charset=UTF-8\r\n\r\n<p>Hi <a href=\"https://x.example\">x</a></p>\r\n";

    String id = client.sendEmail(request -> request.content(content -> content.raw(raw ->
        raw.data(SdkBytes.fromString(mime, StandardCharsets.UTF_8))))).messageId();

    OutboxMessage message = only(id);
    assertEquals("Raw", message.format());
    assertEquals("registry@example.com", message.from());
    assertEquals(List.of("dan@example.com"), message.to());
    assertEquals("Raw one", message.subject());
    assertNull(message.text());
    assertEquals("<p>Hi <a href=\"https://x.example\">x</a></p>\r\n", message.html());
    assertEquals(mime, new String(Base64.getDecoder().decode(message.raw()), StandardCharsets.UTF_8));
  }

  @Test
  void givenMissingOrInvalidFields_thenBadRequestExceptionAsSesV2Answers() {
    assertBadRequest("Missing required header 'From'.", simple().fromEmailAddress(null).build());
    assertBadRequest("Missing final '@domain' in address 'nobody'.", simple()
        .destination(destination -> destination.toAddresses("nobody")).build());
    assertBadRequest("At least one destination address is required.", simple().destination(d -> {}).build());
    assertBadRequest("Recipient count exceeds 50.", simple().destination(destination -> destination.toAddresses(
        IntStream.range(0, 51).mapToObj(i -> "r" + i + "@example.com").toList())).build());
    assertBadRequest("1 validation error detected: Value null at 'content' failed to satisfy constraint: "
        + "Member must not be null", simple().content((software.amazon.awssdk.services.sesv2.model.EmailContent) null)
        .build());
    assertBadRequest("Message body must have Text or Html content.", simple().content(content -> content.simple(
        message -> message.subject(subject -> subject.data("s")).body(body -> {}))).build());
    BadRequestException template = assertThrows(BadRequestException.class, () -> client.sendEmail(simple()
        .content(content -> content.template(t -> t.templateName("approval"))).build()));
    assertTrue(template.awsErrorDetails().errorMessage().contains("Template"), template.getMessage());
  }

  private static SendEmailRequest.Builder simple() {
    return SendEmailRequest.builder()
        .fromEmailAddress("registry@example.com")
        .destination(destination -> destination.toAddresses("ann@example.com"))
        .content(content -> content.simple(message -> message
            .subject(subject -> subject.data("s")).body(body -> body.text(text -> text.data("t")))));
  }

  private static void assertBadRequest(String message, SendEmailRequest request) {
    BadRequestException error = assertThrows(BadRequestException.class, () -> client.sendEmail(request));
    assertEquals("BadRequestException", error.awsErrorDetails().errorCode());
    assertEquals(message, error.awsErrorDetails().errorMessage());
    assertEquals(400, error.statusCode());
  }
}
