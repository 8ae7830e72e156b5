package com.modelregistry.local.streams;

import java.util.TreeSet;

/**
 * Numbers the writes through the runtime's DynamoDB client in the order they begin, and knows up to which number
 * all of them have ended: a stream poller that starts reading after that point sees every record they produced.
 */
final class WriteTickets {
  private long issued;
  private final TreeSet<Long> inFlight = new TreeSet<>();

  synchronized long begin() {
    issued++;
    inFlight.add(issued);
    return issued;
  }

  synchronized void end(long ticket) {
    inFlight.remove(ticket);
  }

  /** The number of the last write begun. */
  synchronized long issued() {
    return issued;
  }

  /** The highest number up to which every write has ended. */
  synchronized long ended() {
    return inFlight.isEmpty() ? issued : inFlight.first() - 1;
  }
}
