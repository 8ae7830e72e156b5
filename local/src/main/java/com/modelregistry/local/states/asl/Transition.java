package com.modelregistry.local.states.asl;

/** Where a state goes when it is done: the state named by {@code Next}, or the end ({@code End: true}). */
public record Transition(String next) {

  public static final Transition END = new Transition(null);

  public boolean isEnd() {
    return next == null;
  }
}
