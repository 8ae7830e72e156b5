package com.modelregistry.local.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A Lambda handler for EventBridge events (named by a test template): records each event it gets with
 * the function name from its context; throws for an event whose detail has {@code "fail": true}.
 */
public final class RecordingEventHandler implements RequestHandler<Map<String, Object>, String> {

  /** One invocation. */
  public record Received(String functionName, Map<String, Object> event) {}

  public static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

  @Override
  public String handleRequest(Map<String, Object> event, Context context) {
    RECEIVED.add(new Received(context.getFunctionName(), event));
    Object detail = event.get("detail");
    if (detail instanceof Map<?, ?> map && Boolean.TRUE.equals(map.get("fail"))) {
      throw new IllegalArgumentException("asked to fail");
    }
    return "ok";
  }
}
