package io.callvault.camel;

import java.net.URI;
import java.util.Map;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.remote.SftpComponent;
import org.apache.camel.component.file.remote.SftpConfiguration;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.component.file.remote.SftpRemoteFile;

/**
 * Camel's sftp component as PBX drops need it, bound as {@code sftp} so that the routes keep Camel's own URIs.
 *
 * <ul>
 *   <li><b>Absolute drop directories.</b> Camel's component documents that "absolute path is not supported" and
 *       trims every leading slash of the directory, so {@code /var/spool/asterisk/monitor} became
 *       {@code var/spool/asterisk/monitor} below the login's home, which does not exist. Here the URI form with
 *       two slashes after the port, {@code sftp:host:22//var/spool/asterisk/monitor} (what the PBX template makes
 *       of a {@code directory} that starts with {@code /}), keeps the directory absolute; one slash
 *       ({@code sftp:host:22/drop}) stays relative to the login's home, as before.</li>
 *   <li><b>Optional settings left empty stay unset.</b> A template parameter cannot be left out, so an empty
 *       {@code password}, {@code privateKeyFile}, {@code privateKeyPassphrase}, {@code serverHostKeys},
 *       {@code publicKeyAcceptedAlgorithms} or {@code keyExchangeProtocols} means "not set" (an empty
 *       {@code serverHostKeys} would otherwise leave the client no host key type to accept).</li>
 * </ul>
 */
final class PbxSftpComponent extends SftpComponent {

  /** Camel finds an endpoint's option setters by the component's class; these are sftp's own. */
  @Override
  public org.apache.camel.spi.PropertyConfigurer getEndpointPropertyConfigurer() {
    return new org.apache.camel.component.file.remote.SftpEndpointConfigurer();
  }

  @Override
  public org.apache.camel.spi.PropertyConfigurer getComponentPropertyConfigurer() {
    return new org.apache.camel.component.file.remote.SftpComponentConfigurer();
  }

  @Override
  protected GenericFileEndpoint<SftpRemoteFile> buildFileEndpoint(String uri, String remaining,
      Map<String, Object> parameters) throws Exception {
    String baseUri = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
    SftpConfiguration config = new SftpConfiguration(new URI(baseUri));
    String directory = config.getDirectory();
    if (directory == null || !directory.startsWith("/")) {
      return super.buildFileEndpoint(uri, remaining, parameters);
    }
    config.setDirectoryName(directory); // absolute, as written: //dir after the port
    return new SftpEndpoint(uri, this, config);
  }

  @Override
  protected void afterPropertiesSet(GenericFileEndpoint<SftpRemoteFile> endpoint) throws Exception {
    super.afterPropertiesSet(endpoint);
    SftpConfiguration c = ((SftpEndpoint) endpoint).getConfiguration();
    c.setPassword(orNull(c.getPassword()));
    c.setPrivateKeyFile(orNull(c.getPrivateKeyFile()));
    c.setPrivateKeyPassphrase(orNull(c.getPrivateKeyPassphrase()));
    c.setServerHostKeys(orNull(c.getServerHostKeys()));
    c.setPublicKeyAcceptedAlgorithms(orNull(c.getPublicKeyAcceptedAlgorithms()));
    c.setKeyExchangeProtocols(orNull(c.getKeyExchangeProtocols()));
  }

  private static String orNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
