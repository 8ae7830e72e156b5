package com.modelregistry.core.port;

/** Sends one email (SES). */
public interface Mailer {

  void send(String to, String subject, String text, String html);
}
