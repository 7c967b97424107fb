// Source: notes §2.3 (core 2.541.3, hudson.model.ModelObject).
package hudson.model;

public interface ModelObject {
    String getDisplayName();
}
