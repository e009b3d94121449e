package io.callvault.notice;

/** Escaping for what notices and records write: HTML/XML text and attributes, CSV fields, Markdown table cells. */
public final class Markup {
  private Markup() {}

  /** Text safe in HTML and XML content and in quoted attributes. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** One RFC 4180 field: quoted, with quotes doubled, when it holds a comma, a quote or a line break. */
  public static String csv(String field) {
    if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
      return "\"" + field.replace("\"", "\"\"") + "\"";
    }
    return field;
  }

  /** One Markdown table cell: {@code & < >} escaped as in HTML, pipes escaped, line breaks as {@code <br>}. */
  public static String cell(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>");
  }
}
