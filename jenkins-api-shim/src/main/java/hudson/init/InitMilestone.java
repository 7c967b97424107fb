// Source: core 2.541.3, hudson.init.InitMilestone. Shim: only the members the plugin calls.
package hudson.init;

public enum InitMilestone {
    STARTED, PLUGINS_LISTED, PLUGINS_PREPARED, PLUGINS_STARTED, EXTENSIONS_AUGMENTED, SYSTEM_CONFIG_LOADED,
    SYSTEM_CONFIG_ADAPTED, JOB_LOADED, JOB_CONFIG_ADAPTED, COMPLETED
}
