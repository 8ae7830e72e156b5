package com.modelregistry.local;

import java.util.logging.Level;
import java.util.logging.Logger;

/** Silences the libraries that log through java.util.logging rather than log4j2 (configured in log4j2.xml). */
final class QuietLogging {

  // JUL holds loggers weakly: keep a strong reference or the level is lost when it is collected.
  private static final Logger SQLITE4JAVA = Logger.getLogger("com.almworks.sqlite4java");

  private QuietLogging() {}

  static void silenceSqlite() {
    SQLITE4JAVA.setLevel(Level.OFF);
  }
}
