package io.callvault.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Document;

/**
 * Where each of callvault's call fields is in a recorder's metadata, from a format's {@code fields.<field>}
 * settings: XPath 1.0 expressions for XML, JSON Pointers for JSON, column names for CSV. A field the metadata
 * does not have is simply absent.
 */
final class FieldMap {
  enum Kind { XML, JSON, CSV }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final Kind kind;
  private final Map<String, String> paths;
  private final Map<String, XPathExpression> xpaths = new LinkedHashMap<>();

  /**
   * @param allowed the field names this format reads ({@link CallFields#NAMES} and its own)
   * @throws FormatOptions.FormatConfigException for an unknown field or a path that does not compile
   */
  FieldMap(Kind kind, FormatOptions options, List<String> allowed) {
    this.kind = kind;
    this.paths = options.section("fields");
    Map<String, String> namespaces = options.section("namespaces");
    paths.forEach((field, path) -> {
      if (!allowed.contains(field)) {
        throw new FormatOptions.FormatConfigException(options.origin() + ": fields." + field
            + " is not a field callvault reads; use " + String.join(", ", allowed));
      }
      if (kind == Kind.XML) {
        xpaths.put(field, SafeXml.xpath(path, namespaces));
      } else if (kind == Kind.JSON && !path.isEmpty() && !path.startsWith("/")) {
        throw new FormatOptions.FormatConfigException(options.origin() + ": fields." + field + " '" + path
            + "' is not a JSON Pointer (write /a/b)");
      }
    });
  }

  /** The fields of an XML document. */
  synchronized CallFields read(Document doc) {
    Map<String, String> out = new LinkedHashMap<>();
    xpaths.forEach((field, x) -> {
      try {
        out.put(field, x.evaluate(doc));
      } catch (XPathExpressionException e) {
        out.put(field, null);
      }
    });
    return new CallFields(out);
  }

  /** The fields of a metadata file of this map's kind (one call). */
  CallFields read(byte[] content) throws UnidentifiableRecordingException {
    return switch (kind) {
      case XML -> read(SafeXml.parse(content));
      case JSON -> json(content);
      case CSV -> {
        List<Map<String, String>> rows = Csv.rows(new String(content, StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
          throw new UnidentifiableRecordingException("sidecar CSV has a header but no row");
        }
        yield row(rows.get(0));
      }
    };
  }

  /** The fields of one CSV row (by column name). */
  CallFields row(Map<String, String> row) {
    Map<String, String> out = new LinkedHashMap<>();
    paths.forEach((field, column) -> out.put(field, row.get(column)));
    return new CallFields(out);
  }

  private CallFields json(byte[] content) throws UnidentifiableRecordingException {
    JsonNode doc;
    try {
      doc = JSON.readTree(content);
    } catch (JsonProcessingException e) {
      throw new UnidentifiableRecordingException("sidecar is not valid JSON (line " + e.getLocation().getLineNr() + ")");
    } catch (java.io.IOException e) {
      throw new UnidentifiableRecordingException("sidecar cannot be read as JSON");
    }
    Map<String, String> out = new LinkedHashMap<>();
    paths.forEach((field, pointer) -> {
      JsonNode n = doc.at(pointer);
      out.put(field, n.isValueNode() ? n.asText() : null);
    });
    return new CallFields(out);
  }

  /** The column or path of a field, or null. */
  String pathOf(String field) {
    return paths.get(field);
  }
}
