package com.modelregistry.local.mail;

import com.modelregistry.local.aws.JsonLinesFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Every mail the local SES accepted, in {@code <data-dir>/mail/outbox.jsonl}, one JSON object a line. */
public final class Outbox {

  private final JsonLinesFile file;

  Outbox(Path file) {
    this.file = new JsonLinesFile(file);
  }

  public Path path() {
    return file.path();
  }

  void add(OutboxMessage message) {
    file.append(message.toJson());
  }

  /**
   * The newest {@code limit} messages, newest first; with {@code recipient} (an address, any case) only
   * those sent to it (To, Cc or Bcc).
   */
  public List<OutboxMessage> newestFirst(String recipient, int limit) {
    List<OutboxMessage> messages = new ArrayList<>();
    file.readAll().forEach(json -> messages.add(OutboxMessage.fromJson(json)));
    Collections.reverse(messages);
    String wanted = recipient == null ? null : recipient.trim().toLowerCase(Locale.ROOT);
    return messages.stream()
        .filter(message -> wanted == null || message.recipients().stream()
            .anyMatch(address -> EmailAddresses.addrSpec(address).toLowerCase(Locale.ROOT).equals(wanted)))
        .limit(limit)
        .toList();
  }
}
