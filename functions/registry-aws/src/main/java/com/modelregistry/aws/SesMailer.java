package com.modelregistry.aws;

import com.modelregistry.core.port.Mailer;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** {@link Mailer} on SES v2 (simple content, text and HTML bodies, UTF-8). */
public final class SesMailer implements Mailer {
  private final SesV2Client ses;
  private final String sender;

  public SesMailer(SesV2Client ses, String sender) {
    this.ses = ses;
    this.sender = sender;
  }

  @Override
  public void send(String to, String subject, String text, String html) {
    String from = Config.require(sender, "SENDER_EMAIL");
    ses.sendEmail(request -> request.fromEmailAddress(from)
        .destination(destination -> destination.toAddresses(to))
        .content(content -> content.simple(message -> message
            .subject(s -> s.data(subject).charset("UTF-8"))
            .body(body -> body.text(t -> t.data(text).charset("UTF-8")).html(h -> h.data(html).charset("UTF-8"))))));
  }
}
