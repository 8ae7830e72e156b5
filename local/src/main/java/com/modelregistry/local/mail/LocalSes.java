package com.modelregistry.local.mail;

import com.modelregistry.local.aws.AwsRestJsonService;
import com.modelregistry.local.http.LocalAdminRoute;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * The local SES v2: SendEmail captures mail into an outbox under {@code <data-dir>/mail/} instead of
 * sending it; admins read it at {@code GET /_local/outbox} (JSON) and {@code GET /_local/outbox.html}.
 */
public final class LocalSes {

  private final Outbox outbox;
  private final SesV2Service service;

  private LocalSes(Outbox outbox, SesV2Service service) {
    this.outbox = outbox;
    this.service = service;
  }

  public static LocalSes start(Path directory, Clock clock) {
    Outbox outbox = new Outbox(directory.resolve("outbox.jsonl"));
    return new LocalSes(outbox, new SesV2Service(outbox, clock));
  }

  /** The REST-JSON service to register on the AWS endpoint. */
  public AwsRestJsonService service() {
    return service;
  }

  public Outbox outbox() {
    return outbox;
  }

  /** {@code GET /_local/outbox} and {@code GET /_local/outbox.html}. */
  public List<LocalAdminRoute> adminRoutes() {
    return OutboxAdminRoutes.of(outbox);
  }
}
