package com.modelregistry.local.states;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.aws.AwsJsonService;
import com.modelregistry.local.aws.AwsServiceError;
import com.modelregistry.local.lambda.LambdaInvoker;
import com.modelregistry.local.sam.SamTemplate;
import com.modelregistry.local.states.asl.DefinitionParser;
import com.modelregistry.local.states.asl.InvalidDefinitionException;
import com.modelregistry.local.states.asl.Json;
import com.modelregistry.local.states.asl.StateMachineDefinition;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * AWS Step Functions, locally: the API (awsJson1_0, {@code X-Amz-Target: AWSStepFunctions.<Operation>})
 * over an interpreter of the Amazon States Language whose tasks call Lambda handlers in-process through
 * a {@link LambdaInvoker}. State machines and executions (with their history, pending waits and task
 * tokens) live in a directory and survive restarts: {@link #start} resumes every running execution where
 * it stood. Time is a {@link LocalClock}, which tests can advance instead of sleeping.
 *
 * <p>Supported operations: CreateStateMachine (STANDARD), UpdateStateMachine, DescribeStateMachine,
 * DeleteStateMachine, ListStateMachines, ValidateStateMachineDefinition, StartExecution,
 * DescribeExecution, DescribeStateMachineForExecution, StopExecution, ListExecutions,
 * GetExecutionHistory, SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat. Everything runs on one
 * engine thread, so the service is safe to call from any thread.
 */
public final class StepFunctionsService implements AwsJsonService, AutoCloseable {

  private static final int MAX_INPUT_CHARS = 256 * 1024;
  private static final Set<String> STATUSES = Set.of("RUNNING", "SUCCEEDED", "FAILED", "TIMED_OUT", "ABORTED", "PENDING_REDRIVE");

  private final LocalClock clock;
  private final Storage storage;
  private final WorkTracker tracker = new WorkTracker();
  private final EngineThread engine;
  private final Scheduler scheduler;
  private final LambdaTasks tasks;
  private final Interpreter interpreter;
  /** By ARN; touched on the engine thread only. */
  private final Map<String, StateMachine> machines = new LinkedHashMap<>();
  private final Map<String, Execution> executions = new LinkedHashMap<>();

  private StepFunctionsService(Path directory, LambdaInvoker invoker, LocalClock clock) {
    this.clock = clock;
    this.storage = new Storage(directory);
    this.engine = new EngineThread(tracker);
    this.scheduler = new Scheduler(clock, engine::post);
    this.tasks = new LambdaTasks(invoker, tracker);
    this.interpreter = new Interpreter(clock, scheduler, tasks, storage, engine, executions);
  }

  /**
   * Opens the service on its directory (created if missing), loads its state machines and executions,
   * and resumes every running execution: pending Wait states and retries fire when due, tasks waiting for
   * a token keep waiting for the same token, and a task whose Lambda call was in flight when the service
   * stopped is called again (at-least-once).
   */
  public static StepFunctionsService start(Path directory, LambdaInvoker invoker, LocalClock clock) {
    StepFunctionsService service = new StepFunctionsService(directory, invoker, clock);
    try {
      service.engine.call(() -> {
        service.load();
        return null;
      });
    } catch (RuntimeException e) {
      service.close();
      throw e;
    }
    return service;
  }

  private void load() {
    storage.loadStateMachines().forEach(machine -> machines.put(machine.arn, machine));
    List<Execution> running = new ArrayList<>();
    for (Execution execution : storage.loadExecutions()) {
      executions.put(execution.executionArn, execution);
      if (execution.running()) {
        running.add(execution);
      }
    }
    running.forEach(execution -> engine.post(() -> interpreter.resume(execution)));
  }

  @Override
  public String targetPrefix() {
    return "AWSStepFunctions";
  }

  @Override
  public String contentType() {
    return "application/x-amz-json-1.0";
  }

  @Override
  public String displayName() {
    return "Step Functions";
  }

  public LocalClock clock() {
    return clock;
  }

  @Override
  public JsonNode handle(String operation, JsonNode input) {
    Request request = new Request(input);
    return engine.call(() -> dispatch(operation, request));
  }

  /**
   * Waits until nothing is under way: no queued engine work, no Lambda call in flight (waits, retries and
   * timeouts that are not yet due don't count). For tests: advance the clock, then await idleness.
   *
   * @return false if still busy after the timeout
   */
  public boolean awaitIdle(Duration timeout) {
    try {
      return tracker.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Creates or updates the template's {@code AWS::Serverless::StateMachine} resources (see
   * {@link TemplateStateMachines}); running executions keep the definition they started with.
   *
   * @return the state machines' ARNs
   * @throws com.modelregistry.local.sam.TemplateException if a state machine can't be read or its
   *     definition is invalid
   */
  public List<String> provision(SamTemplate template) {
    List<String> arns = new ArrayList<>();
    for (TemplateStateMachines.Definition definition : TemplateStateMachines.read(template)) {
      arns.add(engine.call(() -> upsert(definition)));
    }
    return arns;
  }

  private String upsert(TemplateStateMachines.Definition definition) {
    String arn = Arns.stateMachine(definition.name());
    StateMachine existing = machines.get(arn);
    if (existing == null) {
      createStateMachine(definition.name(), definition.definition(), definition.roleArn(), null, null);
    } else if (!existing.definition.equals(definition.definition()) || !existing.roleArn.equals(definition.roleArn())) {
      existing.definition = definition.definition();
      existing.roleArn = definition.roleArn();
      existing.updateDate = clock.now();
      existing.revisionId = UUID.randomUUID().toString();
      storage.save(existing);
    }
    return arn;
  }

  @Override
  public void close() {
    scheduler.close();
    engine.close();
    tasks.close();
  }

  private JsonNode dispatch(String operation, Request request) {
    return switch (operation) {
      case "CreateStateMachine" -> createStateMachine(request);
      case "UpdateStateMachine" -> updateStateMachine(request);
      case "DescribeStateMachine" -> describeStateMachine(request);
      case "DeleteStateMachine" -> deleteStateMachine(request);
      case "ListStateMachines" -> listStateMachines(request);
      case "ValidateStateMachineDefinition" -> validateStateMachineDefinition(request);
      case "StartExecution" -> startExecution(request);
      case "DescribeExecution" -> describeExecution(request);
      case "DescribeStateMachineForExecution" -> describeStateMachineForExecution(request);
      case "StopExecution" -> stopExecution(request);
      case "ListExecutions" -> listExecutions(request);
      case "GetExecutionHistory" -> getExecutionHistory(request);
      case "SendTaskSuccess" -> sendTaskSuccess(request);
      case "SendTaskFailure" -> sendTaskFailure(request);
      case "SendTaskHeartbeat" -> sendTaskHeartbeat(request);
      default -> throw new AwsServiceError("UnknownOperationException",
          "Operation " + operation + " is not supported by the local Step Functions");
    };
  }

  // ---------------------------------------------------------------------------------------------------
  // State machines

  private JsonNode createStateMachine(Request request) {
    String name = request.requiredString("name");
    String definition = request.requiredString("definition");
    String roleArn = request.requiredString("roleArn");
    String type = request.string("type");
    if (type != null && !type.equals("STANDARD")) {
      throw type.equals("EXPRESS")
          ? new AwsServiceError("ValidationException", "EXPRESS state machines are not supported by the local"
              + " Step Functions: create a STANDARD one")
          : Request.validation("Value '" + type + "' at 'type' failed to satisfy constraint: Member must satisfy enum"
              + " value set: [STANDARD, EXPRESS]");
    }
    if (request.bool("publish", false)) {
      throw new AwsServiceError("ValidationException", "Versions (publish: true) are not supported by the local Step Functions");
    }
    Arns.checkName(name);
    StateMachine machine = createStateMachine(name, definition, roleArn, request.node("loggingConfiguration"),
        request.node("tracingConfiguration"));
    return Json.object().put("stateMachineArn", machine.arn).set("creationDate", ApiJson.epochSeconds(machine.creationDate));
  }

  private StateMachine createStateMachine(String name, String definition, String roleArn, JsonNode logging,
      JsonNode tracing) {
    validate(definition);
    String arn = Arns.stateMachine(name);
    StateMachine existing = machines.get(arn);
    if (existing != null) {
      // CreateStateMachine is idempotent for the same name, definition and role.
      if (existing.definition.equals(definition) && existing.roleArn.equals(roleArn)) {
        return existing;
      }
      throw new AwsServiceError("StateMachineAlreadyExists", "State Machine Already Exists: '" + arn + "'");
    }
    StateMachine machine = new StateMachine();
    machine.arn = arn;
    machine.name = name;
    machine.definition = definition;
    machine.roleArn = roleArn;
    machine.type = "STANDARD";
    machine.creationDate = clock.now();
    machine.loggingConfiguration = logging != null ? logging
        : Json.object().put("level", "OFF").put("includeExecutionData", false);
    machine.tracingConfiguration = tracing != null ? tracing : Json.object().put("enabled", false);
    storage.save(machine);
    machines.put(arn, machine);
    return machine;
  }

  private static StateMachineDefinition validate(String definition) {
    try {
      return DefinitionParser.parse(definition);
    } catch (InvalidDefinitionException e) {
      throw new AwsServiceError("InvalidDefinition", e.getMessage());
    }
  }

  private JsonNode updateStateMachine(Request request) {
    StateMachine machine = stateMachine(request.requiredString("stateMachineArn"));
    String definition = request.string("definition");
    String roleArn = request.string("roleArn");
    JsonNode logging = request.node("loggingConfiguration");
    JsonNode tracing = request.node("tracingConfiguration");
    if (definition == null && roleArn == null && logging == null && tracing == null) {
      throw new AwsServiceError("MissingRequiredParameter",
          "Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified");
    }
    if (request.bool("publish", false)) {
      throw new AwsServiceError("ValidationException", "Versions (publish: true) are not supported by the local Step Functions");
    }
    if (definition != null) {
      validate(definition);
      machine.definition = definition;
    }
    if (roleArn != null) {
      machine.roleArn = roleArn;
    }
    if (logging != null) {
      machine.loggingConfiguration = logging;
    }
    if (tracing != null) {
      machine.tracingConfiguration = tracing;
    }
    machine.updateDate = clock.now();
    machine.revisionId = UUID.randomUUID().toString();
    storage.save(machine);
    return Json.object().<ObjectNode>set("updateDate", ApiJson.epochSeconds(machine.updateDate))
        .put("revisionId", machine.revisionId);
  }

  private JsonNode describeStateMachine(Request request) {
    StateMachine machine = stateMachine(request.requiredString("stateMachineArn"));
    ObjectNode response = Json.object();
    response.put("stateMachineArn", machine.arn);
    response.put("name", machine.name);
    response.put("status", "ACTIVE");
    response.put("definition", machine.definition);
    response.put("roleArn", machine.roleArn);
    response.put("type", machine.type);
    response.set("creationDate", ApiJson.epochSeconds(machine.creationDate));
    response.set("loggingConfiguration", machine.loggingConfiguration);
    response.set("tracingConfiguration", machine.tracingConfiguration);
    if (machine.revisionId != null) {
      response.put("revisionId", machine.revisionId);
    }
    return response;
  }

  private JsonNode deleteStateMachine(Request request) {
    String arn = request.requiredString("stateMachineArn");
    Arns.checkStateMachineArn(arn);
    StateMachine machine = machines.remove(arn);
    if (machine != null) {
      storage.delete(machine); // its running executions go on with the definition they started with
    }
    return Json.object();
  }

  private JsonNode listStateMachines(Request request) {
    List<StateMachine> sorted = machines.values().stream().sorted(Comparator.comparing(machine -> machine.name)).toList();
    String token = request.string("nextToken");
    int from = 0;
    if (token != null) {
      String after = PageTokens.decode("ListStateMachines", token);
      while (from < sorted.size() && sorted.get(from).name.compareTo(after) <= 0) {
        from++;
      }
    }
    int to = Math.min(sorted.size(), from + request.maxResults());
    ObjectNode response = Json.object();
    ArrayNode items = response.putArray("stateMachines");
    for (StateMachine machine : sorted.subList(from, to)) {
      items.addObject().put("stateMachineArn", machine.arn).put("name", machine.name).put("type", machine.type)
          .set("creationDate", ApiJson.epochSeconds(machine.creationDate));
    }
    if (to < sorted.size()) {
      response.put("nextToken", PageTokens.encode("ListStateMachines", sorted.get(to - 1).name));
    }
    return response;
  }

  private JsonNode validateStateMachineDefinition(Request request) {
    String definition = request.requiredString("definition");
    String type = request.string("type");
    ObjectNode response = Json.object();
    ArrayNode diagnostics = response.putArray("diagnostics");
    if (type != null && !type.equals("STANDARD")) {
      diagnostics.addObject().put("severity", "ERROR").put("code", "UNSUPPORTED_TYPE")
          .put("message", "Only STANDARD state machines are supported by the local Step Functions");
    }
    try {
      DefinitionParser.parse(definition);
    } catch (InvalidDefinitionException e) {
      e.problems().forEach(problem -> {
        ObjectNode diagnostic = diagnostics.addObject().put("severity", "ERROR").put("code", problem.code())
            .put("message", problem.message());
        if (problem.location() != null) {
          diagnostic.put("location", problem.location());
        }
      });
    }
    response.put("result", diagnostics.isEmpty() ? "OK" : "FAIL");
    response.put("truncated", false);
    return response;
  }

  // ---------------------------------------------------------------------------------------------------
  // Executions

  private JsonNode startExecution(Request request) {
    StateMachine machine = stateMachine(request.requiredString("stateMachineArn"));
    String name = request.string("name");
    if (name == null) {
      name = UUID.randomUUID().toString();
    }
    Arns.checkName(name);
    String inputText = request.string("input");
    if (inputText == null) {
      inputText = "{}";
    }
    if (inputText.length() > MAX_INPUT_CHARS) {
      throw new AwsServiceError("InvalidExecutionInput", "Invalid State Machine Execution Input: 'The input is longer than "
          + MAX_INPUT_CHARS + " characters'");
    }
    JsonNode input;
    try {
      input = Json.parse(inputText);
    } catch (JsonProcessingException e) {
      throw new AwsServiceError("InvalidExecutionInput", "Invalid State Machine Execution Input: '"
          + e.getOriginalMessage() + "'");
    }
    String arn = Arns.execution(machine.name, name);
    Execution existing = executions.get(arn);
    if (existing != null) {
      // Idempotent while it runs with the same input; otherwise the name is taken.
      if (existing.running() && existing.input.equals(input)) {
        return startResponse(existing);
      }
      throw new AwsServiceError("ExecutionAlreadyExists", "Execution Already Exists: '" + arn + "'");
    }
    Execution execution = new Execution();
    execution.executionArn = arn;
    execution.stateMachineArn = machine.arn;
    execution.stateMachineName = machine.name;
    execution.name = name;
    execution.definitionText = machine.definition;
    execution.roleArn = machine.roleArn;
    execution.status = Execution.RUNNING;
    execution.inputText = inputText;
    execution.input = input;
    execution.startDate = clock.now();
    ObjectNode started = History.data(Json.object(), "input", input).put("roleArn", machine.roleArn);
    execution.history.add("ExecutionStarted", execution.startDate, "executionStartedEventDetails", started);
    execution.position = Position.ready(execution.definition().startAt(), input);
    storage.save(execution);
    executions.put(arn, execution);
    engine.post(() -> interpreter.start(execution));
    return startResponse(execution);
  }

  private static JsonNode startResponse(Execution execution) {
    return Json.object().put("executionArn", execution.executionArn)
        .set("startDate", ApiJson.epochSeconds(execution.startDate));
  }

  private JsonNode describeExecution(Request request) {
    Execution execution = execution(request.requiredString("executionArn"));
    ObjectNode response = Json.object();
    response.put("executionArn", execution.executionArn);
    response.put("stateMachineArn", execution.stateMachineArn);
    response.put("name", execution.name);
    response.put("status", execution.status);
    response.set("startDate", ApiJson.epochSeconds(execution.startDate));
    if (execution.stopDate != null) {
      response.set("stopDate", ApiJson.epochSeconds(execution.stopDate));
    }
    response.put("input", execution.inputText);
    response.putObject("inputDetails").put("included", true);
    if (execution.output != null) {
      response.put("output", Json.write(execution.output));
      response.putObject("outputDetails").put("included", true);
    }
    if (execution.error != null) {
      response.put("error", execution.error);
    }
    if (execution.cause != null) {
      response.put("cause", execution.cause);
    }
    response.put("redriveCount", 0);
    return response;
  }

  private JsonNode describeStateMachineForExecution(Request request) {
    Execution execution = execution(request.requiredString("executionArn"));
    StateMachine machine = machines.get(execution.stateMachineArn);
    ObjectNode response = Json.object();
    response.put("stateMachineArn", execution.stateMachineArn);
    response.put("name", execution.stateMachineName);
    response.put("definition", execution.definitionText);
    response.put("roleArn", execution.roleArn);
    response.set("updateDate", ApiJson.epochSeconds(machine != null && machine.updateDate != null
        ? machine.updateDate : machine != null ? machine.creationDate : execution.startDate));
    if (machine != null) {
      response.set("loggingConfiguration", machine.loggingConfiguration);
      response.set("tracingConfiguration", machine.tracingConfiguration);
    }
    return response;
  }

  private JsonNode stopExecution(Request request) {
    Execution execution = execution(request.requiredString("executionArn"));
    String error = request.string("error", 256);
    String cause = request.string("cause", 32768);
    if (execution.running()) {
      interpreter.stop(execution, error, cause);
    }
    return Json.object().set("stopDate", ApiJson.epochSeconds(execution.stopDate));
  }

  private JsonNode listExecutions(Request request) {
    if (request.string("mapRunArn") != null) {
      throw new AwsServiceError("ValidationException", "Map Runs are not supported by the local Step Functions");
    }
    StateMachine machine = stateMachine(request.requiredString("stateMachineArn"));
    String statusFilter = request.string("statusFilter");
    if (statusFilter != null && !STATUSES.contains(statusFilter)) {
      throw Request.validation("Value '" + statusFilter + "' at 'statusFilter' failed to satisfy constraint: Member must"
          + " satisfy enum value set: [RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE]");
    }
    List<Execution> sorted = executions.values().stream()
        .filter(execution -> execution.stateMachineArn.equals(machine.arn))
        .filter(execution -> statusFilter == null || statusFilter.equals(execution.status))
        .sorted(Comparator.comparing((Execution execution) -> execution.startDate).reversed()
            .thenComparing(execution -> execution.name))
        .toList();
    int from = 0;
    String token = request.string("nextToken");
    if (token != null) {
      String after = PageTokens.decode("ListExecutions:" + machine.arn + ":" + statusFilter, token);
      from = -1;
      for (int i = 0; i < sorted.size(); i++) {
        if (sorted.get(i).executionArn.equals(after)) {
          from = i + 1;
        }
      }
      if (from < 0) {
        throw new AwsServiceError("InvalidToken", "Invalid Token: 'Invalid pagination token'");
      }
    }
    int to = Math.min(sorted.size(), from + request.maxResults());
    ObjectNode response = Json.object();
    ArrayNode items = response.putArray("executions");
    for (Execution execution : sorted.subList(from, to)) {
      ObjectNode item = items.addObject();
      item.put("executionArn", execution.executionArn);
      item.put("stateMachineArn", execution.stateMachineArn);
      item.put("name", execution.name);
      item.put("status", execution.status);
      item.set("startDate", ApiJson.epochSeconds(execution.startDate));
      if (execution.stopDate != null) {
        item.set("stopDate", ApiJson.epochSeconds(execution.stopDate));
      }
      item.put("redriveCount", 0);
    }
    if (to < sorted.size()) {
      response.put("nextToken", PageTokens.encode("ListExecutions:" + machine.arn + ":" + statusFilter,
          sorted.get(to - 1).executionArn));
    }
    return response;
  }

  private JsonNode getExecutionHistory(Request request) {
    Execution execution = execution(request.requiredString("executionArn"));
    boolean reverse = request.bool("reverseOrder", false);
    boolean includeData = request.bool("includeExecutionData", true);
    int maxResults = request.maxResults();
    List<ObjectNode> events = new ArrayList<>(execution.history.events());
    if (reverse) {
      java.util.Collections.reverse(events);
    }
    String listing = "GetExecutionHistory:" + execution.executionArn + ":" + reverse;
    int from = 0;
    String token = request.string("nextToken");
    if (token != null) {
      try {
        from = Integer.parseInt(PageTokens.decode(listing, token));
      } catch (NumberFormatException e) {
        throw new AwsServiceError("InvalidToken", "Invalid Token: 'Invalid pagination token'");
      }
      if (from < 0 || from > events.size()) {
        throw new AwsServiceError("InvalidToken", "Invalid Token: 'Invalid pagination token'");
      }
    }
    int to = Math.min(events.size(), from + maxResults);
    ObjectNode response = Json.object();
    ArrayNode page = response.putArray("events");
    for (ObjectNode event : events.subList(from, to)) {
      page.add(includeData ? event : withoutData(event));
    }
    if (to < events.size()) {
      response.put("nextToken", PageTokens.encode(listing, String.valueOf(to)));
    }
    return response;
  }

  private static ObjectNode withoutData(ObjectNode event) {
    ObjectNode copy = event.deepCopy();
    copy.fields().forEachRemaining(field -> {
      if (field.getKey().endsWith("EventDetails") && field.getValue() instanceof ObjectNode details) {
        details.remove(List.of("input", "inputDetails", "output", "outputDetails", "parameters"));
      }
    });
    return copy;
  }

  // ---------------------------------------------------------------------------------------------------
  // Callbacks

  private JsonNode sendTaskSuccess(Request request) {
    String token = taskToken(request);
    String outputText = request.requiredString("output");
    JsonNode output;
    try {
      output = Json.parse(outputText);
    } catch (JsonProcessingException e) {
      throw new AwsServiceError("InvalidOutput", "Invalid Output: '" + e.getOriginalMessage() + "'");
    }
    interpreter.tasks.succeeded(waitingTask(token), output);
    return Json.object();
  }

  private JsonNode sendTaskFailure(Request request) {
    String token = taskToken(request);
    String error = request.string("error", 256);
    String cause = request.string("cause", 32768);
    interpreter.tasks.failed(waitingTask(token), error, cause);
    return Json.object();
  }

  private JsonNode sendTaskHeartbeat(Request request) {
    interpreter.tasks.heartbeat(waitingTask(taskToken(request)));
    return Json.object();
  }

  private static String taskToken(Request request) {
    String token = request.requiredString("taskToken");
    if (token.isEmpty() || token.length() > 2048) {
      throw Request.validation("Value at 'taskToken' failed to satisfy constraint: Member must have length between 1 and 2048");
    }
    return token;
  }

  /** Where the task waiting for this token is (InvalidToken, TaskDoesNotExist, TaskTimedOut). */
  private Frame waitingTask(String token) {
    String arn = TaskTokens.executionArn(token)
        .orElseThrow(() -> new AwsServiceError("InvalidToken", "Invalid Token: 'Invalid token'"));
    Execution execution = executions.get(arn);
    if (execution == null) {
      throw new AwsServiceError("TaskDoesNotExist", "Task Does Not Exist: 'Provided task does not exist'");
    }
    Frame frame = TaskSteps.waitingFor(execution, token);
    if (frame == null) {
      throw new AwsServiceError("TaskTimedOut", "Task Timed Out: 'Provided task does not exist anymore'");
    }
    return frame;
  }

  // ---------------------------------------------------------------------------------------------------

  private StateMachine stateMachine(String arn) {
    Arns.checkStateMachineArn(arn);
    StateMachine machine = machines.get(arn);
    if (machine == null) {
      throw new AwsServiceError("StateMachineDoesNotExist", "State Machine Does Not Exist: '" + arn + "'");
    }
    return machine;
  }

  private Execution execution(String arn) {
    Arns.checkExecutionArn(arn);
    Execution execution = executions.get(arn);
    if (execution == null) {
      throw new AwsServiceError("ExecutionDoesNotExist", "Execution Does Not Exist: '" + arn + "'");
    }
    return execution;
  }
}
