package com.modelregistry.local.states.handlers;

import java.util.Locale;

/** A handler named {@code Class::method}, neither implementing an interface nor taking a Context. */
public final class ShoutHandler {

  public String shout(String text) {
    return text.toUpperCase(Locale.ROOT) + "!";
  }
}
