// Source: notes §2.2 (core 2.541.3, hudson.Launcher and Launcher.ProcStarter). Shim: only the members the plugin calls.
package hudson;

import hudson.model.TaskListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;

public abstract class Launcher {
    public final ProcStarter launch() {
        throw new UnsupportedOperationException("shim");
    }

    public boolean isUnix() {
        throw new UnsupportedOperationException("shim");
    }

    public abstract void kill(Map<String, String> modelEnvVars) throws IOException, InterruptedException;

    public final class ProcStarter {
        public ProcStarter cmds(List<String> args) {
            throw new UnsupportedOperationException("shim");
        }

        public ProcStarter envs(Map<String, String> overrides) {
            throw new UnsupportedOperationException("shim");
        }

        public ProcStarter pwd(FilePath workDir) {
            throw new UnsupportedOperationException("shim");
        }

        public ProcStarter quiet(boolean quiet) {
            throw new UnsupportedOperationException("shim");
        }

        public ProcStarter stdout(OutputStream out) {
            throw new UnsupportedOperationException("shim");
        }

        public ProcStarter stdout(TaskListener out) {
            throw new UnsupportedOperationException("shim");
        }

        public ProcStarter stdin(InputStream in) {
            throw new UnsupportedOperationException("shim");
        }

        public int join() throws IOException, InterruptedException {
            throw new UnsupportedOperationException("shim");
        }
    }
}
