package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.http.AdminResponse;
import com.modelregistry.local.http.LocalAdminRoute;
import com.modelregistry.local.lambda.LambdaInvoker;
import com.modelregistry.local.sam.FunctionDefinition;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.sam.StreamEventSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event source mappings for the template's DynamoDB streams: every function event of
 * {@code Type: DynamoDB} gets a {@link StreamPoller} (a daemon thread) that reads the table's stream in
 * DynamoDB Local and invokes the function with the records, as Lambda would. Checkpoints live in
 * {@code <data-dir>/streams/checkpoints.json}.
 *
 * <pre>{@code
 * StreamMappings streams = StreamMappings.create(dataDir.resolve("streams"), template, dynamoDb, streamsClient,
 *     lambdas, clock);
 * streams.start();          // after everything the functions call is up
 * streams.adminRoutes();    // GET /_local/streams
 * streams.close();          // before the functions and DynamoDB go away
 * }</pre>
 */
public final class StreamMappings implements ClientAccess, AutoCloseable {

  /** How long a write or read waits at most for records to be delivered (a slow function holds it no longer). */
  static final Duration DELIVERY_WAIT = Duration.ofSeconds(2);

  private final List<StreamEventSource> sources;
  private final List<StreamPoller> pollers;
  private final CheckpointFile checkpoints;
  private final WriteTickets tickets;

  private StreamMappings(List<StreamEventSource> sources, List<StreamPoller> pollers, CheckpointFile checkpoints,
      WriteTickets tickets) {
    this.sources = List.copyOf(sources);
    this.pollers = List.copyOf(pollers);
    this.checkpoints = checkpoints;
    this.tickets = tickets;
  }

  /**
   * Reads the checkpoints and prepares a poller for every enabled mapping (the tables must be provisioned with
   * their streams); nothing runs before {@link #start()}.
   *
   * @param template the template with its stream labels ({@link SamTemplate#withStreamLabels})
   * @param lambdas invokes the functions
   */
  public static StreamMappings create(Path directory, SamTemplate template, DynamoDbClient dynamoDb,
      DynamoDbStreamsClient streams, LambdaInvoker lambdas, Clock clock) {
    List<StreamEventSource> sources = new ArrayList<>();
    Map<String, String> functionArns = new HashMap<>();
    for (FunctionDefinition function : template.functions()) {
      sources.addAll(function.streamEvents());
      functionArns.put(function.logicalId(), function.functionArn());
    }
    Set<String> ids = new LinkedHashSet<>();
    sources.forEach(source -> ids.add(source.id()));
    CheckpointFile checkpoints = CheckpointFile.open(directory, ids);
    WriteTickets tickets = new WriteTickets();
    List<StreamPoller> pollers = new ArrayList<>();
    for (StreamEventSource source : sources) {
      if (source.enabled()) {
        String streamArn = dynamoDb.describeTable(request -> request.tableName(source.tableName())).table()
            .latestStreamArn();
        pollers.add(new StreamPoller(source, functionArns.get(source.functionLogicalId()), streamArn, streams,
            lambdas, checkpoints, tickets, clock));
      }
    }
    return new StreamMappings(sources, pollers, checkpoints, tickets);
  }

  /** Starts polling. */
  public void start() {
    pollers.forEach(StreamPoller::start);
  }

  @Override
  public long writeStarting() {
    return tickets.begin();
  }

  /**
   * A committed write makes the pollers look at their streams now instead of at their next poll, and returns once
   * they have delivered what it produced (at most {@link #DELIVERY_WAIT}). So what a change publishes through the
   * outbox is on the local bus when the request that made it answers; on AWS, consumers see it a moment later.
   */
  @Override
  public void writeEnded(long ticket, boolean committed) {
    tickets.end(ticket);
    if (committed) {
      pollers.forEach(StreamPoller::wake);
      pollers.forEach(poller -> poller.awaitDelivered(ticket, DELIVERY_WAIT));
    }
  }

  /**
   * Waits until the pollers have delivered what every write begun before this read produced (at most
   * {@link #DELIVERY_WAIT}; usually nothing is outstanding and this returns at once). A reader who sees a change,
   * even one another thread made (a workflow step), can then also see its events on the local bus.
   */
  @Override
  public void readStarting() {
    long begun = tickets.issued();
    pollers.forEach(poller -> poller.awaitDelivered(begun, DELIVERY_WAIT));
  }

  /** The mappings' ids ({@code <Function>.<Event>}), enabled or not. */
  public List<String> ids() {
    return sources.stream().map(StreamEventSource::id).toList();
  }

  public Path checkpointFile() {
    return checkpoints.path();
  }

  /** {@code GET /_local/streams}: every mapping, its settings, checkpoints and last error. */
  public List<LocalAdminRoute> adminRoutes() {
    return List.of(LocalAdminRoute.of("streams", query -> AdminResponse.json(toJson())));
  }

  ObjectNode toJson() {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    ArrayNode mappings = body.putArray("mappings");
    for (StreamEventSource source : sources) {
      StreamPoller poller = pollers.stream().filter(p -> p.source().equals(source)).findFirst().orElse(null);
      ObjectNode mapping = mappings.addObject();
      mapping.put("id", source.id());
      mapping.put("function", source.functionLogicalId());
      mapping.put("event", source.eventName());
      mapping.put("table", source.tableName());
      mapping.put("eventSourceArn", source.streamArn());
      mapping.put("enabled", source.enabled());
      mapping.put("startingPosition", source.startingPosition());
      mapping.put("batchSize", source.batchSize());
      mapping.put("maximumRetryAttempts", source.maximumRetryAttempts());
      mapping.put("reportBatchItemFailures", source.reportBatchItemFailures());
      ArrayNode filters = mapping.putArray("filters");
      source.filterPatterns().forEach(filters::add);
      if (poller != null) {
        mapping.put("streamArn", poller.streamArn());
        mapping.setAll(poller.status().toJson());
      }
    }
    return body;
  }

  /** Stops every poller (an invocation under way gets a few seconds), then the checkpoint file. */
  @Override
  public void close() {
    try {
      pollers.forEach(StreamPoller::close);
    } finally {
      checkpoints.close();
    }
  }
}
