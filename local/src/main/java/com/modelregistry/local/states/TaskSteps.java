package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.sam.LocalStack;
import com.modelregistry.local.states.asl.DataFlow;
import com.modelregistry.local.states.asl.ErrorNames;
import com.modelregistry.local.states.asl.Json;
import com.modelregistry.local.states.asl.Path;
import com.modelregistry.local.states.asl.StatesError;
import com.modelregistry.local.states.asl.TaskResource;
import com.modelregistry.local.states.asl.TaskState;
import java.time.Instant;

/**
 * The life of a Task state's attempt: its effective input and timeouts, the Lambda call (history:
 * {@code LambdaFunction*} events for a function ARN resource, {@code Task*} events for the
 * {@code lambda:invoke} integration), the wait for a task token, heartbeats, and timeouts
 * ({@code States.Timeout}, {@code States.HeartbeatTimeout}).
 *
 * <p>A call in flight when the service stopped is made again on resume, with the same effective input
 * and token, and without new history events: tasks run at least once, as with Lambda's own retries.
 */
final class TaskSteps {

  private final Interpreter interpreter;
  private final LambdaTasks lambdas;
  private final EngineThread engine;

  TaskSteps(Interpreter interpreter, LambdaTasks lambdas, EngineThread engine) {
    this.interpreter = interpreter;
    this.lambdas = lambdas;
    this.engine = engine;
  }

  /** A new attempt (the position's attempt is already numbered). */
  void start(Frame frame, TaskState state) {
    Position position = frame.position;
    position.taskToken = isCallback(state) ? TaskTokens.issue(frame.execution.executionArn, position.attempt) : null;
    JsonNode context = interpreter.context(frame);
    JsonNode input = DataFlow.select(state.inputPath(), position.rawInput, context);
    JsonNode effective = state.parameters() == null ? input : state.parameters().apply(input, context);
    Integer timeout = seconds(state.timeoutSeconds(), state.timeoutSecondsPath(), input, context, "TimeoutSecondsPath");
    Integer heartbeat = seconds(state.heartbeatSeconds(), state.heartbeatSecondsPath(), input, context,
        "HeartbeatSecondsPath");
    Instant now = interpreter.clock.now();
    position.taskParameters = effective;
    position.timeoutSeconds = timeout;
    position.heartbeatSeconds = heartbeat;
    position.timeoutAt = timeout == null ? null : now.plusSeconds(timeout);
    position.heartbeatAt = heartbeat == null ? null : now.plusSeconds(heartbeat);
    if (state.resource() instanceof TaskResource.LambdaInvoke invoke) {
      ObjectNode scheduled = resourceDetails(invoke).put("region", LocalStack.REGION)
          .put("parameters", Json.write(effective));
      if (timeout != null) {
        scheduled.put("timeoutInSeconds", timeout);
      }
      if (heartbeat != null) {
        scheduled.put("heartbeatInSeconds", heartbeat);
      }
      interpreter.record(frame, "TaskScheduled", "taskScheduledEventDetails", scheduled);
      interpreter.record(frame, "TaskStarted", "taskStartedEventDetails", resourceDetails(invoke));
    } else {
      ObjectNode scheduled = Json.object().put("resource", state.resource().arn());
      History.data(scheduled, "input", effective);
      if (timeout != null) {
        scheduled.put("timeoutInSeconds", timeout);
      }
      interpreter.record(frame, "LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", scheduled);
      interpreter.record(frame, "LambdaFunctionStarted", null, null);
    }
    position.moveTo(Phase.TASK_RUNNING);
    interpreter.storage.save(frame.execution); // durable before the call is made
    scheduleTimers(frame);
    launch(frame, state);
  }

  private static Integer seconds(Integer fixed, Path path, JsonNode input, JsonNode context, String field) {
    if (path == null) {
      return fixed;
    }
    JsonNode value = Interpreter.read(path, input, context);
    if (!Interpreter.isInteger(value) || value.longValue() <= 0 || value.longValue() > Integer.MAX_VALUE) {
      throw StatesError.runtime("The " + field + " parameter references an invalid value: expected a positive integer,"
          + " got " + Json.write(value));
    }
    return value.intValue();
  }

  /** After a restart: the call that was in flight is made again. */
  void resumeInFlight(Frame frame) {
    scheduleTimers(frame);
    launch(frame, (TaskState) frame.state());
  }

  private void launch(Frame frame, TaskState state) {
    String arn = frame.execution.executionArn;
    int[] path = frame.path();
    long attempt = frame.position.attempt;
    lambdas.start(state.resource(), frame.position.taskParameters,
        outcome -> engine.post(() -> outcome(arn, path, attempt, outcome)));
  }

