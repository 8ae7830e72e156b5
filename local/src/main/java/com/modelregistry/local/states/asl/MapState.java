package com.modelregistry.local.states.asl;

import java.util.List;

/**
 * A Map state (inline mode): runs its item processor (a state machine of its own) for each element of
 * the array {@code ItemsPath} selects, at most {@code MaxConcurrency} at a time (0 or absent: no limit);
 * each iteration's input is the element, or what {@code ItemSelector} (formerly {@code Parameters})
 * makes of it with {@code $$.Map.Item.Index} and {@code $$.Map.Item.Value}. The result is the array of
 * the iterations' outputs, in item order; if an iteration fails, the state fails with its error.
 */
public record MapState(
    String name,
    Path inputPath,
    Path itemsPath,
    PayloadTemplate itemSelector,
    Integer maxConcurrency,
    Path maxConcurrencyPath,
    StateMachineDefinition processor,
    PayloadTemplate resultSelector,
    ReferencePath resultPath,
    Path outputPath,
    List<Retrier> retriers,
    List<Catcher> catchers,
    Transition transition) implements State, RetryingState {

  public MapState {
    retriers = List.copyOf(retriers);
    catchers = List.copyOf(catchers);
  }

  @Override
  public String type() {
    return "Map";
  }
}
