package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Fail state: ends the execution as failed with an error name and cause, given literally
 * ({@code Error}, {@code Cause}) or computed from the state's input ({@code ErrorPath}, {@code CausePath}:
 * a Path or an intrinsic function). Each may be absent.
 */
public record FailState(String name, String error, ValueExpression errorPath, String cause, ValueExpression causePath)
    implements State {

  @Override
  public String type() {
    return "Fail";
  }

  /** A Path or an intrinsic function that computes a value from the state's input. */
  public record ValueExpression(Path path, IntrinsicFunction function) {

    public static ValueExpression parse(String text) {
      return text.startsWith("$") ? new ValueExpression(Path.parse(text), null)
          : new ValueExpression(null, IntrinsicFunction.parse(text));
    }

    /**
     * @throws StatesError {@code States.Runtime} if the path matches nothing
     */
    public JsonNode evaluate(JsonNode input, JsonNode context) {
      if (function != null) {
        return function.evaluate(input, context);
      }
      try {
        return path.read(input, context);
      } catch (PathResolutionException e) {
        throw StatesError.runtime("Invalid path '" + path.text() + "' : " + e.getMessage());
      }
    }
  }
}
