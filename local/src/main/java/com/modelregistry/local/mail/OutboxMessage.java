package com.modelregistry.local.mail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A mail SendEmail accepted, as the outbox keeps it.
 *
 * @param format {@code Simple} or {@code Raw}
 * @param text the plain-text body, or null
 * @param html the HTML body, or null
 * @param raw for Raw content, the MIME message exactly as sent (base64); else null
 */
public record OutboxMessage(String id, Instant sentAt, String format, String from, List<String> to, List<String> cc,
    List<String> bcc, List<String> replyTo, String subject, String text, String html, String configurationSetName,
    String raw) {

  public OutboxMessage {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    bcc = List.copyOf(bcc);
    replyTo = List.copyOf(replyTo);
  }

  /** Every recipient: To, Cc and Bcc. */
  public List<String> recipients() {
    List<String> all = new ArrayList<>(to);
    all.addAll(cc);
    all.addAll(bcc);
    return all;
  }

  /** {@code {id, sentAt, from, to, cc, bcc, replyTo, subject, text, html, format, ...}}: the outbox's JSON shape. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("id", id);
    json.put("sentAt", sentAt.toString());
    json.put("from", from);
    json.set("to", array(to));
    json.set("cc", array(cc));
    json.set("bcc", array(bcc));
    json.set("replyTo", array(replyTo));
    json.put("subject", subject);
    json.put("text", text);
    json.put("html", html);
    json.put("format", format);
    if (configurationSetName != null) {
      json.put("configurationSetName", configurationSetName);
    }
    if (raw != null) {
      json.put("raw", raw);
    }
    return json;
  }

  static OutboxMessage fromJson(JsonNode json) {
    return new OutboxMessage(json.path("id").asText(), Instant.parse(json.path("sentAt").asText()),
        json.path("format").asText("Simple"), text(json, "from"), list(json, "to"), list(json, "cc"), list(json, "bcc"),
        list(json, "replyTo"), text(json, "subject"), text(json, "text"), text(json, "html"),
        text(json, "configurationSetName"), text(json, "raw"));
  }

  private static ArrayNode array(List<String> values) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    values.forEach(array::add);
    return array;
  }

  private static String text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value.asText();
  }

  private static List<String> list(JsonNode json, String field) {
    List<String> values = new ArrayList<>();
    json.path(field).forEach(value -> values.add(value.asText()));
    return values;
  }
}
