package com.modelregistry.local.streams;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record read from a shard and not yet done: its sequence number, its JSON as the function gets it, and
 * whether it passes the mapping's filter (a record that doesn't is done once the records before it are).
 */
record PendingRecord(String sequenceNumber, ObjectNode json, boolean matches) {}
