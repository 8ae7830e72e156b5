package com.modelregistry.local.states;

import com.modelregistry.local.states.asl.MapState;
import com.modelregistry.local.states.asl.ParallelState;
import com.modelregistry.local.states.asl.State;
import com.modelregistry.local.states.asl.StateMachineDefinition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where states run: the execution's top-level state machine, or a running branch of a Parallel state or
 * iteration of a Map state (nested as deep as the definition). A frame is a view, made afresh from the
 * execution whenever needed; timers and task results find theirs again by its path of branch indexes.
 */
final class Frame {

  final Execution execution;
  final StateMachineDefinition scope;
  final Frame parent;
  /** The branch's index in its parent's state; -1 for the top level. */
  final int index;
  Position position;

  private Frame(Execution execution, StateMachineDefinition scope, Frame parent, int index, Position position) {
    this.execution = execution;
    this.scope = scope;
    this.parent = parent;
    this.index = index;
    this.position = position;
  }

  static Frame root(Execution execution) {
    return new Frame(execution, execution.definition(), null, -1, execution.position);
  }

  /** The frame at this path, or null if it no longer runs (finished, aborted, or the execution ended). */
  static Frame find(Execution execution, int[] path) {
    if (!execution.running() || execution.position == null) {
      return null;
    }
    Frame frame = root(execution);
    for (int index : path) {
      frame = frame.child(index);
      if (frame == null) {
        return null;
      }
    }
    return frame;
  }

  boolean isRoot() {
    return parent == null;
  }

  State state() {
    return scope.state(position.state);
  }

  int[] path() {
    List<Integer> indexes = new ArrayList<>();
    for (Frame frame = this; frame.parent != null; frame = frame.parent) {
      indexes.add(0, frame.index);
    }
    return indexes.stream().mapToInt(Integer::intValue).toArray();
  }

  /** This frame's branch record in its parent's state. */
  Branch branch() {
    return parent.position.branches.get(index);
  }

  /** Moves the frame to another position (a next state), where its owner keeps it. */
  void moveTo(Position next) {
    position = next;
    if (isRoot()) {
      execution.position = next;
    } else {
      branch().position = next;
    }
  }

  /** The running branches of this frame's Parallel or Map state. */
  List<Frame> children() {
    List<Frame> children = new ArrayList<>();
    if (position != null && position.phase == Phase.BRANCHES && position.branches != null) {
      for (int i = 0; i < position.branches.size(); i++) {
        Frame child = child(i);
        if (child != null) {
          children.add(child);
        }
      }
    }
    return children;
  }

  private Frame child(int index) {
    if (position == null || position.phase != Phase.BRANCHES || position.branches == null
        || index >= position.branches.size()) {
      return null;
    }
    Branch branch = position.branches.get(index);
    if (branch.status != Branch.Status.RUNNING || branch.position == null) {
      return null;
    }
    return new Frame(execution, branchScope(index), this, index, branch.position);
  }

  private StateMachineDefinition branchScope(int index) {
    State state = state();
    if (state instanceof ParallelState parallel) {
      return parallel.branches().get(index);
    }
    return ((MapState) state).processor();
  }

  @Override
  public String toString() {
    return execution.executionArn + Arrays.toString(path()) + ":" + (position == null ? "-" : position.state);
  }
}
