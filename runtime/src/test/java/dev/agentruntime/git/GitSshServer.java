package dev.agentruntime.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.config.keys.AuthorizedKeysAuthenticator;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * Git over SSH on 127.0.0.1 for tests: an Apache MINA SSH server that accepts one client key (public-key auth only)
 * and runs the real {@code git-upload-pack} / {@code git-receive-pack} for repositories under a root. Keys are made
 * with the system's {@code ssh-keygen}, so the client side is plain OpenSSH as in production.
 */
public final class GitSshServer implements AutoCloseable {
    private static final Pattern COMMAND = Pattern.compile("(git-upload-pack|git-receive-pack) '?/?([^']+)'?");
    private final SshServer sshd;
    private final Path knownHosts;

    /**
     * @param root         the repositories ({@code ssh://git@127.0.0.1:PORT/NAME} is {@code root/NAME})
     * @param clientPublic the accepted client's public key file ({@code key.pub})
     * @param work         where the server keeps its host key and the known_hosts file for clients
     */
    public GitSshServer(Path root, Path clientPublic, Path work) throws IOException {
        Files.createDirectories(work);
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(work.resolve("host-key"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        sshd.setKeyPairProvider(hostKeys);
        Path authorized = work.resolve("authorized_keys");
        Files.copy(clientPublic, authorized);
        sshd.setPublickeyAuthenticator(new AuthorizedKeysAuthenticator(authorized));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new GitCommand(root, command));
        sshd.start();
        KeyPair host = hostKeys.loadKeys(null).iterator().next();
        knownHosts = work.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");
    }

    /** An SSH key pair made by ssh-keygen: {@code dir/name} (private, OpenSSH format) and {@code dir/name.pub}. */
    public static Path keyPair(Path dir, String name, String passphrase) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path key = dir.resolve(name);
        Process p = new ProcessBuilder("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", passphrase, "-C", "test", "-f", key.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) throw new IOException("ssh-keygen failed: " + out);
        return key;
    }

    public String url(String repo) {
        return "ssh://git@127.0.0.1:" + sshd.getPort() + "/" + repo;
    }

    /** A known_hosts file holding this server's host key. */
    public Path knownHosts() {
        return knownHosts;
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    /** One exec request: the git pack program on the named repository, its streams joined to the channel's. */
    private static final class GitCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        GitCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override public void setInputStream(InputStream in) { this.in = in; }
        @Override public void setOutputStream(OutputStream out) { this.out = out; }
        @Override public void setErrorStream(OutputStream err) { this.err = err; }
        @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            Matcher m = COMMAND.matcher(command.strip());
            Path repo = m.matches() ? root.resolve(m.group(2)).normalize() : null;
            if (repo == null || !repo.startsWith(root) || !Files.isDirectory(repo)) {
                err.write(("not a git command or repository: " + command + "\n").getBytes());
                err.flush();
                exit.onExit(128, "bad command");
                return;
            }
            process = new ProcessBuilder(List.of(m.group(1), repo.toString())).start();
            Thread input = pump(in, process.getOutputStream(), true);
            Thread error = pump(process.getErrorStream(), err, false);
            Thread output = new Thread(() -> {
                try {
                    copy(process.getInputStream(), out); // flushed per read: the channel holds back what is not
                    error.join();
                    int code = process.waitFor();
                    input.interrupt();
                    exit.onExit(code);
                } catch (IOException | InterruptedException e) {
                    exit.onExit(1, e.toString());
                }
            }, "git-ssh-out");
            output.setDaemon(true);
            output.start();
        }

        private static void copy(InputStream from, OutputStream to) throws IOException {
            byte[] buf = new byte[8192];
            for (int n; (n = from.read(buf)) >= 0; ) {
                to.write(buf, 0, n);
                to.flush();
            }
        }

        private static Thread pump(InputStream from, OutputStream to, boolean closeWhenDone) {
            Thread t = new Thread(() -> {
                try {
                    copy(from, to);
                } catch (IOException ignored) {
                    // the other side closed: the process's exit code tells the story
                } finally {
                    if (closeWhenDone) {
                        try {
                            to.close();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                }
            }, "git-ssh-pump");
            t.setDaemon(true);
            t.start();
            return t;
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) process.destroyForcibly();
        }
    }
}
