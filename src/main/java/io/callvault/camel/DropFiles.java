package io.callvault.camel;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import io.callvault.catalog.SubjectKeys;
import io.callvault.source.PbxFormat;
import org.apache.camel.Exchange;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.remote.RemoteFile;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/** Names and places in a PBX drop, shared by the filter, the sorter, the processor and the strategy. */
final class DropFiles {
  /** Directory, under the drop directory, that holds quarantined files and their reason files. */
  static final String QUARANTINE_DIR = ".quarantine";
  static final String REASON_SUFFIX = ".reason.txt";

  private DropFiles() {}

  /** Identifies one drop (host and directory), e.g. for its CDR cache. */
  static String dropKey(GenericFile<?> file) {
    String host = file instanceof RemoteFile<?> remote ? remote.getHostname() : "local";
    return host + ":" + file.getEndpointPath();
  }

  /** What a drop file is to its source's format. */
  static PbxFormat.DropKind kind(PbxFormat format, GenericFile<?> file) {
    return format.kind(file.getRelativeFilePath());
  }

  /** Key of a recording in its drop, shared by the recording and its sidecar. */
  static String pairKey(PbxFormat format, GenericFile<?> file) {
    return io.callvault.ingest.SidecarCache.key(dropKey(file), format.pairKey(file.getRelativeFilePath()));
  }

  /** The server path of another file of the same drop, given its path below the drop directory. */
  static String inDrop(GenericFile<?> file, String relativePath) {
    String abs = file.getAbsoluteFilePath();
    String rel = file.getRelativeFilePath();
    return abs.substring(0, abs.length() - rel.length()) + relativePath;
  }

  /** Where a file goes in quarantine: below the drop directory, keeping its relative path. */
  static String quarantinePath(GenericFile<?> file) {
    return quarantinePath(file, file.getRelativeFilePath());
  }

  /** Where the drop's file at {@code rel} goes in quarantine. */
  static String quarantinePath(GenericFile<?> file, String rel) {
    String base = file.getEndpointPath() == null ? "" : file.getEndpointPath();
    String joined = (base.isEmpty() || base.equals(".") ? "" : base + "/") + QUARANTINE_DIR + "/" + rel;
    return joined.replaceAll("/{2,}", "/");
  }

  /**
   * Why a drop entry is not a regular file that callvault may open, or null when it is one. Decided
   * from the attributes of the server's directory listing, which describe the entry itself: SFTP
   * servers (OpenSSH, Apache MINA SSHD) list a symbolic link as a link, without following it, so a
   * link to a file or to a directory, a FIFO, a socket or a device is recognised before anything opens it.
   */
  static String notRegular(GenericFile<?> file) {
    Object remote = file.getFile() instanceof SftpRemoteFile<?> sftp ? sftp.getRemoteFile() : null;
    if (!(remote instanceof ChannelSftp.LsEntry entry)) {
      return "the drop did not say what kind of file this is";
    }
    SftpATTRS attrs = entry.getAttrs();
    if ((attrs.getFlags() & SftpATTRS.SSH_FILEXFER_ATTR_PERMISSIONS) == 0) {
      return "the SFTP server did not report the file type";
    }
    if (attrs.isReg()) {
      return null;
    }
    String kind = attrs.isLink() ? "a symbolic link" : attrs.isDir() ? "a directory" : attrs.isFifo() ? "a FIFO"
        : attrs.isSock() ? "a socket" : attrs.isChr() || attrs.isBlk() ? "a device" : "of another type (FIFO, socket, device)";
    return "not a regular file but " + kind + "; callvault never opens links or special files in a drop."
        + (attrs.isLink() ? " Put the file itself in the drop, not a link to it" : " Put a regular file in the drop");
  }

  /** The opaque, keyed reference of a drop file, safe for logs, the catalog and reason files. */
  static String ref(SubjectKeys refKeys, String sourceId, GenericFile<?> file) {
    return ref(refKeys, sourceId, file.getRelativeFilePath());
  }

  /** The opaque ref of the drop file at {@code relativePath} (below the drop directory). */
  static String ref(SubjectKeys refKeys, String sourceId, String relativePath) {
    return "f_" + refKeys.keyOf(sourceId + ":" + relativePath).substring(0, 20);
  }

  /**
   * The PBX source of an exchange: the property the source template sets, or, before the route has
   * run (while the file is being claimed), the template's {@code sourceId} parameter.
   */
  static String sourceId(Exchange exchange) {
    String set = exchange.getProperty(ClaimedFiles.SOURCE_ID, String.class);
    if (set != null) {
      return set;
    }
    return sourceId(exchange.getContext(), exchange.getFromRouteId());
  }

  /** The {@code sourceId} parameter of the PBX source route {@code routeId}, or "unknown". */
  static String sourceId(org.apache.camel.CamelContext context, String routeId) {
    Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
    RouteDefinition route = model == null || routeId == null ? null : model.getRouteDefinition(routeId);
    Object param = route == null || route.getTemplateParameters() == null ? null
        : route.getTemplateParameters().get("sourceId");
    return param == null ? "unknown" : param.toString();
  }
}
