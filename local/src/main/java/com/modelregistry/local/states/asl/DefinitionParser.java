package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a state machine definition (Amazon States Language, JSONPath dialect): the
 * structure (required and allowed fields per state type, field types and ranges), transitions (StartAt and
 * every Next, Default and Catch target exist; exactly one of Next and End; no unreachable state), Choice
 * rules, Retry/Catch (States.ALL alone and last), paths, payload templates and intrinsic functions. Every
 * problem found is reported at once, with where it is.
 */
public final class DefinitionParser {

  private static final int MAX_STATE_NAME = 80;
  private static final int MAX_SECONDS = 99_999_999;
  private static final int MAX_RETRY_DELAY_SECONDS = 31_622_401;

  private static final Set<String> TOP_LEVEL = Set.of("Comment", "StartAt", "States", "Version", "TimeoutSeconds", "QueryLanguage");
  private static final Set<String> COMMON = Set.of("Type", "Comment", "QueryLanguage");
  private static final Map<String, Set<String>> FIELDS = Map.of(
      "Pass", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "Result"),
      "Task", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry",
          "Catch", "Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath"),
      "Choice", Set.of("InputPath", "OutputPath", "Choices", "Default"),
      "Wait", Set.of("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath"),
      "Succeed", Set.of("InputPath", "OutputPath"),
      "Fail", Set.of("Error", "Cause", "ErrorPath", "CausePath"),
      "Parallel", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ResultSelector", "Retry",
          "Catch", "Branches"),
      "Map", Set.of("Next", "End", "InputPath", "OutputPath", "ResultPath", "Parameters", "ItemSelector", "ResultSelector",
          "Retry", "Catch", "ItemsPath", "MaxConcurrency", "MaxConcurrencyPath", "ItemProcessor", "Iterator"));
  private static final Set<String> BRANCH_FIELDS = Set.of("StartAt", "States", "Comment");
  private static final Set<String> PROCESSOR_FIELDS = Set.of("StartAt", "States", "Comment", "ProcessorConfig");
  private static final Set<String> LAMBDA_INVOKE_PARAMETERS =
      Set.of("FunctionName", "Payload", "InvocationType", "Qualifier", "ClientContext", "LogType");
  private static final Set<String> RETRIER_FIELDS =
      Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds", "JitterStrategy", "Comment");
  private static final Set<String> CATCHER_FIELDS = Set.of("ErrorEquals", "Next", "ResultPath", "Comment");

  private final Problems problems = new Problems();
  /** Every state name of the whole machine (names are unique across branches too). */
  private final Set<String> stateNames = new LinkedHashSet<>();
  /** The state machine or branch whose states are being read. */
  private Scope scope;

  private DefinitionParser() {}

  /**
   * @throws InvalidDefinitionException listing every problem
   */
  public static StateMachineDefinition parse(String text) {
    JsonNode json;
    try {
      json = Json.parse(text);
    } catch (JsonProcessingException e) {
      Problems problems = new Problems();
      problems.add("INVALID_JSON_DESCRIPTION", e.getOriginalMessage(), null);
      throw problems.exception();
    }
    return new DefinitionParser().definition(json);
  }

  private StateMachineDefinition definition(JsonNode json) {
    if (!json.isObject()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "The definition must be a JSON object", "/");
      throw problems.exception();
    }
    DefinitionFields top = new DefinitionFields(problems, json, "", TOP_LEVEL);
    String version = top.optionalString("Version");
    if (version != null && !version.equals("1.0")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Version must be \"1.0\"", "/Version");
    }
    queryLanguage(top);
    Integer timeoutSeconds = top.positiveInt("TimeoutSeconds", MAX_SECONDS);
    StateMachineDefinition definition = machine(top, timeoutSeconds);
    if (!problems.isEmpty()) {
      throw problems.exception();
    }
    return definition;
  }

  /**
   * The states of a state machine, a Parallel branch or a Map item processor: each is a scope of its own
   * (transitions stay inside it), though state names are unique across the whole machine.
   */
  private StateMachineDefinition machine(DefinitionFields fields, Integer timeoutSeconds) {
    Scope outer = scope;
    scope = new Scope();
    try {
      String startAt = fields.requiredString("StartAt");
      fields.optionalString("Comment");
      JsonNode statesJson = fields.json().get("States");
      String location = fields.location();
      Map<String, State> states = new LinkedHashMap<>();
      if (statesJson == null) {
        problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [States]", location.isEmpty() ? "/" : location);
      } else if (!statesJson.isObject() || statesJson.isEmpty()) {
        problems.add("SCHEMA_VALIDATION_FAILED", "States must be a non-empty object", location + "/States");
      } else {
        statesJson.fields().forEachRemaining(entry -> {
          String stateLocation = location + "/States/" + Problems.pointer(entry.getKey());
          if (!stateNames.add(entry.getKey())) {
            problems.add("DUPLICATE_STATE_NAME", "The state name '" + entry.getKey() + "' is used more than once in the"
                + " state machine", stateLocation);
          }
          State state = state(entry.getKey(), entry.getValue(), stateLocation);
          if (state != null) {
            states.put(entry.getKey(), state);
          }
        });
      }
      fields.rejectUnknown();
      if (statesJson != null && statesJson.isObject()) {
        checkTransitions(startAt, statesJson, location);
      }
      return new StateMachineDefinition(startAt, states, timeoutSeconds);
    } finally {
      scope = outer;
    }
  }

  private void checkTransitions(String startAt, JsonNode statesJson, String location) {
    if (startAt != null && !statesJson.has(startAt)) {
      problems.add("MISSING_TRANSITION_TARGET", "Missing 'StartAt' target: " + startAt, location + "/StartAt");
    }
    for (String[] transition : scope.transitions) {
      if (!statesJson.has(transition[0])) {
        problems.add("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + transition[0], transition[1]);
      }
    }
    if (startAt == null || !statesJson.has(startAt)) {
      return;
    }
    Set<String> reached = new LinkedHashSet<>();
    Deque<String> pending = new ArrayDeque<>(List.of(startAt));
    while (!pending.isEmpty()) {
      String name = pending.pop();
      if (reached.add(name)) {
        scope.successors.getOrDefault(name, List.of()).forEach(pending::push);
      }
    }
    statesJson.fieldNames().forEachRemaining(name -> {
      if (!reached.contains(name)) {
        problems.add("UNREACHABLE_STATE", "State '" + name + "' is not reachable", location + "/States/" + Problems.pointer(name));
      }
    });
  }

  private State state(String name, JsonNode json, String location) {
    if (name.isEmpty() || name.length() > MAX_STATE_NAME) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A state name must be 1 to " + MAX_STATE_NAME + " characters long", location);
    }
    if (!json.isObject()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A state must be a JSON object", location);
      return null;
    }
    JsonNode typeNode = json.get("Type");
    if (typeNode == null || !typeNode.isTextual()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [Type]", location);
      return null;
    }
    String type = typeNode.textValue();
    Set<String> typeFields = FIELDS.get(type);
    if (typeFields == null) {
      problems.add("SCHEMA_VALIDATION_FAILED", "'" + type + "' is not a valid state type (valid: Task, Choice, Wait, Pass, "
          + "Succeed, Fail, Parallel, Map)", location + "/Type");
      return null;
    }
    Set<String> allowed = new LinkedHashSet<>(COMMON);
    allowed.addAll(typeFields);
    DefinitionFields fields = new DefinitionFields(problems, json, location, allowed);
    fields.optionalString("Comment");
    queryLanguage(fields);
    scope.successors.put(name, new ArrayList<>());
    State state = switch (type) {
      case "Pass" -> new PassState(name, fields.inputPath("InputPath"), fields.template("Parameters"),
          json.get("Result"), fields.resultPath("ResultPath"), fields.inputPath("OutputPath"), transition(name, fields));
      case "Task" -> task(name, fields);
      case "Choice" -> choice(name, fields);
      case "Wait" -> waitState(name, fields);
      case "Succeed" -> new SucceedState(name, fields.inputPath("InputPath"), fields.inputPath("OutputPath"));
      case "Fail" -> failState(name, fields);
      case "Parallel" -> parallel(name, fields);
      case "Map" -> map(name, fields);
      default -> throw new IllegalStateException(type);
    };
    fields.rejectUnknown();
    return state;
  }

  private void queryLanguage(DefinitionFields fields) {
    String language = fields.optionalString("QueryLanguage");
    if (language != null && !language.equals("JSONPath")) {
      problems.add("SCHEMA_VALIDATION_FAILED", language.equals("JSONata")
          ? "The JSONata query language is not supported by the local runtime (use JSONPath)"
          : "QueryLanguage must be JSONPath or JSONata", fields.location() + "/QueryLanguage");
    }
  }

  private Transition transition(String name, DefinitionFields fields) {
    String next = fields.optionalString("Next");
    JsonNode end = fields.json().get("End");
    if (end != null && !end.isBoolean()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "End must be a boolean", fields.location() + "/End");
    }
    boolean isEnd = end != null && end.booleanValue();
    if (next != null && isEnd) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Next and End are mutually exclusive: a state has one of them",
          fields.location());
    } else if (next == null && !isEnd) {
      problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [Next] or \"End\": true", fields.location());
    }
    if (next != null) {
      addTransition(name, next, fields.location() + "/Next");
      return new Transition(next);
    }
    return Transition.END;
  }

  private void addTransition(String from, String to, String location) {
    scope.transitions.add(new String[] {to, location});
    scope.successors.computeIfAbsent(from, k -> new ArrayList<>()).add(to);
  }

  private ParallelState parallel(String name, DefinitionFields fields) {
    List<StateMachineDefinition> branches = new ArrayList<>();
    JsonNode branchesJson = fields.json().get("Branches");
    String location = fields.location() + "/Branches";
    if (branchesJson == null) {
      problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [Branches]", fields.location());
    } else if (!branchesJson.isArray() || branchesJson.isEmpty()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Branches must be a non-empty array of state machines", location);
    } else {
      for (int i = 0; i < branchesJson.size(); i++) {
        JsonNode branch = branchesJson.get(i);
        if (!branch.isObject()) {
          problems.add("SCHEMA_VALIDATION_FAILED", "A branch must be a JSON object with StartAt and States", location + "/" + i);
          continue;
        }
        branches.add(machine(new DefinitionFields(problems, branch, location + "/" + i, BRANCH_FIELDS), null));
      }
    }
    return new ParallelState(name, fields.inputPath("InputPath"), fields.template("Parameters"), branches,
        fields.template("ResultSelector"), fields.resultPath("ResultPath"), fields.inputPath("OutputPath"),
        retriers(fields), catchers(name, fields), transition(name, fields));
  }

  private MapState map(String name, DefinitionFields fields) {
    JsonNode processor = fields.json().get("ItemProcessor");
    JsonNode iterator = fields.json().get("Iterator");
    StateMachineDefinition definition = null;
    if ((processor == null) == (iterator == null)) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A Map state needs exactly one of ItemProcessor and Iterator", fields.location());
    } else {
      String field = processor != null ? "ItemProcessor" : "Iterator";
      JsonNode json = processor != null ? processor : iterator;
      String location = fields.location() + "/" + field;
      if (!json.isObject()) {
        problems.add("SCHEMA_VALIDATION_FAILED", field + " must be a JSON object with StartAt and States", location);
      } else {
        DefinitionFields processorFields = new DefinitionFields(problems, json, location, processor != null ? PROCESSOR_FIELDS : BRANCH_FIELDS);
        checkProcessorConfig(json.get("ProcessorConfig"), location + "/ProcessorConfig");
        definition = machine(processorFields, null);
      }
    }
    if (fields.json().has("ItemSelector") && fields.json().has("Parameters")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "ItemSelector and Parameters (its former name) are mutually exclusive",
          fields.location());
    }
    PayloadTemplate itemSelector = fields.json().has("ItemSelector") ? fields.template("ItemSelector")
        : fields.template("Parameters");
    Path itemsPath = fields.path("ItemsPath");
    Integer maxConcurrency = fields.nonNegativeInt("MaxConcurrency", MAX_SECONDS);
    if (fields.json().has("MaxConcurrency") && fields.json().has("MaxConcurrencyPath")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "MaxConcurrency and MaxConcurrencyPath are mutually exclusive", fields.location());
    }
    return new MapState(name, fields.inputPath("InputPath"), itemsPath == null ? Path.ROOT : itemsPath, itemSelector,
        maxConcurrency, fields.path("MaxConcurrencyPath"), definition, fields.template("ResultSelector"),
        fields.resultPath("ResultPath"), fields.inputPath("OutputPath"), retriers(fields), catchers(name, fields),
        transition(name, fields));
  }

  private void checkProcessorConfig(JsonNode config, String location) {
    if (config == null) {
      return;
    }
    if (!config.isObject()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "ProcessorConfig must be a JSON object", location);
      return;
    }
    config.fields().forEachRemaining(field -> {
      if (field.getKey().equals("Mode")) {
        if (!field.getValue().isTextual() || !field.getValue().textValue().equals("INLINE")) {
          problems.add("SCHEMA_VALIDATION_FAILED", field.getValue().asText().equals("DISTRIBUTED")
              ? "The DISTRIBUTED Map mode is not supported by the local runtime (use INLINE)"
              : "Mode must be INLINE or DISTRIBUTED", location + "/Mode");
        }
      } else {
        problems.add("SCHEMA_VALIDATION_FAILED", "The field '" + field.getKey() + "' is not supported in ProcessorConfig"
            + " (the local runtime runs inline Map states only)", location + "/" + Problems.pointer(field.getKey()));
      }
    });
  }

  private TaskState task(String name, DefinitionFields fields) {
    String resourceArn = fields.requiredString("Resource");
    TaskResource resource = null;
    if (resourceArn != null) {
      try {
        resource = TaskResource.parse(resourceArn);
      } catch (IllegalArgumentException e) {
        problems.add("SCHEMA_VALIDATION_FAILED", e.getMessage(), fields.location() + "/Resource");
      }
    }
    PayloadTemplate parameters = fields.template("Parameters");
    if (resource instanceof TaskResource.LambdaInvoke) {
      checkLambdaInvokeParameters(fields);
    }
    Integer timeoutSeconds = fields.positiveInt("TimeoutSeconds", MAX_SECONDS);
    Path timeoutSecondsPath = fields.path("TimeoutSecondsPath");
    Integer heartbeatSeconds = fields.positiveInt("HeartbeatSeconds", MAX_SECONDS);
    Path heartbeatSecondsPath = fields.path("HeartbeatSecondsPath");
    if (fields.json().has("TimeoutSeconds") && fields.json().has("TimeoutSecondsPath")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "TimeoutSeconds and TimeoutSecondsPath are mutually exclusive", fields.location());
    }
    if (fields.json().has("HeartbeatSeconds") && fields.json().has("HeartbeatSecondsPath")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "HeartbeatSeconds and HeartbeatSecondsPath are mutually exclusive", fields.location());
    }
    if (timeoutSeconds != null && heartbeatSeconds != null && heartbeatSeconds >= timeoutSeconds) {
      problems.add("SCHEMA_VALIDATION_FAILED", "HeartbeatSeconds must be smaller than TimeoutSeconds",
          fields.location() + "/HeartbeatSeconds");
    }
    List<Retrier> retriers = retriers(fields);
    List<Catcher> catchers = catchers(name, fields);
    return new TaskState(name, resource, fields.inputPath("InputPath"), parameters, fields.template("ResultSelector"),
        fields.resultPath("ResultPath"), fields.inputPath("OutputPath"), retriers, catchers, timeoutSeconds,
        timeoutSecondsPath, heartbeatSeconds, heartbeatSecondsPath, transition(name, fields));
  }

  private void checkLambdaInvokeParameters(DefinitionFields fields) {
    JsonNode parameters = fields.json().get("Parameters");
    String location = fields.location() + "/Parameters";
    if (parameters == null || !parameters.isObject()) {
      if (parameters == null) {
        problems.add("SCHEMA_VALIDATION_FAILED", "The field 'FunctionName' is required for " + TaskResource.LAMBDA_INVOKE
            + ": add Parameters with FunctionName (and Payload)", fields.location());
      }
      return;
    }
    parameters.fieldNames().forEachRemaining(key -> {
      String plain = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
      if (!LAMBDA_INVOKE_PARAMETERS.contains(plain)) {
        problems.add("SCHEMA_VALIDATION_FAILED", "The field '" + key + "' is not supported by Step Functions for "
            + TaskResource.LAMBDA_INVOKE + " (supported: " + String.join(", ", LAMBDA_INVOKE_PARAMETERS) + ")",
            location + "/" + Problems.pointer(key));
      }
    });
    if (!parameters.has("FunctionName") && !parameters.has("FunctionName.$")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "The field 'FunctionName' is required for " + TaskResource.LAMBDA_INVOKE, location);
    }
  }

  private List<Retrier> retriers(DefinitionFields fields) {
    List<Retrier> retriers = new ArrayList<>();
    JsonNode retry = fields.json().get("Retry");
    if (retry == null) {
      return retriers;
    }
    String location = fields.location() + "/Retry";
    if (!retry.isArray()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Retry must be an array of Retriers", location);
      return retriers;
    }
    for (int i = 0; i < retry.size(); i++) {
      String retrierLocation = location + "/" + i;
      if (!retry.get(i).isObject()) {
        problems.add("SCHEMA_VALIDATION_FAILED", "A Retrier must be a JSON object", retrierLocation);
        continue;
      }
      DefinitionFields retrier = new DefinitionFields(problems, retry.get(i), retrierLocation, RETRIER_FIELDS);
      retrier.optionalString("Comment");
      List<String> errors = errorEquals(retrier, i == retry.size() - 1, "Retrier");
      Integer interval = retrier.positiveInt("IntervalSeconds", MAX_SECONDS);
      Integer maxAttempts = retrier.nonNegativeInt("MaxAttempts", MAX_SECONDS);
      Double backoffRate = retrier.number("BackoffRate");
      if (backoffRate != null && backoffRate < 1.0) {
        problems.add("SCHEMA_VALIDATION_FAILED", "BackoffRate must be a number not less than 1.0", retrierLocation + "/BackoffRate");
      }
      Integer maxDelay = retrier.positiveInt("MaxDelaySeconds", MAX_RETRY_DELAY_SECONDS);
      String jitter = retrier.optionalString("JitterStrategy");
      if (jitter != null && !jitter.equals("FULL") && !jitter.equals("NONE")) {
        problems.add("SCHEMA_VALIDATION_FAILED", "JitterStrategy must be FULL or NONE", retrierLocation + "/JitterStrategy");
      }
      retrier.rejectUnknown();
      retriers.add(new Retrier(errors,
          interval == null ? Retrier.DEFAULT_INTERVAL_SECONDS : interval,
          maxAttempts == null ? Retrier.DEFAULT_MAX_ATTEMPTS : maxAttempts,
          backoffRate == null ? Retrier.DEFAULT_BACKOFF_RATE : backoffRate,
          maxDelay, "FULL".equals(jitter)));
    }
    return retriers;
  }

  private List<Catcher> catchers(String name, DefinitionFields fields) {
    List<Catcher> catchers = new ArrayList<>();
    JsonNode catchJson = fields.json().get("Catch");
    if (catchJson == null) {
      return catchers;
    }
    String location = fields.location() + "/Catch";
    if (!catchJson.isArray()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Catch must be an array of Catchers", location);
      return catchers;
    }
    for (int i = 0; i < catchJson.size(); i++) {
      String catcherLocation = location + "/" + i;
      if (!catchJson.get(i).isObject()) {
        problems.add("SCHEMA_VALIDATION_FAILED", "A Catcher must be a JSON object", catcherLocation);
        continue;
      }
      DefinitionFields catcher = new DefinitionFields(problems, catchJson.get(i), catcherLocation, CATCHER_FIELDS);
      catcher.optionalString("Comment");
      List<String> errors = errorEquals(catcher, i == catchJson.size() - 1, "Catcher");
      String next = catcher.requiredString("Next");
      if (next != null) {
        addTransition(name, next, catcherLocation + "/Next");
      }
      ReferencePath resultPath = catcher.resultPath("ResultPath");
      catcher.rejectUnknown();
      catchers.add(new Catcher(errors, next, resultPath));
    }
    return catchers;
  }

  private List<String> errorEquals(DefinitionFields owner, boolean last, String what) {
    List<String> errors = new ArrayList<>();
    JsonNode json = owner.json().get("ErrorEquals");
    String location = owner.location() + "/ErrorEquals";
    if (json == null) {
      problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [ErrorEquals]", owner.location());
      return errors;
    }
    if (!json.isArray() || json.isEmpty()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "ErrorEquals must be a non-empty array of error names", location);
      return errors;
    }
    for (JsonNode error : json) {
      if (!error.isTextual() || error.textValue().isEmpty()) {
        problems.add("SCHEMA_VALIDATION_FAILED", "ErrorEquals must contain error names (non-empty strings)", location);
        continue;
      }
      String name = error.textValue();
      if (name.startsWith("States.") && !ErrorNames.PREDEFINED.contains(name)) {
        problems.add("SCHEMA_VALIDATION_FAILED", "'" + name + "' is not a predefined error name (names starting with"
            + " 'States.' are reserved: " + String.join(", ", new java.util.TreeSet<>(ErrorNames.PREDEFINED)) + ")", location);
      }
      errors.add(name);
    }
    if (errors.contains(ErrorNames.ALL)) {
      if (errors.size() > 1) {
        problems.add("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone in ErrorEquals", location);
      }
      if (!last) {
        problems.add("SCHEMA_VALIDATION_FAILED", "A " + what + " with States.ALL must be the last one", location);
      }
    }
    return errors;
  }

  private ChoiceState choice(String name, DefinitionFields fields) {
    List<ChoiceState.Choice> choices = new ArrayList<>();
    JsonNode choicesJson = fields.json().get("Choices");
    String location = fields.location() + "/Choices";
    if (choicesJson == null) {
      problems.add("SCHEMA_VALIDATION_FAILED", "These fields are required: [Choices]", fields.location());
    } else if (!choicesJson.isArray() || choicesJson.isEmpty()) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Choices must be a non-empty array of Choice Rules", location);
    } else {
      for (int i = 0; i < choicesJson.size(); i++) {
        String ruleLocation = location + "/" + i;
        JsonNode ruleJson = choicesJson.get(i);
        ChoiceRule rule = new ChoiceRuleParser(problems).parse(ruleJson, ruleLocation, true);
        JsonNode next = ruleJson.get("Next");
        if (next == null || !next.isTextual()) {
          problems.add("SCHEMA_VALIDATION_FAILED", "A top-level Choice Rule must have a string field 'Next'", ruleLocation);
        } else {
          addTransition(name, next.textValue(), ruleLocation + "/Next");
          choices.add(new ChoiceState.Choice(rule, next.textValue()));
        }
      }
    }
    String defaultNext = fields.optionalString("Default");
    if (defaultNext != null) {
      addTransition(name, defaultNext, fields.location() + "/Default");
    }
    return new ChoiceState(name, fields.inputPath("InputPath"), fields.inputPath("OutputPath"), choices, defaultNext);
  }

  private WaitState waitState(String name, DefinitionFields fields) {
    int count = 0;
    for (String field : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
      if (fields.json().has(field)) {
        count++;
      }
    }
    if (count != 1) {
      problems.add("SCHEMA_VALIDATION_FAILED", "A Wait state must have exactly one of Seconds, Timestamp, SecondsPath and "
          + "TimestampPath", fields.location());
    }
    Integer seconds = fields.nonNegativeInt("Seconds", MAX_SECONDS);
    String timestampText = fields.optionalString("Timestamp");
    Instant timestamp = null;
    if (timestampText != null) {
      timestamp = Timestamps.parse(timestampText).orElse(null);
      if (timestamp == null) {
        problems.add("SCHEMA_VALIDATION_FAILED", "Timestamp must be an RFC 3339 timestamp such as 2016-03-14T01:59:00Z",
            fields.location() + "/Timestamp");
      }
    }
    return new WaitState(name, fields.inputPath("InputPath"), fields.inputPath("OutputPath"),
        seconds == null ? null : seconds.longValue(), timestamp, fields.path("SecondsPath"),
        fields.path("TimestampPath"), transition(name, fields));
  }

  private FailState failState(String name, DefinitionFields fields) {
    if (fields.json().has("Error") && fields.json().has("ErrorPath")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Error and ErrorPath are mutually exclusive", fields.location());
    }
    if (fields.json().has("Cause") && fields.json().has("CausePath")) {
      problems.add("SCHEMA_VALIDATION_FAILED", "Cause and CausePath are mutually exclusive", fields.location());
    }
    return new FailState(name, fields.optionalString("Error"), fields.valueExpression("ErrorPath"),
        fields.optionalString("Cause"), fields.valueExpression("CausePath"));
  }

  /** The transitions found in one state machine or branch, checked once all its states are read. */
  private static final class Scope {
    private final List<String[]> transitions = new ArrayList<>();
    private final Map<String, List<String>> successors = new HashMap<>();
  }


}
