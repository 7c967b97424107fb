// Source: core 2.541.3, hudson.console.LineTransformationOutputStream. Shim: only the members the plugin uses.
package hudson.console;

import java.io.IOException;
import java.io.OutputStream;

public abstract class LineTransformationOutputStream extends OutputStream {
    protected abstract void eol(byte[] b, int len) throws IOException;

    @Override
    public void write(int b) throws IOException {
        throw new UnsupportedOperationException("shim");
    }

    public void forceEol() throws IOException {
        throw new UnsupportedOperationException("shim");
    }

    public abstract static class Delegating extends LineTransformationOutputStream {
        protected final OutputStream out;

        protected Delegating(OutputStream out) {
            this.out = out;
        }
    }
}
