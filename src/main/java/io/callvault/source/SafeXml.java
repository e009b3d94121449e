package io.callvault.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * The one way callvault parses XML a PBX wrote: a document type declaration is refused outright, so no external
 * entity (XXE: local files, URLs) is ever resolved and no entity is ever expanded (billion laughs); external
 * DTDs and schemas are not fetched, XInclude is off, secure processing limits apply. Parse errors never quote
 * the document (it holds phone numbers).
 */
public final class SafeXml {
  private static final DocumentBuilderFactory FACTORY = factory();

  private SafeXml() {}

  private static DocumentBuilderFactory factory() {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    try {
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("the XML parser cannot be made safe: " + e.getMessage(), e);
    }
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    f.setNamespaceAware(true);
    return f;
  }

  /**
   * Parses a document (namespace aware).
   *
   * @throws UnidentifiableRecordingException for a DTD or entity (refused) or XML that is not well formed
   */
  public static Document parse(byte[] xml) throws UnidentifiableRecordingException {
    try {
      DocumentBuilder builder;
      synchronized (FACTORY) {
        builder = FACTORY.newDocumentBuilder();
      }
      builder.setErrorHandler(null);
      builder.setEntityResolver((publicId, systemId) -> {
        throw new SAXException("external entities are refused");
      });
      return builder.parse(new ByteArrayInputStream(xml));
    } catch (SAXParseException e) {
      String what = e.getMessage() != null && e.getMessage().contains("DOCTYPE")
          ? "has a document type declaration (DTD); DTDs and entities are refused" : "is not well-formed XML";
      throw new UnidentifiableRecordingException("sidecar " + what + " (line " + e.getLineNumber() + ")");
    } catch (SAXException | IOException e) {
      throw new UnidentifiableRecordingException("sidecar cannot be read as XML");
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compiles an XPath 1.0 expression (prefixes {@code rec:} for urn:ietf:params:xml:ns:recording:1 and those given). */
  public static XPathExpression xpath(String expression, java.util.Map<String, String> namespaces) {
    XPath xp = XPathFactory.newInstance().newXPath();
    java.util.Map<String, String> ns = new java.util.HashMap<>(namespaces);
    xp.setNamespaceContext(new javax.xml.namespace.NamespaceContext() {
      @Override
      public String getNamespaceURI(String prefix) {
        return ns.getOrDefault(prefix, XMLConstants.NULL_NS_URI);
      }

      @Override
      public String getPrefix(String uri) {
        return null;
      }

      @Override
      public java.util.Iterator<String> getPrefixes(String uri) {
        return java.util.Collections.emptyIterator();
      }
    });
    try {
      return xp.compile(expression);
    } catch (XPathExpressionException e) {
      throw new FormatOptions.FormatConfigException("'" + expression + "' is not an XPath 1.0 expression");
    }
  }
}
