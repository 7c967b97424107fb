// Source: notes §2.3 (core 2.541.3, hudson.model.TaskListener).
package hudson.model;

import java.io.PrintStream;

public interface TaskListener extends org.jenkinsci.remoting.SerializableOnlyOverRemoting {
    PrintStream getLogger();
}
