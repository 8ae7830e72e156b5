package com.modelregistry.local.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.modelregistry.local.aws.AwsServiceError;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads and checks a SES v2 SendEmail request ({@code POST /v2/email/outbound-emails}) into the message
 * the outbox keeps. Simple content needs a subject, a Text or Html body, a FromEmailAddress and a
 * recipient; Raw content (base64 MIME) is kept as sent, its From and recipients taken from its headers
 * when the request gives none. Mistakes are {@code BadRequestException}s, as SES v2 answers them;
 * Template content is refused the same way (the local SES has no templates).
 */
final class SendEmailRequest {

  /** SES's limit on To, Cc and Bcc together. */
  static final int MAX_RECIPIENTS = 50;

  private SendEmailRequest() {}

  static OutboxMessage read(JsonNode request, String messageId, Instant now) {
    JsonNode content = request.get("Content");
    if (content == null || content.isNull()) {
      throw badRequest("1 validation error detected: Value null at 'content' failed to satisfy constraint: "
          + "Member must not be null");
    }
    requireObject(content, "Content");
    int kinds = (content.hasNonNull("Simple") ? 1 : 0) + (content.hasNonNull("Raw") ? 1 : 0)
        + (content.hasNonNull("Template") ? 1 : 0);
    if (kinds != 1) {
      throw badRequest("Content must have exactly one of Simple, Raw or Template.");
    }
    if (content.hasNonNull("Template")) {
      throw badRequest("Template content is not supported by the local SES (it has no email templates); "
          + "send Simple or Raw content.");
    }
    String from = text(request, "FromEmailAddress");
    JsonNode destination = request.path("Destination");
    if (!destination.isMissingNode() && !destination.isNull()) {
      requireObject(destination, "Destination");
    }
    List<String> to = addresses(destination, "ToAddresses");
    List<String> cc = addresses(destination, "CcAddresses");
    List<String> bcc = addresses(destination, "BccAddresses");
    List<String> replyTo = addresses(request, "ReplyToAddresses");
    String configurationSet = text(request, "ConfigurationSetName");
    OutboxMessage message = content.hasNonNull("Simple")
        ? simple(content.get("Simple"), messageId, now, from, to, cc, bcc, replyTo, configurationSet)
        : raw(content.get("Raw"), messageId, now, from, to, cc, bcc, replyTo, configurationSet);
    if (message.from() == null || message.from().isBlank()) {
      throw badRequest("Missing required header 'From'.");
    }
    EmailAddresses.check(message.from());
    if (message.recipients().isEmpty()) {
      throw badRequest("At least one destination address is required.");
    }
    if (message.recipients().size() > MAX_RECIPIENTS) {
      throw badRequest("Recipient count exceeds " + MAX_RECIPIENTS + ".");
    }
    return message;
  }

  private static OutboxMessage simple(JsonNode simple, String id, Instant now, String from, List<String> to,
      List<String> cc, List<String> bcc, List<String> replyTo, String configurationSet) {
    requireObject(simple, "Content.Simple");
    String subject = contentData(simple.get("Subject"), "content.simple.subject");
    JsonNode body = simple.get("Body");
    if (body == null || body.isNull()) {
      throw badRequest("1 validation error detected: Value null at 'content.simple.body' failed to satisfy "
          + "constraint: Member must not be null");
    }
    requireObject(body, "Content.Simple.Body");
    String text = body.hasNonNull("Text") ? contentData(body.get("Text"), "content.simple.body.text") : null;
    String html = body.hasNonNull("Html") ? contentData(body.get("Html"), "content.simple.body.html") : null;
    if (text == null && html == null) {
      throw badRequest("Message body must have Text or Html content.");
    }
    return new OutboxMessage(id, now, "Simple", from, to, cc, bcc, replyTo, subject, text, html, configurationSet, null);
  }

  private static OutboxMessage raw(JsonNode raw, String id, Instant now, String from, List<String> to,
      List<String> cc, List<String> bcc, List<String> replyTo, String configurationSet) {
    requireObject(raw, "Content.Raw");
    String data = text(raw, "Data");
    if (data == null || data.isEmpty()) {
      throw badRequest("1 validation error detected: Value null at 'content.raw.data' failed to satisfy constraint: "
          + "Member must not be null");
    }
    byte[] bytes;
    try {
      bytes = Base64.getMimeDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new AwsServiceError("SerializationException", "Content.Raw.Data is not valid base64");
    }
    RawMessage message = RawMessage.parse(bytes);
    String sender = from != null ? from : firstOrNull(EmailAddresses.splitHeader(message.header("From")));
    boolean explicitRecipients = !to.isEmpty() || !cc.isEmpty() || !bcc.isEmpty();
    List<String> rawTo = explicitRecipients ? to : EmailAddresses.splitHeader(message.header("To"));
    List<String> rawCc = explicitRecipients ? cc : EmailAddresses.splitHeader(message.header("Cc"));
    List<String> rawBcc = explicitRecipients ? bcc : EmailAddresses.splitHeader(message.header("Bcc"));
    List<String> rawReplyTo = replyTo.isEmpty() ? EmailAddresses.splitHeader(message.header("Reply-To")) : replyTo;
    return new OutboxMessage(id, now, "Raw", sender, EmailAddresses.checkAll(rawTo), EmailAddresses.checkAll(rawCc),
        EmailAddresses.checkAll(rawBcc), EmailAddresses.checkAll(rawReplyTo), message.header("Subject"), message.text(),
        message.html(), configurationSet, Base64.getEncoder().encodeToString(bytes));
  }

  /** A {@code Content} shape: {@code {"Data": "...", "Charset": "..."}}; Data is required. */
  private static String contentData(JsonNode content, String field) {
    if (content == null || content.isNull() || !content.isObject() || !content.hasNonNull("Data")) {
      throw badRequest("1 validation error detected: Value null at '" + field + ".data' failed to satisfy constraint: "
          + "Member must not be null");
    }
    String charset = text(content, "Charset");
    if (charset != null && !isSupported(charset)) {
      throw badRequest("Unsupported charset '" + charset + "' in " + field + ".");
    }
    return text(content, "Data");
  }

  private static boolean isSupported(String charset) {
    try {
      return Charset.isSupported(charset);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static List<String> addresses(JsonNode owner, String member) {
    JsonNode list = owner.get(member);
    List<String> addresses = new ArrayList<>();
    if (list == null || list.isNull()) {
      return addresses;
    }
    if (!list.isArray()) {
      throw new AwsServiceError("SerializationException", member + " must be a list of strings");
    }
    for (JsonNode address : list) {
      if (!address.isTextual()) {
        throw new AwsServiceError("SerializationException", member + " must be a list of strings");
      }
      addresses.add(EmailAddresses.check(address.asText()));
    }
    return addresses;
  }

  private static String text(JsonNode owner, String member) {
    JsonNode value = owner.get(member);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new AwsServiceError("SerializationException", member + " must be a string");
    }
    return value.asText();
  }

  private static void requireObject(JsonNode node, String member) {
    if (!node.isObject()) {
      throw new AwsServiceError("SerializationException", member + " must be an object");
    }
  }

  private static String firstOrNull(List<String> values) {
    return values.isEmpty() ? null : values.get(0);
  }

  private static AwsServiceError badRequest(String message) {
    return new AwsServiceError("BadRequestException", message);
  }
}
