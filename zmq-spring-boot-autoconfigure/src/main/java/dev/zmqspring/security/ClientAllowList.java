package dev.zmqspring.security;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The public keys (Z85 text) of the clients a CURVE server accepts: listed inline, and/or one key per file in a
 * directory. The directory is read again whenever it changes (a file added, removed or replaced), so keys can be
 * granted and revoked without a restart. Used on the authenticator's thread only.
 */
public final class ClientAllowList {

	private static final Log logger = LogFactory.getLog(ClientAllowList.class);

	private final Set<String> inline;

	private final Path directory;

	private final String directorySetting;

	private Set<String> fromDirectory = Set.of();

	private FileTime directoryStamp;

	/**
	 * @param inline public keys listed in configuration, already validated
	 * @param directory a directory of public key files, or {@code null}
	 * @param directorySetting the property naming the directory, for messages
	 */
	public ClientAllowList(List<String> inline, Path directory, String directorySetting) {
		this.inline = Set.copyOf(inline);
		this.directory = directory;
		this.directorySetting = directorySetting;
		if (directory != null) {
			if (!Files.isDirectory(directory)) {
				throw new ZmqSecurityException(directorySetting + " names " + directory
						+ ", which is not a readable directory; create it and put one client public key file in it"
						+ " per client");
			}
			reloadIfChanged();
		}
	}

	/** Whether no key can ever be accepted: nothing inline and no directory to add keys to. */
	public boolean isClosed() {
		return this.inline.isEmpty() && this.directory == null;
	}

	/** Whether a client's public key is allowed. */
	public boolean allows(String publicKeyZ85) {
		if (this.inline.contains(publicKeyZ85)) {
			return true;
		}
		if (this.directory != null) {
			reloadIfChanged();
			return this.fromDirectory.contains(publicKeyZ85);
		}
		return false;
	}

	private void reloadIfChanged() {
		FileTime stamp;
		try {
			stamp = Files.getLastModifiedTime(this.directory);
		}
		catch (IOException ex) {
			logger.warn(this.directorySetting + ": cannot read " + this.directory + " (" + ex.getClass().getSimpleName()
					+ "); keeping the " + this.fromDirectory.size() + " keys read before");
			return;
		}
		if (stamp.equals(this.directoryStamp)) {
			return;
		}
		Set<String> keys = new HashSet<>();
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			for (Path file : files) {
				if (Files.isRegularFile(file) && !file.getFileName().toString().startsWith(".")) {
					String source = this.directorySetting + " (file " + file + ")";
					try {
						String text = CurveKeys.fromFile(file, "public-key", source);
						CurveKeys.decode(text, source);
						keys.add(text);
					}
					catch (ZmqSecurityException ex) {
						logger.warn("Ignoring a client key file: " + ex.getMessage());
					}
				}
			}
		}
		catch (IOException ex) {
			logger.warn(this.directorySetting + ": cannot list " + this.directory + " ("
					+ ex.getClass().getSimpleName() + "); keeping the " + this.fromDirectory.size()
					+ " keys read before");
			return;
		}
		this.fromDirectory = Set.copyOf(keys);
		this.directoryStamp = stamp;
		logger.debug(this.directorySetting + ": " + keys.size() + " client keys in " + this.directory);
	}

}
