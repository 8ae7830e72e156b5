package com.modelregistry.local.states.handlers;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Always fails, with a cause chain, as a rejected model's handler would. */
public final class RejectHandler implements RequestHandler<Map<String, Object>, String> {

  @Override
  public String handleRequest(Map<String, Object> input, Context context) {
    throw new ModelRejectedException("model " + input.get("model") + " is below the gate",
        new IllegalArgumentException("auc " + input.get("auc") + " < 0.9"));
  }
}
