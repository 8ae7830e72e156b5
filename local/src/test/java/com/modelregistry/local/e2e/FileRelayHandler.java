package com.modelregistry.local.e2e;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Collectors;

/**
 * The stream function of {@code e2e/stream-restart.yaml}, in the packaged runtime's JVM; its directory is the
 * system property {@code relay.dir}. Every call appends the batch's sort keys as one line to {@code attempts};
 * then, while a file {@code fail} exists it throws (the batch is retried), else it appends each sort key as a
 * line to {@code delivered} (synced) and succeeds.
 */
public final class FileRelayHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

  @Override
  public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
    Path dir = Path.of(System.getProperty("relay.dir"));
    String keys = event.getRecords().stream().map(record -> record.getDynamodb().getKeys().get("SK").getS())
        .collect(Collectors.joining(","));
    append(dir.resolve("attempts"), keys + "\n");
    if (Files.exists(dir.resolve("fail"))) {
      throw new IllegalStateException("asked to fail");
    }
    append(dir.resolve("delivered"), keys.replace(',', '\n') + "\n");
    return new StreamsEventResponse();
  }

  private static void append(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
          StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