  private void outcome(String executionArn, int[] path, long attempt, TaskOutcome outcome) {
    Execution execution = interpreter.execution(executionArn);
    if (execution == null) {
      return;
    }
    Frame frame = Frame.find(execution, path);
    if (frame == null || frame.position.attempt != attempt || frame.position.phase != Phase.TASK_RUNNING) {
      return; // stopped, timed out or completed by its token meanwhile
    }
    interpreter.guarded(execution, () -> {
      TaskState state = (TaskState) frame.state();
      if (outcome.failed()) {
        recordFailure(frame, state, outcome.error());
        interpreter.stateError(frame, outcome.error());
      } else if (isCallback(state)) {
        ObjectNode details = resourceDetails((TaskResource.LambdaInvoke) state.resource());
        interpreter.record(frame, "TaskSubmitted", "taskSubmittedEventDetails",
            History.data(details, "output", outcome.result()));
        frame.position.moveTo(Phase.TASK_CALLBACK);
      } else {
        if (state.resource() instanceof TaskResource.LambdaInvoke invoke) {
          interpreter.record(frame, "TaskSucceeded", "taskSucceededEventDetails",
              History.data(resourceDetails(invoke), "output", outcome.result()));
        } else {
          interpreter.record(frame, "LambdaFunctionSucceeded", "lambdaFunctionSucceededEventDetails",
              History.data(Json.object(), "output", outcome.result()));
        }
        interpreter.completeState(frame, state, outcome.result());
      }
      interpreter.advance(execution);
    });
  }

  /** The frame whose task waits for this token, or null. */
  static Frame waitingFor(Execution execution, String token) {
    if (!execution.running() || execution.position == null) {
      return null;
    }
    return find(Frame.root(execution), token);
  }

  private static Frame find(Frame frame, String token) {
    if (frame.position.inTask() && token.equals(frame.position.taskToken)) {
      return frame;
    }
    for (Frame child : frame.children()) {
      Frame found = find(child, token);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  /** SendTaskSuccess with the frame's token. */
  void succeeded(Frame frame, JsonNode output) {
    interpreter.guarded(frame.execution, () -> {
      TaskState state = (TaskState) frame.state();
      interpreter.record(frame, "TaskSucceeded", "taskSucceededEventDetails",
          History.data(resourceDetails((TaskResource.LambdaInvoke) state.resource()), "output", output));
      interpreter.completeState(frame, state, output);
      interpreter.advance(frame.execution);
    });
  }

  /** SendTaskFailure with the frame's token. */
  void failed(Frame frame, String error, String cause) {
    interpreter.guarded(frame.execution, () -> {
      StatesError failure = new StatesError(error, cause);
      recordFailure(frame, (TaskState) frame.state(), failure);
      interpreter.stateError(frame, failure);
      interpreter.advance(frame.execution);
    });
  }

  /** SendTaskHeartbeat with the frame's token: the heartbeat deadline starts over. */
  void heartbeat(Frame frame) {
    Position position = frame.position;
    if (position.heartbeatSeconds != null) {
      position.heartbeatAt = interpreter.clock.now().plusSeconds(position.heartbeatSeconds);
      interpreter.storage.save(frame.execution);
      scheduleTimer(frame, position.heartbeatAt, true);
    }
  }

  void scheduleTimers(Frame frame) {
    Position position = frame.position;
    if (position.timeoutAt != null) {
      scheduleTimer(frame, position.timeoutAt, false);
    }
    if (position.heartbeatAt != null) {
      scheduleTimer(frame, position.heartbeatAt, true);
    }
  }

  private void scheduleTimer(Frame frame, Instant when, boolean heartbeat) {
    long attempt = frame.position.attempt;
    interpreter.onTime(frame, when, f -> f.position.inTask() && f.position.attempt == attempt
        && interpreter.deadlinePassed(heartbeat ? f.position.heartbeatAt : f.position.timeoutAt),
        f -> timedOut(f, heartbeat));
  }

  private void timedOut(Frame frame, boolean heartbeat) {
    TaskState state = (TaskState) frame.state();
    Position position = frame.position;
    StatesError error = heartbeat
        ? new StatesError(ErrorNames.HEARTBEAT_TIMEOUT, "No heartbeat was received for " + position.heartbeatSeconds
            + " seconds")
        : new StatesError(ErrorNames.TIMEOUT, "The task did not complete within " + position.timeoutSeconds + " seconds");
    ObjectNode details = Interpreter.errorDetails(error.error(), error.cause());
    if (state.resource() instanceof TaskResource.LambdaInvoke invoke) {
      ObjectNode withResource = resourceDetails(invoke);
      withResource.setAll(details);
      interpreter.record(frame, "TaskTimedOut", "taskTimedOutEventDetails", withResource);
    } else {
      interpreter.record(frame, "LambdaFunctionTimedOut", "lambdaFunctionTimedOutEventDetails", details);
    }
    interpreter.stateError(frame, error);
    interpreter.advance(frame.execution);
  }

  private void recordFailure(Frame frame, TaskState state, StatesError error) {
    ObjectNode details = Interpreter.errorDetails(error.error(), error.cause());
    if (state.resource() instanceof TaskResource.LambdaInvoke invoke) {
      ObjectNode withResource = resourceDetails(invoke);
      withResource.setAll(details);
      interpreter.record(frame, "TaskFailed", "taskFailedEventDetails", withResource);
    } else {
      interpreter.record(frame, "LambdaFunctionFailed", "lambdaFunctionFailedEventDetails", details);
    }
  }

  private static boolean isCallback(TaskState state) {
    return state.resource() instanceof TaskResource.LambdaInvoke invoke && invoke.waitForTaskToken();
  }

  private static ObjectNode resourceDetails(TaskResource.LambdaInvoke invoke) {
    return Json.object().put("resourceType", invoke.resourceType()).put("resource", invoke.resource());
  }
}
