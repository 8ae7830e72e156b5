package com.modelregistry.local.states.asl;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The input and output processing every state shares: InputPath selects the effective input from the raw
 * input, ResultPath places the result into the raw input, OutputPath selects the output.
 */
public final class DataFlow {

  private DataFlow() {}

  /**
   * InputPath (or OutputPath): a path's selection, or {@code {}} for a JSON-null path.
   *
   * @throws StatesError {@code States.Runtime} if the path matches nothing
   */
  public static JsonNode select(Path path, JsonNode data, JsonNode context) {
    if (path == null) {
      return Json.object();
    }
    try {
      return path.read(data, context);
    } catch (PathResolutionException e) {
      throw StatesError.runtime("Invalid path '" + path.text() + "' : " + e.getMessage());
    }
  }

  /**
   * ResultPath: the raw input with the result placed into it; the raw input itself for a JSON-null path.
   *
   * @throws StatesError {@code States.ResultPathMatchFailure} if the raw input's shape doesn't allow it
   */
  public static JsonNode placeResult(ReferencePath resultPath, JsonNode rawInput, JsonNode result) {
    if (resultPath == null) {
      return rawInput;
    }
    try {
      return resultPath.write(rawInput, result);
    } catch (PathResolutionException e) {
      throw new StatesError(ErrorNames.RESULT_PATH_MATCH_FAILURE, e.getMessage());
    }
  }
}
