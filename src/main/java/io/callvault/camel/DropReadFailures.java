package io.callvault.camel;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import io.callvault.catalog.SubjectKeys;
import io.callvault.ingest.BadInputs;
import io.callvault.ingest.DropFile;
import io.callvault.ingest.DropOutcomes;
import io.callvault.ingest.Redaction;
import io.callvault.ingest.SidecarCache;
import io.callvault.source.PbxFormat;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.spi.ExceptionHandler;
import org.apache.camel.util.ObjectHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PBX sources' consumer exception handler: what fails in Camel's SFTP consumer before the ingest route runs. The
 * one case that matters is a claimed file the server refuses to open (mode 000, owned by another user: "permission
 * denied"), which Camel's default handler logged with a stack trace at every poll, forever, uncounted. Here it is
 * reported once with its opaque ref (never its name), each refusal counts as a failed attempt of that file (the
 * catalog's {@code drop_failures}; {@link BadInputs#UNREADABLE_ATTEMPT}), and after {@code callvault.drop.max-attempts}
 * it is quarantined with its reason like any file that keeps failing. A file gone meanwhile is no failure; a lost
 * connection is the server's, not the file's, and counts nothing. Anything else is logged as Camel would.
 */
final class DropReadFailures implements ExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DropReadFailures.class);

  private final DropOutcomes outcomes;
  private final SidecarCache sidecars;
  private final SubjectKeys refKeys;
  private final QuarantineMoves moves;
  private final BadInputs counts;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private final DropSources sources;
  private final DropPollStrategy polls;

  DropReadFailures(DropOutcomes outcomes, SidecarCache sidecars, SubjectKeys refKeys, QuarantineMoves moves,
      BadInputs counts, DropSources sources, DropPollStrategy polls) {
    this.outcomes = outcomes;
    this.sidecars = sidecars;
    this.refKeys = refKeys;
    this.moves = moves;
    this.counts = counts;
    this.sources = sources;
    this.polls = polls;
  }

  @Override
  public void handleException(Throwable exception) {
    handleException(null, null, exception);
  }

  @Override
  public void handleException(String message, Throwable exception) {
    handleException(message, null, exception);
  }

  @Override
  public void handleException(String message, Exchange exchange, Throwable exception) {
    @SuppressWarnings("unchecked")
    GenericFile<Object> file = exchange == null ? null
        : exchange.getProperty(ExchangePropertyKey.FILE_EXCHANGE_FILE, GenericFile.class);
    if (exchange != null) {
      DropClaims.releaseIfHeld(exchange); // Camel neither commits nor rolls back a file it could not read
    }
    SftpException refused = ObjectHelper.getException(SftpException.class, exception);
    if (file == null && (polls != null && polls.explained(exception)
        || message != null && message.startsWith("Failed polling endpoint"))) {
      // the poll failed (connection, login, listing): DropPollStrategy.rollback marked the drop down, logged once
      LOG.debug("{}: {}", Redaction.of(message), Redaction.reason(exception));
      return;
    }
    if (file == null || refused == null) {
      LOG.warn("{}", message == null ? "PBX source failure" : Redaction.of(message), exception);
      return;
    }
    String sourceId = DropFiles.sourceId(exchange);
    String ref = DropFiles.ref(refKeys, sourceId, file);
    if (refused.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
      LOG.debug("file {} left the drop before it could be read", ref);
    } else if (refused.id == ChannelSftp.SSH_FX_NO_CONNECTION || refused.id == ChannelSftp.SSH_FX_CONNECTION_LOST) {
      LOG.warn("file {} could not be read: the connection to the drop's server broke ({}); retried at the next poll,"
          + " not counted against the file", ref, Redaction.reason(refused));
    } else if (kind(exchange, file) == PbxFormat.DropKind.CDR) {
      if (reported.add(ref)) {
        LOG.warn("the CDR file {} cannot be read ({}): recordings are identified without it until it can; make it"
            + " readable by the SFTP user", ref, why(refused));
      }
    } else {
      refusedFile(exchange, file, new DropFile(sourceId, file.getRelativeFilePath(), ZoneOffset.UTC, ref), why(refused));
    }
  }

  private PbxFormat.DropKind kind(Exchange exchange, GenericFile<Object> file) {
    return DropFiles.kind(sources.formatOf(exchange), file);
  }

  private static String why(SftpException e) {
    return e.id == ChannelSftp.SSH_FX_PERMISSION_DENIED
        ? "the SFTP server refused to open it: permission denied; make it readable by the SFTP user callvault logs in as"
        : "the SFTP server refused to open it (" + Redaction.reason(e) + ")";
  }

  /** One more failed attempt of the file; quarantined once it has failed too often. */
  private void refusedFile(Exchange exchange, GenericFile<Object> file, DropFile drop, String reason) {
    counts.add(BadInputs.UNREADABLE_ATTEMPT, 1);
    if (kind(exchange, file) == PbxFormat.DropKind.SIDECAR) {
      sidecars.refuse(DropFiles.pairKey(sources.formatOf(exchange), file), file.getRelativeFilePath(),
          "sidecar cannot be read: " + reason);
    }
    int attempts;
    try {
      attempts = outcomes.attempt(drop, reason);
    } catch (RuntimeException e) {
      LOG.warn("file {} cannot be read ({}) and the attempt could not be cataloged ({}); retried at the next poll",
          drop.ref(), reason, Redaction.reason(e));
      return;
    }
    if (attempts < outcomes.maxAttempts()) {
      if (attempts == 1) {
        LOG.warn("file {} cannot be read: {}. It stays in the drop, is tried again at each poll and quarantined after"
            + " {} attempts (callvault.drop.max-attempts)", drop.ref(), reason, outcomes.maxAttempts());
      }
      return;
    }
    String quarantined = "gave up after " + attempts + " attempts: " + reason;
    try {
      outcomes.quarantine(drop, null, quarantined);
    } catch (RuntimeException e) {
      LOG.warn("file {} cannot be read and its quarantine could not be cataloged ({}); retried at the next poll",
          drop.ref(), Redaction.reason(e));
      return;
    }
    @SuppressWarnings("unchecked")
    GenericFileOperations<Object> ops = exchange.getProperty(DropProcessStrategy.OPERATIONS, GenericFileOperations.class);
    if (ops != null) {
      moves.move(ops, file, drop.ref(), quarantined, java.util.Set.of());
    }
  }
}
