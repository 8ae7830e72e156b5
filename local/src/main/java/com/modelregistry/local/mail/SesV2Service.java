package com.modelregistry.local.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsRestJsonService;
import com.modelregistry.local.aws.AwsRestRequest;
import com.modelregistry.local.aws.AwsServiceError;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * SES v2 (restJson1) as far as the registry needs it: {@code SendEmail} ({@code POST /v2/email/outbound-emails})
 * puts the mail into the {@link Outbox} instead of sending it, and answers {@code {"MessageId": ...}}.
 */
final class SesV2Service implements AwsRestJsonService {

  static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";

  private final Outbox outbox;
  private final Clock clock;

  SesV2Service(Outbox outbox, Clock clock) {
    this.outbox = outbox;
    this.clock = clock;
  }

  @Override
  public String displayName() {
    return "SES v2";
  }

  @Override
  public Optional<String> operation(String method, String path) {
    if (path.equals(SEND_EMAIL_PATH) || path.equals(SEND_EMAIL_PATH + "/")) {
      return method.equals("POST") ? Optional.of("SendEmail") : Optional.empty();
    }
    return Optional.empty();
  }

  @Override
  public JsonNode handle(String operation, AwsRestRequest request) {
    if (!operation.equals("SendEmail")) {
      throw new AwsServiceError("UnknownOperationException", "the local SES v2 supports SendEmail only", 404);
    }
    Instant now = clock.instant();
    OutboxMessage message = SendEmailRequest.read(request.body(), messageId(now), now);
    outbox.add(message);
    ObjectNode response = JsonNodeFactory.instance.objectNode();
    response.put("MessageId", message.id());
    return response;
  }

  /** Shaped like SES's ids: {@code 0100018c2f4e5a6b-3f0c2a9e-....-000000}. */
  private static String messageId(Instant now) {
    return "0100" + String.format("%012x", now.toEpochMilli()) + "-" + UUID.randomUUID() + "-000000";
  }
}
