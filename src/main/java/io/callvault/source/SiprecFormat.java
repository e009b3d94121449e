package io.callvault.source;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * SIPREC recording metadata (RFC 7865, namespace {@code urn:ietf:params:xml:ns:recording:1}) beside the audio, as
 * session recording servers fed by SBCs write it: the session's id is the call reference; the start is the
 * session's association with the recording ({@code sessionrecordingassoc/associate-time}, else the session's or
 * group's); the parties are the participants ({@code nameID aor}) that send a stream according to the
 * participant-stream associations (all participants when there are none). RFC 7865 does not say who called:
 * the first such participant is taken as the caller, as SBCs list them; the subject is the external participant
 * either way. A participant's number is the user part of a {@code sip:}/{@code tel:} AOR; an AOR whose user part
 * is no number is kept whole. Vendor extension data (a direction, an agent, a case id) can be mapped with
 * {@code fields.<field>} XPath settings and {@code namespaces.<prefix>}.
 */
public final class SiprecFormat extends SidecarFormat {
  public static final String NAME = "siprec";
  static final String DESCRIPTION = "SIPREC recording servers: audio + RFC 7865 metadata XML (session, participants"
      + " nameID aor, streams, participant-stream associations); vendor extension fields by XPath";
  static final String NS = "urn:ietf:params:xml:ns:recording:1";

  private final FieldMap extensions;

  public SiprecFormat(PbxFormats.Setup setup) {
    super(setup, setup.options(), "xml");
    this.extensions = new FieldMap(FieldMap.Kind.XML, setup.options(), CallFields.NAMES);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public CallFields readSidecar(String relativePath, byte[] content) throws UnidentifiableRecordingException {
    Document doc = SafeXml.parse(content);
    Element root = doc.getDocumentElement();
    if (!"recording".equals(root.getLocalName()) || !NS.equals(root.getNamespaceURI())) {
      throw new UnidentifiableRecordingException("sidecar is not RFC 7865 recording metadata (root element"
          + " recording in namespace " + NS + ")");
    }
    Map<String, String> f = new LinkedHashMap<>();
    Element session = first(root, "session");
    if (session == null) {
      throw new UnidentifiableRecordingException("RFC 7865 metadata without a session element");
    }
    f.put(CallFields.CALL_REFERENCE, session.getAttribute("session_id"));
    f.put(CallFields.START, start(root, session));
    List<String[]> parties = senders(root);
    if (!parties.isEmpty()) {
      f.put(CallFields.CALLER_NUMBER, parties.get(0)[0]);
      f.put(CallFields.CALLER_NAME, parties.get(0)[1]);
    }
    if (parties.size() > 1) {
      f.put(CallFields.CALLEE_NUMBER, parties.get(1)[0]);
      f.put(CallFields.CALLEE_NAME, parties.get(1)[1]);
    }
    return extensions.read(doc).orElse(new CallFields(f));
  }

  @Override
  public Recording identify(Identification f) throws UnidentifiableRecordingException {
    CallFields fields = f.sidecar();
    if (!fields.isEmpty() && fields.get(CallFields.DIRECTION) == null) {
      fields = new CallFields(Map.of(CallFields.DIRECTION, byOrder(fields))).orElse(fields);
    }
    return super.identify(new Identification(f.sourceId(), f.relativePath(), f.pbxZone(), f.cdrs(), fields,
        f.keyedDigest()));
  }

  /** The caller listed first: outbound when it is an extension (the agent dialled out), else inbound. */
  private String byOrder(CallFields f) {
    String caller = f.get(CallFields.CALLER_NUMBER);
    return caller != null && caller.matches("\\d{1,6}") ? "outbound" : "inbound";
  }

  private static String start(Element root, Element session) {
    for (String[] where : new String[][] {{"sessionrecordingassoc", "associate-time"}, {"session", "start-time"},
        {"group", "associate-time"}, {"participantsessionassoc", "associate-time"}}) {
      Element holder = where[0].equals("session") ? session : first(root, where[0]);
      Element time = holder == null ? null : first(holder, where[1]);
      if (time != null && !time.getTextContent().isBlank()) {
        return time.getTextContent().strip();
      }
    }
    return null;
  }

  /** {number, name} of each participant that sends a stream, in document order. */
  private static List<String[]> senders(Element root) {
    Set<String> sending = new HashSet<>();
    for (Element assoc : children(root, "participantstreamassoc")) {
      if (first(assoc, "send") != null) {
        sending.add(assoc.getAttribute("participant_id"));
      }
    }
    List<String[]> parties = new ArrayList<>();
    for (Element p : children(root, "participant")) {
      Element nameId = first(p, "nameID");
      if (nameId != null && (sending.isEmpty() || sending.contains(p.getAttribute("participant_id")))) {
        Element name = first(nameId, "name");
        parties.add(new String[] {party(nameId.getAttribute("aor")), name == null ? null : name.getTextContent()});
      }
    }
    return parties;
  }

  /** The user part of a sip:/sips:/tel: AOR when it is a number, else the AOR without parameters. */
  static String party(String aor) {
    String a = aor.strip();
    String noParams = a.split(";", 2)[0];
    String user = noParams.replaceFirst("^(?i)(sips?|tel):", "");
    user = user.contains("@") ? user.substring(0, user.indexOf('@')) : user;
    return user.matches("\\+?[\\d().-]+") ? user : noParams;
  }

  private static Element first(Element parent, String localName) {
    List<Element> found = children(parent, localName);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      if (nodes.item(i) instanceof Element e && NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }
}
