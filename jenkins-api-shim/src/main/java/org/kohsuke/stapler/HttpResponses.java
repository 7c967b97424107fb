// Source: notes §2.4 (stapler 2050, org.kohsuke.stapler.HttpResponses). Shim: only the members the plugin calls.
package org.kohsuke.stapler;

public class HttpResponses {
    public static HttpResponse text(String text) {
        throw new UnsupportedOperationException("shim");
    }

    public static HttpResponse errorWithoutStack(int code, String message) {
        throw new UnsupportedOperationException("shim");
    }
}
