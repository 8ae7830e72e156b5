package com.modelregistry.local.states;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.modelregistry.local.states.asl.DataFlow;
import com.modelregistry.local.states.asl.Json;
import com.modelregistry.local.states.asl.MapState;
import com.modelregistry.local.states.asl.ParallelState;
import com.modelregistry.local.states.asl.RetryingState;
import com.modelregistry.local.states.asl.StateMachineDefinition;
import com.modelregistry.local.states.asl.StatesError;
import java.util.ArrayList;
import java.util.List;

/**
 * Parallel and Map states: their branches (iterations) run as frames of their own, interleaved with the
 * rest of the execution on the engine thread. History as AWS records it: {@code ParallelStateStarted},
 * the branches' events, {@code ParallelStateSucceeded}/{@code ParallelStateFailed}; {@code MapStateStarted}
 * (with the item count), {@code MapIterationStarted}/{@code Succeeded}/{@code Failed}/{@code Aborted}
 * (with the state's name and the index), {@code MapStateSucceeded}/{@code MapStateFailed}. When one
 * branch fails, the others are aborted and the state fails with that branch's error, which its own
 * Retry and Catch then handle.
 */
final class BranchSteps {

  private final Interpreter interpreter;

  BranchSteps(Interpreter interpreter) {
    this.interpreter = interpreter;
  }

  void startParallel(Frame frame, ParallelState state) {
    Position position = frame.position;
    JsonNode context = interpreter.context(frame);
    JsonNode input = DataFlow.select(state.inputPath(), position.rawInput, context);
    JsonNode effective = state.parameters() == null ? input : state.parameters().apply(input, context);
    interpreter.record(frame, "ParallelStateStarted", null, null);
    position.branches = new ArrayList<>();
    for (StateMachineDefinition branch : state.branches()) {
      Branch running = Branch.pending(effective);
      running.status = Branch.Status.RUNNING;
      running.position = Position.ready(branch.startAt(), effective);
      position.branches.add(running);
    }
    position.moveTo(Phase.BRANCHES);
  }

  void startMap(Frame frame, MapState state) {
    Position position = frame.position;
    JsonNode context = interpreter.context(frame);
    JsonNode input = DataFlow.select(state.inputPath(), position.rawInput, context);
    JsonNode items = Interpreter.read(state.itemsPath(), input, context);
    if (!items.isArray()) {
      throw StatesError.runtime("The ItemsPath '" + state.itemsPath().text() + "' of the Map state must select an array,"
          + " got " + Json.typeName(items));
    }
    int concurrency = state.maxConcurrency() == null ? 0 : state.maxConcurrency();
    if (state.maxConcurrencyPath() != null) {
      JsonNode value = Interpreter.read(state.maxConcurrencyPath(), input, context);
      if (!Interpreter.isInteger(value) || value.longValue() < 0 || value.longValue() > Integer.MAX_VALUE) {
        throw StatesError.runtime("The MaxConcurrencyPath parameter references an invalid value: expected a"
            + " non-negative integer, got " + Json.write(value));
      }
      concurrency = value.intValue();
    }
    List<Branch> iterations = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode item = items.get(i);
      JsonNode itemInput = item;
      if (state.itemSelector() != null) {
        ObjectNode itemContext = interpreter.context(frame);
        itemContext.putObject("Map").putObject("Item").put("Index", i).set("Value", item);
        itemInput = state.itemSelector().apply(input, itemContext);
      }
      iterations.add(Branch.pending(itemInput));
    }
    interpreter.record(frame, "MapStateStarted", "mapStateStartedEventDetails", Json.object().put("length", items.size()));
    position.branches = iterations;
    position.maxConcurrency = concurrency;
    position.moveTo(Phase.BRANCHES);
    if (iterations.isEmpty()) {
      complete(frame, state);
    } else {
      startPendingIterations(frame, state);
    }
  }

  /** Starts pending iterations, in order, as far as MaxConcurrency allows. */
  private void startPendingIterations(Frame frame, MapState state) {
    List<Branch> iterations = frame.position.branches;
    int limit = frame.position.maxConcurrency == 0 ? Integer.MAX_VALUE : frame.position.maxConcurrency;
    long running = iterations.stream().filter(branch -> branch.status == Branch.Status.RUNNING).count();
    for (int i = 0; i < iterations.size() && running < limit; i++) {
      Branch iteration = iterations.get(i);
      if (iteration.status == Branch.Status.PENDING) {
        iteration.status = Branch.Status.RUNNING;
        iteration.position = Position.ready(state.processor().startAt(), iteration.input);
        interpreter.record(frame, "MapIterationStarted", "mapIterationStartedEventDetails", iterationDetails(state, i));
        running++;
      }
    }
  }

  void branchSucceeded(Frame child, JsonNode output) {
    Frame parent = child.parent;
    Branch branch = child.branch();
    branch.status = Branch.Status.SUCCEEDED;
    branch.output = output;
    branch.position = null;
    if (parent.state() instanceof MapState map) {
      interpreter.record(parent, "MapIterationSucceeded", "mapIterationSucceededEventDetails",
          iterationDetails(map, child.index));
      startPendingIterations(parent, map);
    }
    if (parent.position.branches.stream().allMatch(b -> b.status == Branch.Status.SUCCEEDED)) {
      complete(parent, (RetryingState) parent.state());
    }
  }

  private void complete(Frame frame, RetryingState state) {
    ArrayNode results = Json.MAPPER.createArrayNode();
    frame.position.branches.forEach(branch -> results.add(branch.output));
    interpreter.record(frame, state.type() + "StateSucceeded", null, null);
    frame.position.branches = null;
    interpreter.completeState(frame, state, results);
  }

  void branchFailed(Frame child, StatesError error) {
    Frame parent = child.parent;
    Branch failed = child.branch();
    failed.status = Branch.Status.FAILED;
    failed.position = null;
    boolean map = parent.state() instanceof MapState;
    if (map) {
      interpreter.record(parent, "MapIterationFailed", "mapIterationFailedEventDetails",
          iterationDetails((MapState) parent.state(), child.index));
    }
    List<Branch> branches = parent.position.branches;
    for (int i = 0; i < branches.size(); i++) {
      Branch branch = branches.get(i);
      if (branch.status == Branch.Status.RUNNING) {
        branch.status = Branch.Status.ABORTED;
        branch.position = null; // its task's token and timers die with it
        if (map) {
          interpreter.record(parent, "MapIterationAborted", "mapIterationAbortedEventDetails",
              iterationDetails((MapState) parent.state(), i));
        }
      }
    }
    interpreter.record(parent, parent.state().type() + "StateFailed", null, null);
    parent.position.branches = null;
    interpreter.stateError(parent, error);
  }

  private static ObjectNode iterationDetails(MapState state, int index) {
    return Json.object().put("name", state.name()).put("index", index);
  }
}
