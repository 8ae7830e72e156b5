package com.modelregistry.local.streams;

/**
 * What the runtime's DynamoDB client tells the stream mappings about each call, so that locally a change's
 * stream records are delivered before anyone sees the change: a write returns only once what it produced was
 * delivered, and a read first waits for the writes begun before it (each wait is bounded).
 */
public interface ClientAccess {
  /** Nothing to tell: no stream mappings. */
  ClientAccess NONE = new ClientAccess() {
    @Override
    public long writeStarting() {
      return 0;
    }

    @Override
    public void writeEnded(long ticket, boolean committed) {}

    @Override
    public void readStarting() {}
  };

  /** A write is about to be sent; returns its ticket. */
  long writeStarting();

  /** The write with {@code ticket} returned ({@code committed}) or failed. */
  void writeEnded(long ticket, boolean committed);

  /** A read is about to be sent. */
  void readStarting();
}
