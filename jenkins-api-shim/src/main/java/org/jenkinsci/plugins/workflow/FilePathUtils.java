// Source: notes §2.8b (workflow-api 1413, org.jenkinsci.plugins.workflow.FilePathUtils).
package org.jenkinsci.plugins.workflow;

import hudson.FilePath;

public class FilePathUtils {
    public static String getNodeName(FilePath f) throws IllegalStateException {
        throw new UnsupportedOperationException("shim");
    }

    public static FilePath find(String node, String path) {
        throw new UnsupportedOperationException("shim");
    }
}
