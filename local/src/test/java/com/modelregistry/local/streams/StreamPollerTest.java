package com.modelregistry.local.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.modelregistry.local.sam.StreamEventSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The poller on a scripted stream ({@link FakeStreams}): what DynamoDB Local does not produce on demand.
 * Shard lineage decides the order, not the listing; an expired iterator loses nothing; records trimmed away
 * behind a checkpoint are passed over, the rest still sent.
 */
class StreamPollerTest {

  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final StreamEventSource MAPPING = new StreamEventSource("Relay", "Outbox", "ModelsTable",
      "arn:aws:dynamodb:us-east-1:000000000000:table/ModelsTable/stream/label", StreamEventSource.TRIM_HORIZON, 100, -1,
      true, List.of(), true);

  @TempDir Path checkpointDir;
  private final List<StreamPoller> pollers = new ArrayList<>();

  @AfterEach
  void stop() {
    pollers.forEach(StreamPoller::close);
  }

  @Test
  void givenAChildShardListedBeforeItsParent_whenPolled_thenTheParentIsReadToItsEndFirst() {
    FakeStreams streams = new FakeStreams().shard("shard-2-child", "shard-1-parent", false)
        .shard("shard-1-parent", null, true);
    streams.insert("shard-1-parent", "EVENT#001");
    streams.insert("shard-1-parent", "EVENT#002");
    streams.insert("shard-2-child", "EVENT#003");
    ScriptedFunction function = new ScriptedFunction();

    start(streams, function);

    function.awaitSortKey("EVENT#003", WAIT);
    assertEquals(List.of("EVENT#001", "EVENT#002", "EVENT#003"), function.sortKeysSent());
  }

  @Test
  void givenAnIteratorThatExpires_whenPolled_thenReadingGoesOnAfterTheLastRecordRead() {
    FakeStreams streams = new FakeStreams().shard("shard-1", null, false);
    streams.insert("shard-1", "EVENT#001");
    ScriptedFunction function = new ScriptedFunction();
    start(streams, function);
    function.awaitSortKey("EVENT#001", WAIT);

    streams.expireNextReads = 2;
    streams.insert("shard-1", "EVENT#002");
    function.awaitSortKey("EVENT#002", WAIT);

    assertEquals(List.of("EVENT#001", "EVENT#002"), function.sortKeysSent());
  }

  @Test
  void givenACheckpointWhoseRecordsWereTrimmed_whenThePollerStarts_thenItGoesOnAtTheOldestRecordLeft() {
    FakeStreams streams = new FakeStreams().shard("shard-1", null, false);
    String first = streams.insert("shard-1", "EVENT#001");
    streams.insert("shard-1", "EVENT#002");
    streams.insert("shard-1", "EVENT#003");
    streams.trim("shard-1", 2);
    CheckpointFile.open(checkpointDir, Set.of(MAPPING.id())).save(MAPPING.id(), new CheckpointFile.MappingPosition(
        "stream", Map.of("shard-1", new CheckpointFile.ShardPosition(first, false))));
    ScriptedFunction function = new ScriptedFunction();

    start(streams, function);

    function.awaitSortKey("EVENT#003", WAIT);
    assertEquals(List.of("EVENT#003"), function.sortKeysSent(), "EVENT#002 left the stream unsent; nothing else is lost");
  }

  private void start(FakeStreams streams, ScriptedFunction function) {
    StreamPoller poller = new StreamPoller(MAPPING, "arn:aws:lambda:us-east-1:000000000000:function:relay", "stream",
        streams, function, CheckpointFile.open(checkpointDir, Set.of(MAPPING.id())), new WriteTickets(), Clock.systemUTC());
    pollers.add(poller);
    poller.start();
  }
}
