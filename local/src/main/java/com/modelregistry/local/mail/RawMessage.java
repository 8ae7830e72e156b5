package com.modelregistry.local.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what the outbox shows of a Raw (MIME) message: its headers (RFC 2047 encoded words decoded) and
 * its first text/plain and text/html bodies, through nested multiparts, base64 and quoted-printable,
 * in their charset. The message itself is kept as it was sent; this is only for display.
 */
final class RawMessage {

  private static final Pattern ENCODED_WORD = Pattern.compile("=\\?([^?\\s]+)\\?([BbQq])\\?([^?\\s]*)\\?=");
  private static final Pattern BETWEEN_ENCODED_WORDS = Pattern.compile("(\\?=)[ \\t\\r\\n]+(=\\?)");

  private final Map<String, String> headers;
  private String text;
  private String html;

  private RawMessage(Map<String, String> headers) {
    this.headers = headers;
  }

  static RawMessage parse(byte[] message) {
    Part top = Part.of(new String(message, StandardCharsets.ISO_8859_1));
    RawMessage parsed = new RawMessage(top.headers());
    parsed.collectBodies(top, 0);
    return parsed;
  }

  /** A header's decoded value (the first if repeated), or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }

  String text() {
    return text;
  }

  String html() {
    return html;
  }

  private void collectBodies(Part part, int depth) {
    String contentType = part.headers().getOrDefault("content-type", "text/plain");
    String mimeType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    String disposition = part.headers().getOrDefault("content-disposition", "").toLowerCase(Locale.ROOT);
    if (mimeType.startsWith("multipart/") && depth < 10) {
      String boundary = parameter(contentType, "boundary");
      if (boundary != null) {
        for (String child : splitMultipart(part.body(), boundary)) {
          collectBodies(Part.of(child), depth + 1);
        }
      }
      return;
    }
    if (disposition.startsWith("attachment")) {
      return;
    }
    if (mimeType.equals("text/plain") && text == null) {
      text = decodeBody(part, contentType);
    } else if (mimeType.equals("text/html") && html == null) {
      html = decodeBody(part, contentType);
    }
  }

  private static List<String> splitMultipart(String body, String boundary) {
    String delimiter = "--" + boundary;
    List<String> parts = new ArrayList<>();
    StringBuilder current = null;
    for (String line : body.split("\r?\n", -1)) {
      String trimmed = line.stripTrailing();
      if (trimmed.equals(delimiter + "--")) {
        break;
      }
      if (trimmed.equals(delimiter)) {
        if (current != null) {
          parts.add(current.toString());
        }
        current = new StringBuilder();
      } else if (current != null) {
        if (current.length() > 0) {
          current.append("\r\n");
        }
        current.append(line);
      }
    }
    if (current != null) {
      parts.add(current.toString());
    }
    return parts;
  }

  private static String decodeBody(Part part, String contentType) {
    String encoding = part.headers().getOrDefault("content-transfer-encoding", "7bit").trim().toLowerCase(Locale.ROOT);
    byte[] bytes = part.body().getBytes(StandardCharsets.ISO_8859_1);
    if (encoding.equals("base64")) {
      try {
        bytes = Base64.getMimeDecoder().decode(bytes);
      } catch (IllegalArgumentException e) {
        // Not valid base64: show it as it is.
      }
    } else if (encoding.equals("quoted-printable")) {
      bytes = decodeQuotedPrintable(part.body(), false);
    }
    return new String(bytes, charset(parameter(contentType, "charset")));
  }

  private static byte[] decodeQuotedPrintable(String text, boolean underscoreIsSpace) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=' && i + 1 < text.length() && (text.charAt(i + 1) == '\n' || text.startsWith("\r\n", i + 1))) {
        i += text.charAt(i + 1) == '\r' ? 2 : 1; // soft line break
      } else if (c == '=' && i + 2 < text.length() && isHex(text.charAt(i + 1)) && isHex(text.charAt(i + 2))) {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else if (c == '_' && underscoreIsSpace) {
        out.write(' ');
      } else {
        out.write(c & 0xff);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
  }

  private static String parameter(String headerValue, String name) {
    Matcher matcher = Pattern.compile(";\\s*" + name + "\\s*=\\s*(?:\"([^\"]*)\"|([^;\\s]+))", Pattern.CASE_INSENSITIVE)
        .matcher(headerValue);
    return matcher.find() ? (matcher.group(1) != null ? matcher.group(1) : matcher.group(2)) : null;
  }

  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return StandardCharsets.UTF_8;
    }
  }

  /** RFC 2047: {@code =?UTF-8?B?...?=} and {@code =?ISO-8859-1?Q?...?=}; other bytes read as UTF-8. */
  private static String decodeHeader(String isoValue) {
    String value = new String(isoValue.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    value = BETWEEN_ENCODED_WORDS.matcher(value).replaceAll("$1$2");
    Matcher matcher = ENCODED_WORD.matcher(value);
    StringBuilder decoded = new StringBuilder();
    while (matcher.find()) {
      byte[] bytes;
      if (matcher.group(2).equalsIgnoreCase("B")) {
        try {
          bytes = Base64.getDecoder().decode(matcher.group(3));
        } catch (IllegalArgumentException e) {
          bytes = matcher.group().getBytes(StandardCharsets.UTF_8);
        }
      } else {
        bytes = decodeQuotedPrintable(matcher.group(3), true);
      }
      matcher.appendReplacement(decoded, Matcher.quoteReplacement(new String(bytes, charset(matcher.group(1)))));
    }
    matcher.appendTail(decoded);
    return decoded.toString();
  }

  /** One MIME entity: headers (lower-case names, unfolded, decoded) and the body, bytes as ISO-8859-1 chars. */
  private record Part(Map<String, String> headers, String body) {

    static Part of(String entity) {
      int crlf = entity.indexOf("\r\n\r\n");
      int lf = entity.indexOf("\n\n");
      int end;
      int bodyStart;
      if (crlf >= 0 && (lf < 0 || crlf < lf)) {
        end = crlf;
        bodyStart = crlf + 4;
      } else if (lf >= 0) {
        end = lf;
        bodyStart = lf + 2;
      } else {
        end = entity.length();
        bodyStart = entity.length();
      }
      Map<String, String> headers = new LinkedHashMap<>();
      String unfolded = entity.substring(0, end).replaceAll("\r?\n[ \t]+", " ");
      for (String line : unfolded.split("\r?\n")) {
        int colon = line.indexOf(':');
        if (colon > 0) {
          headers.putIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
              decodeHeader(line.substring(colon + 1).trim()));
        }
      }
      return new Part(headers, entity.substring(bodyStart));
    }
  }
}
