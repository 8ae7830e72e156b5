package com.modelregistry.local.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outbox page: links clickable, everything else escaped, HTML bodies only inside a sandbox. */
class OutboxPageTest {

  private static OutboxMessage message(String id, String subject, String text, String html) {
    return new OutboxMessage(id, Instant.parse("2026-11-23T10:00:00Z"), "Simple", "registry@example.com",
        List.of("ann@example.com"), List.of(), List.of(), List.of(), subject, text, html, null, null);
  }

  @Test
  void givenATextBody_thenItsLinksAreClickableAndTheRestEscaped() {
    String html = OutboxPage.linkify("Approve: https://registry.example/a?x=1&y=2. <b>now</b> javascript:alert(1)");

    assertEquals("Approve: <a href=\"https://registry.example/a?x=1&amp;y=2\" target=\"_blank\" "
        + "rel=\"noopener noreferrer\">https://registry.example/a?x=1&amp;y=2</a>. &lt;b&gt;now&lt;/b&gt; "
        + "javascript:alert(1)", html);
  }

  @Test
  void givenAnHtmlBody_thenItIsOnlyInASandboxedSrcdocAndItsSafeLinksAreListed() {
    String body = "<p onclick=\"x()\">Hi</p><script>alert('x')</script>"
        + "<a href=\"https://registry.example/approve?id=1&amp;t=2\">Approve</a>"
        + "<a href='javascript:alert(1)'>evil</a><a href=mailto:ann@example.com>mail</a>";
    String page = OutboxPage.render(List.of(message("m-1", "<Approve> \"v3\"", null, body)));

    assertFalse(page.contains("<script>"), "the mail's script must not be live on the page");
    assertFalse(page.contains("<p onclick"), page);
    assertTrue(page.contains("<iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox\""), page);
    assertTrue(page.contains("srcdoc=\"&lt;base target=&quot;_blank&quot;&gt;&lt;p onclick=&quot;x()&quot;&gt;Hi"), page);
    assertTrue(page.contains("<h2>&lt;Approve&gt; &quot;v3&quot;</h2>"), page);
    assertTrue(page.contains("<li><a href=\"https://registry.example/approve?id=1&amp;t=2\""), page);
    assertTrue(page.contains("<li><a href=\"mailto:ann@example.com\""), page);
    assertFalse(page.contains("href=\"javascript:"), page);
  }

  @Test
  void givenSeveralMails_thenEachIsAnArticleInTheGivenOrder() {
    String page = OutboxPage.render(List.of(message("new", "Newer", "b", null), message("old", "Older", "a", null)));

    assertTrue(page.indexOf("id=\"new\"") < page.indexOf("id=\"old\""));
    assertTrue(page.contains("2 mails"));
    assertTrue(OutboxPage.render(List.of()).contains("No mail yet."));
  }
}
