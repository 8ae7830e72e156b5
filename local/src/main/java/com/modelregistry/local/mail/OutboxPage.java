package com.modelregistry.local.mail;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The outbox as an HTML page, newest mail first. Everything from a mail is escaped; links (http, https,
 * mailto) in the text body become clickable, the HTML body is shown in a sandboxed iframe (no scripts,
 * no forms, links open in a new tab) and its links are listed, clickable, below it.
 */
final class OutboxPage {

  private static final Pattern TEXT_URL = Pattern.compile("(?i)\\b(?:https?://|mailto:)[^\\s<>\"']+");
  private static final Pattern HREF = Pattern.compile("(?i)\\bhref\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s>\"']+))");
  private static final String TRAILING_PUNCTUATION = ".,;:!?)]}";

  private OutboxPage() {}

  static String render(List<OutboxMessage> messages) {
    StringBuilder page = new StringBuilder();
    page.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Outbox (").append(messages.size()).append(") – Model Registry local runtime</title>")
        .append("<style>")
        .append("body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#222}")
        .append("article{border:1px solid #ccc;border-radius:6px;padding:1rem 1.25rem;margin:1.25rem 0}")
        .append("h2{margin:0 0 .5rem;font-size:1.15rem}dl{display:grid;grid-template-columns:6rem 1fr;margin:0;gap:.15rem .75rem}")
        .append("dt{color:#666}dd{margin:0;overflow-wrap:anywhere}")
        .append("pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.75rem;border-radius:4px}")
        .append("iframe{width:100%;height:24rem;border:1px solid #ddd;border-radius:4px;background:#fff}")
        .append("h3{font-size:.95rem;margin:1rem 0 .35rem;color:#444}ul{margin:.25rem 0;padding-left:1.25rem}")
        .append("</style></head><body>\n")
        .append("<h1>Outbox</h1>\n<p>").append(messages.size())
        .append(messages.size() == 1 ? " mail" : " mails")
        .append(" captured by the local SES, newest first. The same as JSON: <code>GET /_local/outbox</code>.</p>\n");
    if (messages.isEmpty()) {
      page.append("<p>No mail yet.</p>\n");
    }
    messages.forEach(message -> article(page, message));
    return page.append("</body></html>\n").toString();
  }

  private static void article(StringBuilder page, OutboxMessage message) {
    page.append("<article id=\"").append(escape(message.id())).append("\">\n<h2>")
        .append(escape(message.subject() == null || message.subject().isEmpty() ? "(no subject)" : message.subject()))
        .append("</h2>\n<dl>");
    field(page, "From", message.from());
    field(page, "To", String.join(", ", message.to()));
    if (!message.cc().isEmpty()) {
      field(page, "Cc", String.join(", ", message.cc()));
    }
    if (!message.bcc().isEmpty()) {
      field(page, "Bcc", String.join(", ", message.bcc()));
    }
    if (!message.replyTo().isEmpty()) {
      field(page, "Reply-To", String.join(", ", message.replyTo()));
    }
    field(page, "Sent", message.sentAt().toString());
    field(page, "Id", message.id() + " (" + message.format() + ")");
    page.append("</dl>\n");
    if (message.text() != null) {
      page.append("<h3>Text</h3>\n<pre>").append(linkify(message.text())).append("</pre>\n");
    }
    if (message.html() != null) {
      page.append("<h3>HTML</h3>\n<iframe sandbox=\"allow-popups allow-popups-to-escape-sandbox\" referrerpolicy=\"no-referrer\" ")
          .append("title=\"HTML body of ").append(escape(message.id())).append("\" srcdoc=\"")
          .append(escape("<base target=\"_blank\">" + message.html())).append("\"></iframe>\n");
      Set<String> links = htmlLinks(message.html());
      if (!links.isEmpty()) {
        page.append("<h3>Links in the HTML body</h3>\n<ul>");
        links.forEach(link -> page.append("<li>").append(anchor(link)).append("</li>"));
        page.append("</ul>\n");
      }
    }
    page.append("</article>\n");
  }

  private static void field(StringBuilder page, String name, String value) {
    page.append("<dt>").append(name).append("</dt><dd>").append(escape(value == null ? "" : value)).append("</dd>");
  }

  /** The text escaped, with its http(s) and mailto URLs as links. */
  static String linkify(String text) {
    StringBuilder html = new StringBuilder();
    Matcher matcher = TEXT_URL.matcher(text);
    int position = 0;
    while (matcher.find()) {
      String url = matcher.group();
      int end = url.length();
      while (end > 0 && TRAILING_PUNCTUATION.indexOf(url.charAt(end - 1)) >= 0) {
        end--;
      }
      url = url.substring(0, end);
      html.append(escape(text.substring(position, matcher.start()))).append(anchor(url));
      position = matcher.start() + end;
    }
    return html.append(escape(text.substring(position))).toString();
  }

  /** The http(s) and mailto targets of the {@code href}s in an HTML body, in order, each once. */
  static Set<String> htmlLinks(String html) {
    Set<String> links = new LinkedHashSet<>();
    Matcher matcher = HREF.matcher(html);
    while (matcher.find()) {
      String value = matcher.group(1) != null ? matcher.group(1)
          : matcher.group(2) != null ? matcher.group(2) : matcher.group(3);
      String link = unescapeAttribute(value.trim());
      if (isSafeLink(link)) {
        links.add(link);
      }
    }
    return links;
  }

  private static String anchor(String url) {
    if (!isSafeLink(url)) {
      return escape(url);
    }
    return "<a href=\"" + escape(url) + "\" target=\"_blank\" rel=\"noopener noreferrer\">" + escape(url) + "</a>";
  }

  private static boolean isSafeLink(String url) {
    String lower = url.toLowerCase(Locale.ROOT);
    return (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:"))
        && url.chars().noneMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String unescapeAttribute(String value) {
    return value.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">")
        .replace("&amp;", "&");
  }

  static String escape(String text) {
    StringBuilder escaped = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> escaped.append("&amp;");
        case '<' -> escaped.append("&lt;");
        case '>' -> escaped.append("&gt;");
        case '"' -> escaped.append("&quot;");
        case '\'' -> escaped.append("&#39;");
        default -> escaped.append(c);
      }
    }
    return escaped.toString();
  }
}
