package com.modelregistry.local.events;

import com.modelregistry.local.aws.AwsEndpoint;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.http.LocalAdminRoute;
import com.modelregistry.local.lambda.LambdaInvoker;
import com.modelregistry.local.sam.SamTemplate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The local EventBridge: the default bus plus the template's buses and rules, rules matched with AWS's
 * Event Ruler, targets (in-process Lambda functions, state machines, CloudWatch Logs log groups, http(s)
 * URLs on this machine) served asynchronously with retries and dead letters, and an event log. Everything
 * lives under {@code <data-dir>/events/}: {@code events.jsonl} (the log), {@code dead-letters.jsonl},
 * {@code state.json} (buses and rules made through the API) and {@code logs/<log group>.jsonl} (what log
 * group targets received).
 *
 * <pre>{@code
 * LocalEventBridge events = LocalEventBridge.start(dataDir.resolve("events"), template, lambdas, endpoint, clock);
 * endpoint.register(events.service());     // AWSEvents.* on the AWS endpoint
 * events.adminRoutes();                    // GET /_local/events, /_local/dead-letters
 * }</pre>
 */
public final class LocalEventBridge implements AutoCloseable {

  private final EventBusRegistry registry;
  private final EventLog log;
  private final DeadLetters deadLetters;
  private final TargetDispatcher dispatcher;
  private final EventBridgeService service;
  private final Path logsDirectory;

  private LocalEventBridge(EventBusRegistry registry, EventLog log, DeadLetters deadLetters,
      TargetDispatcher dispatcher, EventBridgeService service, Path logsDirectory) {
    this.logsDirectory = logsDirectory;
    this.registry = registry;
    this.log = log;
    this.deadLetters = deadLetters;
    this.dispatcher = dispatcher;
    this.service = service;
  }

  /**
   * Reads the template's buses and rules (a malformed one is a
   * {@link com.modelregistry.local.sam.TemplateException}), lays the persisted API changes over them and
   * starts the delivery threads.
   *
   * @param lambdas invokes Lambda targets in-process
   * @param endpoint where state machine targets find the Step Functions service (looked up per delivery)
   */
  public static LocalEventBridge start(Path directory, SamTemplate template, LambdaInvoker lambdas,
      AwsEndpoint endpoint, Clock clock) {
    EventBridgeTemplate resources = new EventBridgeTemplate(template);
    EventBusRegistry registry = new EventBusRegistry(directory.resolve("state.json"), clock);
    registry.load(resources.buses(clock.instant()), resources.rules());
    EventLog log = new EventLog(directory.resolve("events.jsonl"));
    DeadLetters deadLetters = new DeadLetters(directory.resolve("dead-letters.jsonl"));
    TargetDispatcher dispatcher = new TargetDispatcher(lambdas, endpoint::jsonService, directory.resolve("logs"), log,
        deadLetters, clock);
    EventBridgeService service = new EventBridgeService(registry, new EventPublisher(registry, log, dispatcher, clock));
    return new LocalEventBridge(registry, log, deadLetters, dispatcher, service,
        directory.resolve("logs").toAbsolutePath().normalize());
  }

  /**
   * Reads the template's buses and rules without starting anything, so that a mistake in them fails a
   * start before any server runs.
   *
   * @throws com.modelregistry.local.sam.TemplateException naming the resource and the problem
   */
  public static void checkTemplate(SamTemplate template) {
    EventBridgeTemplate resources = new EventBridgeTemplate(template);
    resources.buses(Instant.EPOCH);
    resources.rules();
  }

  /** The {@code AWSEvents} JSON-protocol service to register on the AWS endpoint. */
  public AwsJsonService service() {
    return service;
  }

  /** {@code GET /_local/events} and {@code GET /_local/dead-letters}. */
  public List<LocalAdminRoute> adminRoutes() {
    return EventsAdminRoutes.of(log, deadLetters);
  }

  /** The names of the buses, default first. */
  public List<String> busNames() {
    return registry.buses().stream().map(EventBus::name).toList();
  }

  public Path eventLogFile() {
    return log.path();
  }

  public Path deadLetterFile() {
    return deadLetters.path();
  }

  /**
   * The file a CloudWatch Logs target's events are appended to, one JSON line each, e.g.
   * {@code <data-dir>/events/logs/aws_events_model-registry-local_deployments.jsonl} for the log group
   * {@code /aws/events/model-registry-local/deployments}.
   */
  public Path logGroupFile(String logGroupName) {
    return logsDirectory.resolve(LogsTargetInvoker.fileName(logGroupName));
  }

  /**
   * Waits until every queued delivery (including retries) has ended; for tests and orderly shutdown.
   *
   * @return false if some were still under way after {@code timeout}
   */
  public boolean awaitDeliveries(Duration timeout) throws InterruptedException {
    return dispatcher.awaitIdle(timeout);
  }

  /** Stops delivering (deliveries under way get two seconds). */
  @Override
  public void close() {
    dispatcher.close();
  }
}
