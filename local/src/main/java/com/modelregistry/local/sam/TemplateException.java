package com.modelregistry.local.sam;

/** The template uses something the local runtime can't reproduce, or is malformed; the message says where. */
public final class TemplateException extends RuntimeException {

  public TemplateException(String message) {
    super(message);
  }

  TemplateException(String context, TemplateException cause) {
    super(context + ": " + cause.getMessage(), cause);
  }
}
