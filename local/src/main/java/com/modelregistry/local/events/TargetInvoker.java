package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;

/** Hands one input to one kind of target (a Lambda function, an HTTP endpoint, a state machine). */
interface TargetInvoker {

  void deliver(EventTarget target, JsonNode input) throws DeliveryFailure;
}
