// Source: notes §2.2 (core 2.541.3, hudson.FilePath). Shim: only the members the plugin calls.
package hudson;

import hudson.remoting.VirtualChannel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;

public final class FilePath implements org.jenkinsci.remoting.SerializableOnlyOverRemoting {
    public FilePath(VirtualChannel channel, String remote) {
        throw new UnsupportedOperationException("shim");
    }

    public FilePath(File localPath) {
        throw new UnsupportedOperationException("shim");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("shim");
    }

    public <T> T act(final FileCallable<T> callable) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("shim");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public long length() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public void mkdirs() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public void write(final String content, final String encoding) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public String readToString() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public void copyFrom(InputStream in) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public void renameTo(final FilePath target) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public FilePath createTempFile(final String prefix, final String suffix) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public boolean delete() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("shim");
    }

    public interface FileCallable<T> extends Serializable, org.jenkinsci.remoting.RoleSensitive {
        T invoke(File f, VirtualChannel channel) throws IOException, InterruptedException;
    }
}
