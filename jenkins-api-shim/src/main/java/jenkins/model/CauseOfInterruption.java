// Source: core 2.541.3, jenkins.model.CauseOfInterruption. Shim: only the members the plugin calls.
package jenkins.model;

import java.io.Serializable;

public abstract class CauseOfInterruption implements Serializable {
    public abstract String getShortDescription();
}
