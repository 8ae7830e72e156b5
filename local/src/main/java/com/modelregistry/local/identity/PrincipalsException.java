package com.modelregistry.local.identity;

/** The principals file is missing, unreadable or invalid; the message names the file and the entry. */
public final class PrincipalsException extends RuntimeException {

  PrincipalsException(String message) {
    super(message);
  }
}
