// Source: notes §2.3 (core 2.541.3, jenkins.model.RunAction2).
package jenkins.model;

import hudson.model.Run;

public interface RunAction2 extends hudson.model.Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
