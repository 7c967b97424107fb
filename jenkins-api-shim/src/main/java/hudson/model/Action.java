// Source: notes §2.3 (core 2.541.3, hudson.model.Action).
package hudson.model;

public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
