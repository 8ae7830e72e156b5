package com.modelregistry.local.states.asl;

/**
 * A state of a state machine, as the Amazon States Language (JSONPath dialect) defines it. Input and
 * output filters use {@code null} for a field explicitly set to JSON null (InputPath/OutputPath: the
 * data becomes {@code {}}; ResultPath: the result is discarded) and {@link Path#ROOT} /
 * {@link ReferencePath#ROOT} when the field is absent.
 */
public sealed interface State
    permits PassState, TaskState, ChoiceState, WaitState, SucceedState, FailState, ParallelState, MapState,
    RetryingState {

  String name();

  /** The state's {@code Type}, e.g. {@code Task}; history events are named after it. */
  String type();
}
