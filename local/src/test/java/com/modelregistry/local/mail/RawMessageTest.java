package com.modelregistry.local.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What the outbox reads out of a Raw (MIME) message. */
class RawMessageTest {

  private static final String MULTIPART = String.join("\r\n",
      "From: =?UTF-8?B?SsO8cmdlbg==?= <juergen@example.com>",
      "To: \"Ann, Approver\" <ann@example.com>, bob@example.com",
      "Subject: =?UTF-8?Q?Approve_fraud-detector_=E2=80=93_v3?=",
      " =?UTF-8?Q?_now?=",
      "MIME-Version: 1.0",
      "Content-Type: multipart/mixed; boundary=\"outer\"",
      "",
      "preamble",
      "--outer",
      "Content-Type: multipart/alternative; boundary=inner",
      "",
      "--inner",
      "Content-Type: text/plain; charset=UTF-8",
      "Content-Transfer-Encoding: quoted-printable",
      "",
      "Gr=C3=BC=C3=9Fe, approve at https://registry.example/approve?id=3&x=1 =",
      "please.",
      "--inner",
      "Content-Type: text/html; charset=UTF-8",
      "Content-Transfer-Encoding: base64",
      "",
      "PHA+PGEgaHJlZj0iaHR0cHM6Ly9yZWdpc3RyeS5leGFtcGxlL2EiPkFwcHJvdmU8L2E+PC9wPg==",
      "--inner--",
      "--outer",
      "Content-Type: text/plain",
      "Content-Disposition: attachment; filename=notes.txt",
      "",
      "not a body",
      "--outer--",
      "");

  @Test
  void givenAMultipartMessage_thenHeadersAreDecodedAndTheFirstTextAndHtmlBodiesFound() {
    RawMessage message = RawMessage.parse(MULTIPART.getBytes(StandardCharsets.US_ASCII));

    assertEquals("Jürgen <juergen@example.com>", message.header("From"));
    assertEquals("\"Ann, Approver\" <ann@example.com>, bob@example.com", message.header("to"));
    assertEquals("Approve fraud-detector – v3 now", message.header("Subject"));
    assertEquals("Grüße, approve at https://registry.example/approve?id=3&x=1 please.", message.text());
    assertEquals("<p><a href=\"https://registry.example/a\">Approve</a></p>", message.html());
  }

  @Test
  void givenASinglePartMessage_thenItsBodyIsTheText() {
    RawMessage message = RawMessage.parse("Subject: Hi\nFrom: a@example.com\n\nHello\nthere\n".getBytes(StandardCharsets.UTF_8));

    assertEquals("Hi", message.header("Subject"));
    assertEquals("Hello\nthere\n", message.text());
    assertNull(message.html());
    assertNull(message.header("To"));
  }

  @Test
  void givenAnAddressHeader_thenItSplitsOnlyAtCommasOutsideQuotesAndBrackets() {
    assertEquals(java.util.List.of("\"Ann, Approver\" <ann@example.com>", "bob@example.com"),
        EmailAddresses.splitHeader("\"Ann, Approver\" <ann@example.com>, bob@example.com"));
    assertEquals("ann@example.com", EmailAddresses.addrSpec("\"Ann, Approver\" <ann@example.com>"));
  }
}
