package com.modelregistry.local.states.asl;

import java.util.List;

/**
 * A state that may Retry and Catch (Task, Parallel, Map), and whose result goes through ResultSelector,
 * ResultPath and OutputPath.
 */
public sealed interface RetryingState extends State permits TaskState, ParallelState, MapState {

  List<Retrier> retriers();

  List<Catcher> catchers();

  PayloadTemplate resultSelector();

  ReferencePath resultPath();

  Path outputPath();

  Transition transition();
}
