package com.modelregistry.local.events;

import com.fasterxml.jackson.databind.JsonNode;

/** One event on its way to one target of one rule it matched. */
record Delivery(String eventId, EventRule rule, EventTarget target, JsonNode event) {}
