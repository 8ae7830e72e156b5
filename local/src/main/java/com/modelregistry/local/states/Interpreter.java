package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.Catcher;
import com.modelregistry.local.states.asl.ChoiceState;
import com.modelregistry.local.states.asl.DataFlow;
import com.modelregistry.local.states.asl.ErrorNames;
import com.modelregistry.local.states.asl.FailState;
import com.modelregistry.local.states.asl.Json;
import com.modelregistry.local.states.asl.MapState;
import com.modelregistry.local.states.asl.ParallelState;
import com.modelregistry.local.states.asl.PassState;
import com.modelregistry.local.states.asl.Path;
import com.modelregistry.local.states.asl.PathResolutionException;
import com.modelregistry.local.states.asl.Retrier;
import com.modelregistry.local.states.asl.RetryingState;
import com.modelregistry.local.states.asl.State;
import com.modelregistry.local.states.asl.StatesError;
import com.modelregistry.local.states.asl.SucceedState;
import com.modelregistry.local.states.asl.TaskState;
import com.modelregistry.local.states.asl.Timestamps;
import com.modelregistry.local.states.asl.Transition;
import com.modelregistry.local.states.asl.WaitState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs executions, on the engine thread only: enters states, applies their input and output processing,
 * waits, routes errors to Retriers and Catchers, ends executions, and records every step in the history
 * (tasks: {@link TaskSteps}; Parallel and Map: {@link BranchSteps}). After every step the execution is
 * written to disk, so that {@link #resume} continues it after a restart from the last step recorded.
 */
final class Interpreter {

  private static final Logger LOG = Logger.getLogger(Interpreter.class.getName());

  final LocalClock clock;
  final Storage storage;
  private final Scheduler scheduler;
  private final Map<String, Execution> executions;
  private final Random random = new Random();
  final TaskSteps tasks;
  final BranchSteps branches;

  Interpreter(LocalClock clock, Scheduler scheduler, LambdaTasks lambdas, Storage storage, EngineThread engine,
      Map<String, Execution> executions) {
    this.clock = clock;
    this.scheduler = scheduler;
    this.storage = storage;
    this.executions = executions;
    this.tasks = new TaskSteps(this, lambdas, engine);
    this.branches = new BranchSteps(this);
  }

  /** Starts a new execution (ExecutionStarted is recorded): enters its first state. */
  void start(Execution execution) {
    guarded(execution, () -> {
      scheduleExecutionTimeout(execution);
      advance(execution);
    });
  }

  /** Continues an execution loaded from disk where it stood. */
  void resume(Execution execution) {
    guarded(execution, () -> {
      scheduleExecutionTimeout(execution);
      resume(Frame.root(execution));
      advance(execution);
    });
  }

  private void resume(Frame frame) {
    switch (frame.position.phase) {
      case READY, ENTERED -> { } // advance() continues them
      case WAITING -> scheduleWaitEnd(frame);
      case RETRY_BACKOFF -> scheduleRetry(frame);
      case TASK_RUNNING -> tasks.resumeInFlight(frame);
      case TASK_CALLBACK -> tasks.scheduleTimers(frame);
      case BRANCHES -> frame.children().forEach(this::resume);
    }
  }

  /**
   * Runs an engine job for an execution; an unexpected exception (a bug, a full disk) fails the
   * execution with States.Runtime instead of leaving it running forever.
   */
  void guarded(Execution execution, Runnable job) {
    try {
      job.run();
    } catch (RuntimeException e) {
      LOG.log(Level.SEVERE, "Step Functions execution " + execution.executionArn + " failed internally", e);
      if (execution.running()) {
        endExecution(execution, Execution.FAILED, "ExecutionFailed", "executionFailedEventDetails",
            errorDetails(ErrorNames.RUNTIME, "The local Step Functions failed: " + e), null, ErrorNames.RUNTIME,
            "The local Step Functions failed: " + e);
        storage.save(execution);
      }
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Stepping

  /**
   * Runs the execution's instant steps (in every running branch) until all of them wait (task, Wait,
   * backoff) or the execution ends, saving after each step.
   */
  void advance(Execution execution) {
    storage.save(execution);
    while (execution.running()) {
      Frame frame = runnable(Frame.root(execution));
      if (frame == null) {
        break;
      }
      try {
        if (frame.position.phase == Phase.READY) {
          enter(frame);
        } else {
          act(frame);
        }
      } catch (StatesError error) {
        stateError(frame, error);
      }
      storage.save(execution);
    }
  }

  /** The first frame (depth first, branches in order) whose state has an instant step to take. */
  private static Frame runnable(Frame frame) {
    if (frame.position.phase == Phase.READY || frame.position.phase == Phase.ENTERED) {
      return frame;
    }
    for (Frame child : frame.children()) {
      Frame found = runnable(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private void enter(Frame frame) {
    Position position = frame.position;
    State state = frame.state();
    ObjectNode details = Json.object().put("name", state.name());
    History.data(details, "input", position.rawInput);
    position.enteredEventId = record(frame, state.type() + "StateEntered", "stateEnteredEventDetails", details);
    position.enteredTime = clock.now();
    position.retryCount = 0;
    position.retrierAttempts = new int[state instanceof RetryingState retrying ? retrying.retriers().size() : 0];
    position.moveTo(Phase.ENTERED);
  }

  private void act(Frame frame) {
    State state = frame.state();
    if (state instanceof PassState pass) {
      pass(frame, pass);
    } else if (state instanceof RetryingState retrying) {
      startAttempt(frame, retrying);
    } else if (state instanceof ChoiceState choice) {
      choice(frame, choice);
    } else if (state instanceof WaitState wait) {
      startWait(frame, wait);
    } else if (state instanceof SucceedState succeed) {
      JsonNode context = context(frame);
      JsonNode output = DataFlow.select(succeed.outputPath(),
          DataFlow.select(succeed.inputPath(), frame.position.rawInput, context), context);
      exit(frame, succeed, output);
      finish(frame, output);
    } else if (state instanceof FailState fail) {
      fail(frame, fail);
    }
  }

  /** Starts (another) attempt of a Task, Parallel or Map state. */
  private void startAttempt(Frame frame, RetryingState state) {
    frame.position.attempt = ++frame.execution.sequence;
    if (state instanceof TaskState task) {
      tasks.start(frame, task);
    } else if (state instanceof ParallelState parallel) {
      branches.startParallel(frame, parallel);
    } else {
      branches.startMap(frame, (MapState) state);
    }
  }

  private void pass(Frame frame, PassState state) {
    Position position = frame.position;
    JsonNode context = context(frame);
    JsonNode input = DataFlow.select(state.inputPath(), position.rawInput, context);
    JsonNode effective = state.parameters() == null ? input : state.parameters().apply(input, context);
    JsonNode result = state.result() != null ? state.result() : effective;
    JsonNode output = DataFlow.select(state.outputPath(),
        DataFlow.placeResult(state.resultPath(), position.rawInput, result), context);
    exit(frame, state, output);
    transition(frame, state.transition(), output);
  }

  private void choice(Frame frame, ChoiceState state) {
    JsonNode context = context(frame);
    JsonNode input = DataFlow.select(state.inputPath(), frame.position.rawInput, context);
    String next = null;
    for (ChoiceState.Choice choice : state.choices()) {
      if (choice.rule().evaluate(input, context)) {
        next = choice.next();
        break;
      }
    }
    if (next == null) {
      next = state.defaultNext();
    }
    if (next == null) {
      throw new StatesError(ErrorNames.NO_CHOICE_MATCHED, "No Matches!");
    }
    JsonNode output = DataFlow.select(state.outputPath(), input, context);
    exit(frame, state, output);
    frame.moveTo(Position.ready(next, output));
  }

  private void fail(Frame frame, FailState state) {
    JsonNode context = context(frame);
    JsonNode rawInput = frame.position.rawInput;
    String error = state.errorPath() == null ? state.error()
        : string(state.errorPath().evaluate(rawInput, context), "ErrorPath");
    String cause = state.causePath() == null ? state.cause()
        : string(state.causePath().evaluate(rawInput, context), "CausePath");
    failFrame(frame, new StatesError(error, cause));
  }

  private static String string(JsonNode value, String field) {
    if (!value.isTextual()) {
      throw StatesError.runtime("The " + field + " must select a string, got " + Json.typeName(value));
    }
    return value.textValue();
  }

  void exit(Frame frame, State state, JsonNode output) {
    ObjectNode details = Json.object().put("name", state.name());
    History.data(details, "output", output);
    record(frame, state.type() + "StateExited", "stateExitedEventDetails", details);
  }

  private void transition(Frame frame, Transition transition, JsonNode output) {
    if (transition.isEnd()) {
      finish(frame, output);
    } else {
      frame.moveTo(Position.ready(transition.next(), output));
    }
  }

  /** The frame reached its end: the execution succeeds, or the branch is done. */
  private void finish(Frame frame, JsonNode output) {
    if (frame.isRoot()) {
      endExecution(frame.execution, Execution.SUCCEEDED, "ExecutionSucceeded", "executionSucceededEventDetails",
          History.data(Json.object(), "output", output), output, null, null);
    } else {
      branches.branchSucceeded(frame, output);
    }
  }

  /**
   * The result of a Task, Parallel or Map state: ResultSelector, then ResultPath into the raw input, then
   * OutputPath; the state exits and the frame moves on.
   */
  void completeState(Frame frame, RetryingState state, JsonNode result) {
    JsonNode context = context(frame);
    try {
      JsonNode selected = state.resultSelector() == null ? result : state.resultSelector().apply(result, context);
      JsonNode combined = DataFlow.placeResult(state.resultPath(), frame.position.rawInput, selected);
      JsonNode output = DataFlow.select(state.outputPath(), combined, context);
      exit(frame, state, output);
      transition(frame, state.transition(), output);
    } catch (StatesError error) {
      stateError(frame, error);
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Errors

  /**
   * A state reported an error. States.Runtime (and States.DataLimitExceeded) end the execution at once.
   * For a Task, Parallel or Map state, the first Retrier whose ErrorEquals matches decides whether to
   * retry (its own counter below its MaxAttempts); otherwise the first matching Catcher leads on, with the
   * Error Output ({@code Error}, {@code Cause}) placed by its ResultPath into the state's raw input.
   * Otherwise the frame fails: the execution, or the enclosing Parallel or Map state.
   */
  void stateError(Frame frame, StatesError error) {
    if (ErrorNames.isTerminal(error.error())) {
      failExecution(frame, error);
      return;
    }
    Position position = frame.position;
    position.taskToken = null;
    if (frame.state() instanceof RetryingState state && position.phase != Phase.READY) {
      List<Retrier> retriers = state.retriers();
      for (int i = 0; i < retriers.size(); i++) {
        Retrier retrier = retriers.get(i);
        if (retrier.matches(error.error())) {
          if (position.retrierAttempts[i] < retrier.maxAttempts()) {
            Duration delay = retrier.delay(position.retrierAttempts[i], random);
            position.retrierAttempts[i]++;
            position.retryCount++;
            position.wakeAt = clock.now().plus(delay);
            position.moveTo(Phase.RETRY_BACKOFF);
            scheduleRetry(frame);
            return;
          }
          break;
        }
      }
      for (Catcher catcher : state.catchers()) {
        if (catcher.matches(error.error())) {
          ObjectNode errorOutput = Json.object().put("Error", error.error());
          if (error.cause() != null) {
            errorOutput.put("Cause", error.cause());
          }
          JsonNode output;
          try {
            output = DataFlow.placeResult(catcher.resultPath(), position.rawInput, errorOutput);
          } catch (StatesError failure) {
            failFrame(frame, failure);
            return;
          }
          frame.moveTo(Position.ready(catcher.next(), output));
          return;
        }
      }
    }
    failFrame(frame, error);
  }

  private void failFrame(Frame frame, StatesError error) {
    if (frame.isRoot()) {
      failExecution(frame, error);
    } else {
      branches.branchFailed(frame, error);
    }
  }

  private void failExecution(Frame frame, StatesError error) {
    String cause = error.cause();
    Position position = frame.position;
    if (ErrorNames.RUNTIME.equals(error.error()) && position != null && position.enteredEventId > 0) {
      cause = "An error occurred while executing the state '" + position.state + "' (entered at the event id #"
          + position.enteredEventId + "). " + cause;
    }
    endExecution(frame.execution, Execution.FAILED, "ExecutionFailed", "executionFailedEventDetails",
        errorDetails(error.error(), cause), null, error.error(), cause);
  }

  private void scheduleRetry(Frame frame) {
    onTime(frame, frame.position.wakeAt,
        f -> f.position.phase == Phase.RETRY_BACKOFF && deadlinePassed(f.position.wakeAt),
        f -> {
          try {
            startAttempt(f, (RetryingState) f.state());
          } catch (StatesError error) {
            stateError(f, error);
          }
          advance(f.execution);
        });
  }

  // ---------------------------------------------------------------------------------------------------
  // Wait

  private void startWait(Frame frame, WaitState state) {
    Position position = frame.position;
    JsonNode context = context(frame);
    JsonNode input = DataFlow.select(state.inputPath(), position.rawInput, context);
    Instant until;
    if (state.seconds() != null) {
      until = position.enteredTime.plusSeconds(state.seconds());
    } else if (state.timestamp() != null) {
      until = state.timestamp();
    } else if (state.secondsPath() != null) {
      JsonNode seconds = read(state.secondsPath(), input, context);
      if (!isInteger(seconds) || seconds.longValue() < 0) {
        throw StatesError.runtime("The SecondsPath parameter references an invalid value: expected a non-negative"
            + " integer, got " + Json.write(seconds));
      }
      until = position.enteredTime.plusSeconds(seconds.longValue());
    } else {
      JsonNode timestamp = read(state.timestampPath(), input, context);
      until = timestamp.isTextual() ? Timestamps.parse(timestamp.textValue()).orElse(null) : null;
      if (until == null) {
        throw StatesError.runtime("The TimestampPath parameter does not reference a valid ISO-8601 extended offset"
            + " date-time format string: " + Json.write(timestamp));
      }
    }
    position.waitInput = input;
    position.wakeAt = until;
    position.moveTo(Phase.WAITING);
    scheduleWaitEnd(frame);
  }

  private void scheduleWaitEnd(Frame frame) {
    onTime(frame, frame.position.wakeAt, f -> f.position.phase == Phase.WAITING && deadlinePassed(f.position.wakeAt),
        f -> {
          WaitState state = (WaitState) f.state();
          try {
            JsonNode output = DataFlow.select(state.outputPath(), f.position.waitInput, context(f));
            exit(f, state, output);
            transition(f, state.transition(), output);
          } catch (StatesError error) {
            stateError(f, error);
          }
          advance(f.execution);
        });
  }

  // ---------------------------------------------------------------------------------------------------
  // Ending

  /** StopExecution: the current Task, Wait, Parallel or Map state is aborted, then the execution. */
  void stop(Execution execution, String error, String cause) {
    Position position = execution.position;
    if (position != null && position.phase != Phase.READY) {
      String type = Frame.root(execution).state().type();
      if (List.of("Task", "Wait", "Parallel", "Map").contains(type)) {
        record(Frame.root(execution), type + "StateAborted", null, null);
      }
    }
    endExecution(execution, Execution.ABORTED, "ExecutionAborted", "executionAbortedEventDetails",
        errorDetails(error, cause), null, error, cause);
    storage.save(execution);
  }

  private void scheduleExecutionTimeout(Execution execution) {
    Integer timeoutSeconds = execution.definition().timeoutSeconds();
    if (timeoutSeconds == null) {
      return;
    }
    Instant deadline = execution.startDate.plusSeconds(timeoutSeconds);
    String cause = "The execution ran longer than its TimeoutSeconds (" + timeoutSeconds + ")";
    String arn = execution.executionArn;
    scheduler.at(deadline, () -> {
      Execution current = executions.get(arn);
      if (current != null && current.running() && deadlinePassed(deadline)) {
        endExecution(current, Execution.TIMED_OUT, "ExecutionTimedOut", "executionTimedOutEventDetails",
            errorDetails(ErrorNames.TIMEOUT, cause), null, ErrorNames.TIMEOUT, cause);
        storage.save(current);
      }
    });
  }

  private void endExecution(Execution execution, String status, String eventType, String detailsField,
      ObjectNode details, JsonNode output, String error, String cause) {
    execution.history.add(eventType, clock.now(), detailsField, details);
    execution.status = status;
    execution.output = output;
    execution.error = error;
    execution.cause = cause;
    execution.stopDate = clock.now();
    execution.position = null;
  }

  static ObjectNode errorDetails(String error, String cause) {
    ObjectNode details = Json.object();
    if (error != null) {
      details.put("error", error);
    }
    if (cause != null) {
      details.put("cause", cause);
    }
    return details;
  }

  // ---------------------------------------------------------------------------------------------------
  // Helpers

  /**
   * Runs {@code job} on the engine when the clock reaches {@code when}, if the frame still runs and
   * {@code stillApplies} holds for it then (a timer is never cancelled; a stale one does nothing).
   */
  void onTime(Frame frame, Instant when, Predicate<Frame> stillApplies, Consumer<Frame> job) {
    String arn = frame.execution.executionArn;
    int[] path = frame.path();
    scheduler.at(when, () -> {
      Execution execution = executions.get(arn);
      if (execution == null) {
        return;
      }
      Frame current = Frame.find(execution, path);
      if (current != null && stillApplies.test(current)) {
        guarded(execution, () -> job.accept(current));
      }
    });
  }

  Execution execution(String executionArn) {
    return executions.get(executionArn);
  }

  boolean deadlinePassed(Instant deadline) {
    return deadline != null && !clock.now().isBefore(deadline);
  }

  /**
   * The Context Object: {@code Execution} (Id, Input, Name, RoleArn, StartTime, RedriveCount),
   * {@code StateMachine} (Id, Name), {@code State} (EnteredTime, Name, RetryCount) and, for a
   * {@code .waitForTaskToken} task, {@code Task.Token}.
   */
  ObjectNode context(Frame frame) {
    Execution execution = frame.execution;
    Position position = frame.position;
    ObjectNode context = Json.object();
    ObjectNode executionNode = context.putObject("Execution");
    executionNode.put("Id", execution.executionArn);
    executionNode.set("Input", execution.input);
    executionNode.put("Name", execution.name);
    executionNode.put("RoleArn", execution.roleArn);
    executionNode.put("StartTime", Timestamps.format(execution.startDate));
    executionNode.put("RedriveCount", 0);
    context.putObject("StateMachine").put("Id", execution.stateMachineArn).put("Name", execution.stateMachineName);
    ObjectNode stateNode = context.putObject("State");
    stateNode.put("EnteredTime", Timestamps.format(position.enteredTime == null ? clock.now() : position.enteredTime));
    stateNode.put("Name", position.state);
    stateNode.put("RetryCount", position.retryCount);
    if (position.taskToken != null) {
      context.putObject("Task").put("Token", position.taskToken);
    }
    return context;
  }

  static JsonNode read(Path path, JsonNode input, JsonNode context) {
    try {
      return path.read(input, context);
    } catch (PathResolutionException e) {
      throw StatesError.runtime("Invalid path '" + path.text() + "' : " + e.getMessage());
    }
  }

  static boolean isInteger(JsonNode value) {
    if (!value.isNumber()) {
      return false;
    }
    try {
      value.decimalValue().toBigIntegerExact();
      return true;
    } catch (ArithmeticException e) {
      return false;
    }
  }

  long record(Frame frame, String type, String detailsField, ObjectNode details) {
    return frame.execution.history.add(type, clock.now(), detailsField, details);
  }
}
