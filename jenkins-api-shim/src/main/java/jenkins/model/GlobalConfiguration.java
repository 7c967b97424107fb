// Source: jenkinsci/jenkins core/src/main/java/jenkins/model/GlobalConfiguration.java (abstract class, protected
// no-arg constructor, extends Descriptor<GlobalConfiguration>, implements ExtensionPoint, Describable<GlobalConfiguration>).
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;

public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration> implements ExtensionPoint, Describable<GlobalConfiguration> {
    protected GlobalConfiguration() {
        throw new UnsupportedOperationException("shim");
    }

    public final Descriptor<GlobalConfiguration> getDescriptor() {
        throw new UnsupportedOperationException("shim");
    }
}
