// Source: core 2.541.3, hudson.model.Item (Item.BUILD, Item.CANCEL). Shim: only the members the plugin uses.
package hudson.model;

import hudson.security.Permission;

public interface Item extends hudson.security.AccessControlled {
    Permission BUILD = null;
    Permission CANCEL = null;
}
