package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.lambda.LambdaFunctionError;
import com.modelregistry.local.lambda.LambdaInvoker;
import com.modelregistry.local.sam.StreamEventSource;
import com.modelregistry.local.streams.CheckpointFile.MappingPosition;
import com.modelregistry.local.streams.CheckpointFile.ShardPosition;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * One event source mapping at work, on a daemon thread of its own: reads the table's stream with the
 * in-process DynamoDB Streams client and invokes the function with Lambda's DynamoDB event, in shard order,
 * parents before children.
 *
 * <ul>
 *   <li>Records that pass the filter go out in batches of up to BatchSize; the ones filtered out count as done.
 *   <li>A function error retries the whole batch; with ReportBatchItemFailures, an answer naming failed items
 *       makes the records before the first of them done, and the rest is retried. Retries wait 100 ms, doubling
 *       up to 5 s; with MaximumRetryAttempts -1 they go on until the batch succeeds, nothing is skipped.
 *   <li>The checkpoint (the last record done, per shard) is saved after every invocation that moved it, and at
 *       most a second after records were only filtered out; a restart goes on after it. Without one, the mapping
 *       starts at its StartingPosition.
 *   <li>After a batch it reads on at once. When nothing is new it looks again after {@link #IDLE_POLL}, then
 *       less often the longer nothing comes (doubling up to {@link #MAX_IDLE_POLL}), and at once when
 *       {@link #wake()} says a write was committed (the runtime's DynamoDB client calls it after every write):
 *       records reach the function within milliseconds, and an idle runtime polls twice a second. A writer may
 *       wait for its records to be delivered ({@link #awaitDelivered}).
 * </ul>
 */
final class StreamPoller implements AutoCloseable {

  static final Duration IDLE_POLL = Duration.ofMillis(25);
  static final Duration MAX_IDLE_POLL = Duration.ofMillis(500);
  static final Duration FIRST_RETRY = Duration.ofMillis(100);
  static final Duration MAX_RETRY = Duration.ofSeconds(5);
  static final Duration SAVE_FILTERED_PROGRESS_AFTER = Duration.ofSeconds(1);
  static final Duration SHARD_REFRESH = Duration.ofSeconds(10);
  static final Duration STOP_WAIT = Duration.ofSeconds(5);

  private final StreamEventSource source;
  private final String functionArn;
  private final String streamArn;
  private final DynamoDbStreamsClient streams;
  private final LambdaInvoker lambdas;
  private final CheckpointFile checkpoints;
  private final RecordFilter filter;
  private final Clock clock;
  private final WriteTickets tickets;
  private final MappingStatus status = new MappingStatus();
  private final Map<String, ShardReader> shards = new LinkedHashMap<>();
  private final Map<String, ShardPosition> restored = new HashMap<>();
  private final Object gate = new Object();
  private boolean running = true; // guarded by gate
  private boolean woken; // guarded by gate
  private long drained; // guarded by gate: tickets.ended() when the last cycle that found nothing to send began
  private boolean retrying; // guarded by gate: a batch failed and waits for its retry
  private volatile Thread thread;
  private boolean initialized;
  private boolean refreshShards = true;
  private boolean dirty;
  private long lastSaveNanos = System.nanoTime();
  private long lastRefreshNanos;

  /**
   * @param functionArn the function to invoke
   * @param streamArn the stream as DynamoDB Local names it (what its Streams API takes); records carry
   *     {@link StreamEventSource#streamArn()} as their {@code eventSourceARN}
   */
  StreamPoller(StreamEventSource source, String functionArn, String streamArn, DynamoDbStreamsClient streams,
      LambdaInvoker lambdas, CheckpointFile checkpoints, WriteTickets tickets, Clock clock) {
    this.source = source;
    this.functionArn = functionArn;
    this.streamArn = streamArn;
    this.streams = streams;
    this.lambdas = lambdas;
    this.checkpoints = checkpoints;
    this.filter = RecordFilter.of(source.filterPatterns());
    this.clock = clock;
    this.tickets = tickets;
  }

  StreamEventSource source() {
    return source;
  }

  String streamArn() {
    return streamArn;
  }

  MappingStatus status() {
    return status;
  }

  void start() {
    thread = new Thread(this::run, "dynamodb-stream-" + source.id());
    thread.setDaemon(true);
    thread.start();
  }

  /** A write was committed: look at the stream now rather than at the next poll. */
  void wake() {
    synchronized (gate) {
      woken = true;
      gate.notifyAll();
    }
  }

  /**
   * Waits until a pass over the stream that began once every write up to {@code ticket} had ended found nothing
   * left to send, so what those writes produced has been delivered; at most {@code timeout}. Returns at once on
   * the poller's own thread (a function that writes), before the poller started, when stopped, and while a batch
   * waits for a retry (a failing function must not hold up the writers).
   */
  void awaitDelivered(long ticket, Duration timeout) {
    if (thread == null || Thread.currentThread() == thread) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (gate) {
      try {
        while (running && !retrying && drained < ticket) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return;
          }
          gate.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Stops: no invocation starts after this is called. An invocation under way gets {@link #STOP_WAIT} to end
   * (its outcome is saved); the checkpoint is saved.
   */
  @Override
  public void close() {
    synchronized (gate) {
      running = false;
      gate.notifyAll();
    }
    if (thread == null) {
      return;
    }
    try {
      thread.join(STOP_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log("the function is still running after " + STOP_WAIT.toSeconds() + " s; stopping without waiting for it"
          + " (its batch is sent again after a restart)");
      thread.interrupt();
    }
  }

  private void run() {
    int errors = 0;
    String lastLogged = null;
    long idleMillis = IDLE_POLL.toMillis();
    try {
      while (isRunning()) {
        boolean busy;
        long endedBefore = tickets.ended();
        try {
          busy = cycle();
          errors = 0;
          lastLogged = null;
        } catch (RuntimeException e) {
          if (!isRunning()) {
            break;
          }
          errors++;
          String error = "reading the stream failed: " + message(e);
          status.failed(clock.instant(), error);
          Duration delay = Backoff.delay(errors, FIRST_RETRY, MAX_RETRY);
          if (!error.equals(lastLogged)) {
            log(error + "; trying again in " + delay.toMillis() + " ms");
            lastLogged = error;
          }
          pause(delay);
          continue;
        }
        if (busy) {
          idleMillis = IDLE_POLL.toMillis();
        } else {
          synchronized (gate) {
            drained = Math.max(drained, endedBefore);
            gate.notifyAll();
          }
          idleMillis = idle(idleMillis) ? IDLE_POLL.toMillis() : Math.min(idleMillis * 2, MAX_IDLE_POLL.toMillis());
        }
      }
    } finally {
      if (dirty) {
        save();
      }
    }
  }

  /** One round over the shards that may be read; true if it read or sent anything (look again at once). */
  private boolean cycle() {
    if (!initialized) {
      initialize();
    }
    if (refreshShards || System.nanoTime() - lastRefreshNanos > SHARD_REFRESH.toNanos()) {
      refreshShards();
    }
    boolean busy = false;
    for (ShardReader shard : readyShards()) {
      if (!isRunning()) {
        return true;
      }
      if (shard.pending().isEmpty()) {
        busy |= shard.read(streams, streamArn, this::toJson, filter::matches, () -> trimmed(shard)) > 0;
      }
      if (!shard.pending().isEmpty()) {
        deliver(shard);
        busy = true;
      }
      if (shard.finished()) {
        refreshShards = true; // its children may be read now
        dirty = true;
        busy = true;
      }
    }
    if (dirty && System.nanoTime() - lastSaveNanos > SAVE_FILTERED_PROGRESS_AFTER.toNanos()) {
      save();
    }
    return busy;
  }

  /**
   * Reads the saved checkpoint of this stream. Without one, the mapping is new: at {@code LATEST} the records
   * present now are skipped; at {@code TRIM_HORIZON} reading starts at the oldest shards' oldest records. Either
   * way the mapping is saved at once, so the StartingPosition is never applied again.
   */
  private void initialize() {
    MappingPosition saved = checkpoints.get(source.id(), streamArn);
    if (saved != null) {
      restored.putAll(saved.shards());
      status.shards(saved.shards());
    }
    refreshShards();
    restored.clear(); // shards no longer in the stream: nothing to keep
    if (saved == null) {
      if (source.startingPosition().equals(StreamEventSource.LATEST)) {
        for (ShardReader shard : shards.values()) {
          shard.skipToLatest(streams, streamArn, this::toJson);
        }
      }
      save();
    }
    initialized = true;
  }

  private void refreshShards() {
    Map<String, Shard> described = new LinkedHashMap<>();
    String start = null;
    do {
      String exclusiveStart = start;
      DescribeStreamResponse response = streams.describeStream(request -> request.streamArn(streamArn)
          .exclusiveStartShardId(exclusiveStart));
      response.streamDescription().shards().forEach(shard -> described.put(shard.shardId(), shard));
      start = response.streamDescription().lastEvaluatedShardId();
    } while (start != null);
    shards.keySet().removeIf(shardId -> {
      ShardReader gone = shards.get(shardId);
      if (!described.containsKey(shardId) && !gone.finished()) {
        log("shard " + shardId + " left the stream (older than its retention) before all its records were sent");
      }
      return !described.containsKey(shardId);
    });
    described.values().forEach(shard -> shards.computeIfAbsent(shard.shardId(), id -> {
      ShardPosition position = restored.remove(id);
      return new ShardReader(id, shard.parentShardId(), position == null ? null : position.sequenceNumber(),
          position != null && position.finished());
    }));
    refreshShards = false;
    lastRefreshNanos = System.nanoTime();
  }

  /** The unfinished shards whose parent is finished or no longer in the stream, oldest first. */
  private List<ShardReader> readyShards() {
    List<ShardReader> ready = new ArrayList<>();
    for (ShardReader shard : shards.values()) {
      ShardReader parent = shard.parentShardId() == null ? null : shards.get(shard.parentShardId());
      if (!shard.finished() && (parent == null || parent.finished())) {
        ready.add(shard);
      }
    }
    return ready;
  }

  /** Hands the shard's pending records to the function, batch after batch, until none is left or it stops. */
  private void deliver(ShardReader shard) {
    while (!shard.pending().isEmpty() && isRunning()) {
      Batch batch = Batch.next(shard.pending(), source.batchSize());
      if (batch.sent().isEmpty()) {
        shard.done(batch.range().size());
        status.done(0, batch.range().size());
        dirty = true;
        continue;
      }
      if (!deliver(shard, batch)) {
        return;
      }
    }
  }

  /**
   * Invokes the function with {@code batch} until the batch is done (or partly done: the rest is the next
   * batch); false when it stopped meanwhile.
   */
  private boolean deliver(ShardReader shard, Batch batch) {
    for (int attempt = 1; ; attempt++) {
      synchronized (gate) {
        if (!running) {
          return false;
        }
      }
      BatchResponse answer;
      String error = null;
      try {
        JsonNode response = lambdas.invoke(functionArn, batch.event());
        answer = source.reportBatchItemFailures()
            ? BatchResponse.of(response, batch.sentSequenceNumbers()) : BatchResponse.SUCCESS;
      } catch (LambdaFunctionError e) {
        answer = null;
        error = e.errorType() + ": " + e.errorMessage();
      } catch (RuntimeException e) {
        answer = null;
        error = message(e);
      }
      status.invoked(clock.instant());
      retrying(answer == null || !answer.succeeded());
      if (answer != null && answer.succeeded()) {
        done(shard, batch, batch.range().size(), batch.sent().size());
        return true;
      }
      if (answer != null && answer.problem() == null && answer.firstFailed() > 0) {
        String failed = batch.sent().get(answer.firstFailed()).sequenceNumber();
        status.failed(clock.instant(), "record " + failed + " failed (batchItemFailures)");
        log(batch.describe() + ": the function reported failed items from " + failed + "; retrying from it");
        done(shard, batch, batch.rangeBefore(answer.firstFailed()), answer.firstFailed());
        return true;
      }
      if (error == null) {
        error = answer.problem() != null ? "unusable batchItemFailures: " + answer.problem()
            : "record " + batch.sent().get(0).sequenceNumber() + " failed (batchItemFailures)";
      }
      status.failed(clock.instant(), error);
      if (source.maximumRetryAttempts() >= 0 && attempt > source.maximumRetryAttempts()) {
        log(batch.describe() + " failed " + attempt + " time(s), the last with " + error
            + "; skipped (MaximumRetryAttempts " + source.maximumRetryAttempts() + ")");
        status.skipped(batch.sent().size());
        done(shard, batch, batch.range().size(), 0);
        return true;
      }
      Duration delay = Backoff.delay(attempt, FIRST_RETRY, MAX_RETRY);
      log(batch.describe() + " failed (attempt " + attempt + "): " + error + "; retrying in " + delay.toMillis() + " ms");
      if (!pause(delay)) {
        return false;
      }
    }
  }

  private void retrying(boolean value) {
    synchronized (gate) {
      retrying = value;
      gate.notifyAll();
    }
  }

  /** The first {@code count} records of the batch's range are done, {@code sent} of them delivered. */
  private void done(ShardReader shard, Batch batch, int count, int sent) {
    int filteredOut = (int) batch.range().subList(0, count).stream().filter(record -> !record.matches()).count();
    shard.done(count);
    status.done(sent, filteredOut);
    save();
  }

  private void save() {
    Map<String, ShardPosition> positions = new LinkedHashMap<>();
    shards.values().forEach(shard -> {
      if (shard.checkpoint() != null || shard.finished()) {
        positions.put(shard.shardId(), new ShardPosition(shard.checkpoint(), shard.finished()));
      }
    });
    checkpoints.save(source.id(), new MappingPosition(streamArn, positions));
    status.shards(positions);
    dirty = false;
    lastSaveNanos = System.nanoTime();
  }

  private ObjectNode toJson(Record record) {
    return StreamRecordJson.of(record, source.streamArn());
  }

  private void trimmed(ShardReader shard) {
    log("records of shard " + shard.shardId() + " after " + shard.checkpoint() + " left the stream (older than its"
        + " retention) before they were sent; going on from the shard's oldest record");
  }

  private boolean isRunning() {
    synchronized (gate) {
      return running;
    }
  }

  /** Waits {@code duration} unless stopped meanwhile; true if still running. */
  private boolean pause(Duration duration) {
    long deadline = System.nanoTime() + duration.toNanos();
    synchronized (gate) {
      try {
        while (running) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          gate.wait(Math.max(1, left / 1_000_000));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
      return running;
    }
  }

  /** Waits {@code millis}, or less if {@link #wake()} is called or it stops; true if woken. */
  private boolean idle(long millis) {
    synchronized (gate) {
      try {
        if (running && !woken) {
          gate.wait(millis);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      }
      boolean wasWoken = woken;
      woken = false;
      return wasWoken;
    }
  }

  private void log(String message) {
    System.err.println("DynamoDB stream " + source.tableName() + " -> " + source.id() + ": " + message);
  }

  private static String message(RuntimeException e) {
    return e.getClass().getName() + ": " + Objects.requireNonNullElse(e.getMessage(), "(no message)");
  }
}
